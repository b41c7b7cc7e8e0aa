"""One customer's churn risk on a given day, for the computed export fields.

Exports ask for ``account_risk`` once per customer and ``churn_risk`` once per
metrics row; loading the customer's history for each row would cost a dozen
queries a row. The history is loaded once per customer and kept while the
database does not change (SQLite's data version and this connection's change
count; PostgreSQL's WAL position).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from kamtui.config import load_settings
from kamtui.db.models import database
from kamtui.db.watch import data_token
from kamtui.domain.health import churn_risk
from kamtui.domain.snapshot import Snapshot, load_snapshot

_CACHE: OrderedDict[tuple[Any, ...], Snapshot] = OrderedDict()
_CACHE_SIZE = 64


def churn_risk_on(customer_id: int, day: date, today: date) -> int | None:
    """The customer's churn risk as known on ``day`` (``day`` <= ``today``)."""
    key = (customer_id, today, data_token(database.obj))
    snap = _CACHE.get(key)
    if snap is None:
        settings = load_settings()
        snap = load_snapshot(today, settings, customer_id, full_history=True, health_only=True)
        snap.settings = settings  # type: ignore[attr-defined]
        _CACHE[key] = snap
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return churn_risk(snap, customer_id, min(day, today), snap.settings).score  # type: ignore[attr-defined]
