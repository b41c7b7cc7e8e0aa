"""Mark a record done: an activity Done, a project Done, an invoice Paid.

Each goes through :func:`kamtui.ops.records.save_record`, so the usual rules and
derived values apply (an activity's ``done_at``).
"""

from __future__ import annotations

from typing import Any

from kamtui.db import choices as c
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, BaseModel, Invoice, Project
from kamtui.domain.derived import amount_due
from kamtui.ops.records import save_record

DONE_MODELS = (Activity, Project, Invoice)


def can_mark_done(record: BaseModel) -> bool:
    return isinstance(record, DONE_MODELS)


def mark_done(record: BaseModel, ctx: ParseContext) -> BaseModel:
    """Set ``record``'s done state; an invoice is paid in full, today unless dated."""
    values: dict[str, Any]
    if isinstance(record, Activity):
        values = {"status": c.ActivityStatus.DONE.value}
    elif isinstance(record, Project):
        values = {"status": c.ProjectStatus.DONE.value}
    elif isinstance(record, Invoice):
        values = {
            "payment_status": c.PaymentStatus.PAID.value,
            "paid_date": record.paid_date or ctx.today,
        }
        if record.invoice_amount is not None:
            values["amount_collected"] = max(amount_due(record), record.amount_collected or 0)
    else:
        raise ValueError(f"{type(record).__name__} records have no done state")
    return save_record(type(record), values, ctx, record)
