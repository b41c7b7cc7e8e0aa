"""Values a person reads but never types: effective statuses, DSO, activation…

All computed by :mod:`kamtui.domain.derived` and :data:`kamtui.ops.serialize.DERIVED`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kamtui.db.entities import collection_for
from kamtui.db.models import Activity, BaseModel, Contract, Invoice
from kamtui.domain import derived
from kamtui.ops.serialize import DERIVED
from kamtui.tui.entities import contract_status_sql, money_text, plain_text, status_text

LABELS = {
    "dso": "DSO (days)",
    "activation": "Activation %",
    "adoption_spread": "Adoption spread %",
    "average_mood": "Average mood",
}


def derived_values(record: BaseModel, today: date) -> list[tuple[str, str]]:
    """(label, text) pairs of what is derived for ``record`` as of ``today``."""
    if record.id is None:
        return []
    out: list[tuple[str, str]] = []
    if isinstance(record, Activity):
        status = derived.activity_status(record.status, record.due_date, today)
        out.append(("Effective status", status_text(status)))
    elif isinstance(record, Invoice):
        out.append(("Effective status", status_text(derived.invoice_status(record, today))))
        out.append(("Amount due", money_text(derived.amount_due(record))))
        out.append(("Outstanding", money_text(derived.outstanding(record))))
    elif isinstance(record, Contract):
        status = (
            Contract.select(contract_status_sql(today)).where(Contract.id == record.id).scalar()
        )
        out.append(("Effective status", status_text(status)))
    for name, fn in DERIVED.get(collection_for(type(record)), {}).items():
        value: Any = fn(record, today)
        label = LABELS.get(name, name.replace("_", " ").capitalize())
        out.append((label, plain_text(value) if value is not None else "—"))
    return out
