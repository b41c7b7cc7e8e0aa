"""The triage of a portfolio: every rule over one snapshot, filtered and ordered.

:func:`triage` loads a snapshot (a fixed number of queries) and runs the rules;
:func:`compute_triage` is the pure part, for tests and callers that already hold
a snapshot. Items come back ordered by severity, tier (A first), due date, id.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kamtui.config import Settings
from kamtui.domain.health import ChurnParams, churn_score
from kamtui.domain.snapshot import Snapshot, load_snapshot
from kamtui.domain.triage_item import KINDS, TriageItem, apply_states, sort_items
from kamtui.domain.triage_rules import RULES, health_items

if TYPE_CHECKING:
    from kamtui.domain.portfolio import PortfolioFigures

_HEALTH_KINDS = {"churn_risk", "low_activation"}


def compute_triage(
    snap: Snapshot,
    today: date,
    settings: Settings,
    *,
    kinds: Iterable[str] | None = None,
    include_hidden: bool = False,
) -> list[TriageItem]:
    """The items of ``snap`` for ``today``; snoozed/acknowledged ones only if asked."""
    wanted = set(kinds) if kinds else set(KINDS)
    items: list[TriageItem] = []
    for rule in RULES:
        items.extend(rule(snap, today, settings))
    if wanted & _HEALTH_KINDS:
        healths = _churn_scores(snap, today, settings) if "churn_risk" in wanted else {}
        items.extend(health_items(snap, today, settings, healths))
    items = [i for i in items if i.kind in wanted]
    return sort_items(apply_states(items, snap.states, today, include_hidden=include_hidden))


def _churn_scores(
    snap: Snapshot, today: date, settings: Settings
) -> dict[int, tuple[int | None, int | None]]:
    """Each customer's churn score now, and ``churn.rise_days`` ago where a rise could matter.

    A score at or above the alert fires anyway, and one below the rise threshold
    cannot have risen by it: neither needs the past score (half the work). Only
    scores are computed; the items that fire get their words from ``churn_risk``.
    """
    alert, rise, days = (
        settings["churn.alert_score"],
        settings["churn.alert_rise"],
        settings["churn.rise_days"],
    )
    before = today - timedelta(days=days)
    params = ChurnParams.of(settings)
    out: dict[int, tuple[int | None, int | None]] = {}
    for cid in snap.active:
        score = churn_score(snap, cid, today, params)
        earlier = None
        if score is not None and rise <= score < alert:
            earlier = churn_score(snap, cid, before, params)
        out[cid] = score, earlier
    return out


def triage(
    today: date,
    settings: Settings,
    *,
    customer_id: int | None = None,
    kinds: Iterable[str] | None = None,
    include_hidden: bool = False,
) -> list[TriageItem]:
    """The triage of the open database (or of one customer) for ``today``."""
    with _gc_paused():
        # The triage needs the churn risk now and churn.rise_days ago, and no DSO.
        snap = load_snapshot(
            today, settings, customer_id, trend_days=(settings["churn.rise_days"],), with_dso=False
        )
        return compute_triage(snap, today, settings, kinds=kinds, include_hidden=include_hidden)


def triage_with_figures(
    today: date, settings: Settings
) -> tuple[list[TriageItem], PortfolioFigures]:
    """Today's triage and the portfolio figures (home shows both) from one snapshot."""
    from kamtui.domain.health import portfolio_health
    from kamtui.domain.portfolio import portfolio_figures

    with _gc_paused():
        snap = load_snapshot(today, settings, trend_days=(settings["churn.rise_days"],))
        items = compute_triage(snap, today, settings)
        healths = portfolio_health(snap, today, settings, trend_days=())
        return items, portfolio_figures(snap, healths, today, settings)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Hundreds of thousands of short-lived rows: the cyclic garbage collector would
    # scan them again and again (15 % of the time on a large portfolio) for no
    # cycle to find, so it pauses while the snapshot is loaded and judged.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def find_item(item_id: str, today: date, settings: Settings) -> TriageItem | None:
    """The item with ``item_id`` in today's triage, snoozed or not."""
    for item in triage(today, settings, include_hidden=True):
        if item.id == item_id.strip():
            return item
    return None
