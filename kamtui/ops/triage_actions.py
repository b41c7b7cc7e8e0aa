"""Acting on triage items: done, snooze, acknowledge, create a follow-up.

The CLI (``kamtui done/snooze/ack``) and the TUI home (``d``, ``z``, ``f``) call
these, so what "done" means for each kind is decided here and nowhere else. Every
write goes through :func:`~kamtui.ops.records.save_record` or
:func:`~kamtui.db.connection.write_transaction`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kamtui.config import Settings
from kamtui.dates import add_business_days
from kamtui.db import choices as c
from kamtui.db.connection import write_transaction
from kamtui.db.fields import ParseContext
from kamtui.db.models import (
    Activity,
    BaseModel,
    Contract,
    Customer,
    Invoice,
    Meeting,
    Project,
    Stakeholder,
    TriageState,
)
from kamtui.domain.next_steps import step_lines
from kamtui.domain.triage import find_item
from kamtui.domain.triage_item import TriageItem
from kamtui.ops.done import mark_done
from kamtui.ops.meetings import next_step_follow_ups
from kamtui.ops.records import NotFound, save_record

ENTITY_MODELS: dict[str, type[BaseModel]] = {
    "customer": Customer,
    "contract": Contract,
    "invoice": Invoice,
    "activity": Activity,
    "meeting": Meeting,
    "project": Project,
    "stakeholder": Stakeholder,
}
_MARK_DONE = {"activity_overdue", "activity_due", "fup_unresolved", "project_overdue"}
_MEETING_DONE = {"meeting_to_update", "meeting_today"}


class TriageActionError(ValueError):
    """An action that cannot be done as asked (e.g. a snooze date in the past)."""


def item_by_id(item_id: str, today: date, settings: Settings) -> TriageItem:
    """Today's item ``item_id`` (snoozed and acknowledged ones included)."""
    item = find_item(item_id, today, settings)
    if item is None:
        raise NotFound(
            f"no triage item {item_id!r} on {today.isoformat()}: "
            "`kamtui triage --all` lists the ids"
        )
    return item


def record_of(item: TriageItem) -> BaseModel:
    """The record behind ``item``."""
    model = ENTITY_MODELS[item.entity]
    record = model.get_or_none(model.id == item.record_id)
    if record is None:
        raise NotFound(f"the {item.entity} of triage item {item.id} no longer exists")
    return record


def _set_state(item: TriageItem, **values: Any) -> TriageState:
    with write_transaction():
        state = TriageState.get_or_none(TriageState.item_id == item.id)
        if state is None:
            state = TriageState(item_id=item.id)
        state.snoozed_until = values.get("snoozed_until")
        state.acknowledged_at = values.get("acknowledged_at")
        state.fingerprint = item.fingerprint
        state.save()
    return state


def snooze(item: TriageItem, until: date, today: date) -> TriageState:
    """Hide ``item`` until ``until`` (it is back that day) or until its record changes."""
    if until <= today:
        raise TriageActionError(
            f"snooze until {until.isoformat()}: expected a date after today ({today.isoformat()})"
        )
    return _set_state(item, snoozed_until=until)


def acknowledge(item: TriageItem, now: datetime) -> TriageState:
    """Hide ``item`` until the record behind it changes."""
    return _set_state(item, acknowledged_at=now)


def reopen(item: TriageItem) -> None:
    """Undo a snooze or acknowledgement."""
    with write_transaction():
        TriageState.delete().where(TriageState.item_id == item.id).execute()


def _owner(settings: Settings) -> str | None:
    return settings["user.name"] or None


def log_invoice_follow_up(item: TriageItem, ctx: ParseContext, settings: Settings) -> Activity:
    """A done FUP linked to the invoice: the follow-up moves to its next stage.

    A pending FUP of the invoice (a reminder made with ``f``) is the follow-up
    being done: it is marked Done rather than logged a second time.
    """
    invoice = record_of(item)
    reminder = (
        Activity.select()
        .where(
            Activity.invoice == invoice,
            Activity.type == c.ActivityType.FUP.value,
            Activity.status == c.ActivityStatus.PENDING.value,
        )
        .order_by(Activity.id)
        .first()
    )
    if reminder is not None:
        return save_record(Activity, {"status": c.ActivityStatus.DONE.value}, ctx, reminder)
    what = "Escalation" if (item.stage or 1) >= 3 else f"Follow-up {item.stage or 1}"
    return save_record(
        Activity,
        {
            "name": f"{what} on invoice {invoice.name}",
            "type": c.ActivityType.FUP.value,
            "status": c.ActivityStatus.DONE.value,
            "due_date": ctx.today,
            "customer": invoice.customer,
            "invoice": invoice,
            "owner": _owner(settings),
        },
        ctx,
    )


def done(item: TriageItem, ctx: ParseContext, settings: Settings) -> str:
    """Do what "done" means for ``item``'s kind; returns what was done, in words.

    Activities and overdue projects are marked Done, an invoice follow-up is logged
    as a done FUP, an unsent invoice gets today's sent date, a meeting still
    Scheduled is marked Done; every other kind (renewal, risk review, churn
    risk...) is acknowledged.
    """
    if item.kind in _MARK_DONE:
        record = mark_done(record_of(item), ctx)
        return f"{item.entity} {record.name} marked Done"
    if item.kind == "invoice_follow_up":
        activity = log_invoice_follow_up(item, ctx, settings)
        return f"logged {activity.name}"
    if item.kind == "invoice_to_send":
        invoice = save_record(Invoice, {"sent_date": ctx.today}, ctx, record_of(item))
        return f"invoice {invoice.name} sent on {ctx.today.isoformat()}"
    if item.kind in _MEETING_DONE:
        meeting = save_record(Meeting, {"status": c.MeetingStatus.DONE.value}, ctx, record_of(item))
        return f"meeting {meeting.name} marked Done"
    acknowledge(item, ctx.moment)
    return f"{item.title} acknowledged (back if the {item.entity} changes)"


def create_follow_up(
    item: TriageItem,
    ctx: ParseContext,
    settings: Settings,
    *,
    name: str | None = None,
    due: date | None = None,
) -> Activity:
    """A pending FUP for ``item``, linked to its record and due in N business days."""
    record = record_of(item)
    links: dict[str, Any] = {}
    if isinstance(record, Activity):
        for field in ("customer", "stakeholder", "meeting", "project", "invoice", "contract"):
            if getattr(record, f"{field}_id"):
                links[field] = getattr(record, field)
    elif not isinstance(record, Customer):
        links[item.entity] = record
        links["customer"] = record.customer
    else:
        links["customer"] = record
    title = name or f"Follow up: {item.title}"
    pending = Activity.get_or_none(
        Activity.name == title,
        Activity.customer == links["customer"],
        Activity.status == c.ActivityStatus.PENDING.value,
    )
    if pending is not None:  # f pressed twice: one follow-up, not two of the same
        due_on = f", due {pending.due_date.isoformat()}" if pending.due_date else ""
        raise TriageActionError(f"the follow-up {title!r} is already pending{due_on}")
    return save_record(
        Activity,
        {
            "name": title,
            "type": c.ActivityType.FUP.value,
            "status": c.ActivityStatus.PENDING.value,
            "due_date": due or add_business_days(ctx.today, settings["followup.business_days"]),
            "owner": _owner(settings),
            "notes": item.reason,
            **links,
        },
        ctx,
    )


def follow_up(item: TriageItem, ctx: ParseContext, settings: Settings) -> str:
    """``f`` on ``item``; returns what was created, in words.

    A meeting whose next steps never became activities gets one pending FUP per
    next-step line (due by the date the line ends with, else in N business days);
    any other item gets one follow-up (:func:`create_follow_up`).
    """
    record = record_of(item)
    steps = step_lines(record.next_steps) if isinstance(record, Meeting) else []
    if item.kind != "next_steps_without_activity" or not steps:
        activity = create_follow_up(item, ctx, settings)
        return f"Follow-up created: {activity.name}, due {activity.due_date.isoformat()}"
    days = settings["followup.business_days"]
    with write_transaction():
        created = [
            f.activity
            for f in next_step_follow_ups(
                record, steps, ctx,
                default_due=add_business_days(ctx.today, days),
                default_reason=f"{days} business days from today",
                owner=_owner(settings),
            )
        ]  # fmt: skip
    names = ", ".join(a.name for a in created)
    return f"{len(created)} follow-up{'s' * (len(created) != 1)} from the next steps: {names}"
