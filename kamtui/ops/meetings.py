"""Log a meeting and its follow-ups in one transaction (the CLI's ``kamtui log``
and the TUI's quick-log form both call :func:`log_meeting`).

Each next-step line becomes a pending FUP activity linked to the meeting: the
seed's "every meeting with Next Steps should generate at least one Activity".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from kamtui.config import Settings
from kamtui.dates import DateParseError, add_business_days, parse_date, parse_datetime
from kamtui.db import choices as c
from kamtui.db.connection import write_transaction
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Customer, Meeting, Stakeholder
from kamtui.domain.next_steps import split_due, step_lines
from kamtui.ops.records import (
    Problem,
    ValidationError,
    find_customer,
    name_key,
    save_record,
)


@dataclass(frozen=True)
class FollowUp:
    """A FUP created by :func:`log_meeting` and why it is due when it is."""

    activity: Activity
    #: ``"by fri"`` (the line's own date), ``"--due"`` style override, or
    #: ``"2 business days after the meeting"``.
    due_reason: str


@dataclass(frozen=True)
class LoggedMeeting:
    meeting: Meeting
    followups: list[FollowUp] = field(default_factory=list)
    #: Stakeholders created for this meeting (``new_stakeholders``).
    created_stakeholders: list[Stakeholder] = field(default_factory=list)
    #: True when the log completed the customer's meeting Scheduled that day.
    completed_scheduled: bool = False

    @property
    def activities(self) -> list[Activity]:
        return [f.activity for f in self.followups]


def _due_override(due: date | str | None, ctx: ParseContext) -> date | None:
    if due is None or isinstance(due, date):
        return due
    if not str(due).strip():
        return None
    try:
        return parse_date(str(due), ctx.today, ctx.date_order)
    except DateParseError as exc:
        raise ValidationError(
            [Problem("activity", "", "due_date", due, exc.expected, "follow-ups")]
        ) from None


def _stakeholder(customer: Customer, name: str, ctx: ParseContext) -> tuple[Stakeholder, bool]:
    """The customer's stakeholder called ``name``, created if there is none yet."""
    for person in Stakeholder.select().where(Stakeholder.customer == customer):
        if name_key(person.name) == name_key(name):
            return person, False
    return save_record(Stakeholder, {"name": name, "customer": customer}, ctx), True


def scheduled_meeting(customer: Customer | int, day: date) -> Meeting | None:
    """The customer's meeting still Scheduled on ``day`` (the earliest), if any."""
    start = datetime.combine(day, time.min)
    return (
        Meeting.select()
        .where(
            Meeting.customer == customer,
            Meeting.status == c.MeetingStatus.SCHEDULED.value,
            Meeting.date_time >= start,
            Meeting.date_time < start + timedelta(days=1),
        )
        .order_by(Meeting.date_time)
        .first()
    )


def _moment(when: datetime | str | None, ctx: ParseContext) -> datetime | None:
    if when is None or isinstance(when, datetime):
        return when
    try:
        return parse_datetime(when, ctx.moment, ctx.date_order)
    except DateParseError:
        return None  # save_record reports it, naming the field


def log_meeting(
    customer: Customer | str,
    ctx: ParseContext,
    *,
    stakeholders: Iterable[Stakeholder | str] = (),
    new_stakeholders: Iterable[str] = (),
    meeting_type: str | None = None,
    status: str = c.MeetingStatus.DONE.value,
    when: datetime | str | None = None,
    purpose: Sequence[str] = (),
    mood: int | str | None = None,
    review: str | None = None,
    next_steps: str | Sequence[str] = (),
    due: date | str | None = None,
    owner: str | None = None,
    settings: Settings | None = None,
    name: str | None = None,
) -> LoggedMeeting:
    """Log a meeting of ``customer`` with one pending FUP per next-step line.

    ``stakeholders`` are names (or records) of the customer's people;
    ``new_stakeholders`` are names to add to the customer first (a name the
    customer already has is linked, not duplicated). ``when`` defaults to
    ``ctx.now``. A next step is due on the date its line ends with (``... by
    fri``, the suffix is dropped from the activity's name), else on ``due``,
    else ``followup.business_days`` (setting, default 2) business days after the
    meeting day. ``owner`` defaults to the ``user.name`` setting. The meeting's
    ``next_steps`` text keeps every line as typed.

    ``meeting_type`` defaults to Cadence. A Done log for a day on which the
    customer has a meeting still Scheduled completes that meeting (its time, type
    and attendees kept unless others are given) instead of adding a second one.

    Everything is written in one transaction: any :class:`ValidationError`
    (naming the record and field) leaves the database unchanged.
    """
    settings = settings or Settings()
    lines = step_lines(next_steps)
    override = _due_override(due, ctx)
    owner = owner if owner is not None else (settings["user.name"] or None)
    business_days = settings["followup.business_days"]
    with write_transaction():
        account = customer if isinstance(customer, Customer) else find_customer(customer)
        created: list[Stakeholder] = []
        people: list[Stakeholder | str] = list(stakeholders)
        for new_name in new_stakeholders:
            if not str(new_name).strip():
                continue
            person, was_created = _stakeholder(account, str(new_name).strip(), ctx)
            people.append(person)
            if was_created:
                created.append(person)
        moment = _moment(when, ctx)
        scheduled = None
        if status == c.MeetingStatus.DONE.value and not name:
            scheduled = scheduled_meeting(account, (moment or ctx.moment).date())
        if scheduled is not None and when is None:
            when = scheduled.date_time
        if scheduled is not None and not people:
            people = list(scheduled.stakeholders)
        values: dict[str, Any] = {
            "customer": account,
            "meeting_type": meeting_type
            or (scheduled.meeting_type if scheduled else c.MeetingType.CADENCE.value),
            "status": status,
            "date_time": when if when is not None else ctx.moment,
            "purpose": list(purpose),
            "mood": mood,
            "review": review,
            "next_steps": "\n".join(lines) or None,
            "stakeholders": _unique(people),
        }
        if name:
            values["name"] = name
        meeting = save_record(Meeting, values, ctx, scheduled)
        if override is not None:
            default_due, default_reason = override, "the due date given"
        else:
            plural = "s" if business_days != 1 else ""
            default_due = add_business_days(meeting.date_time.date(), business_days)
            default_reason = f"{business_days} business day{plural} after the meeting"
        followups = next_step_follow_ups(
            meeting, lines, ctx, default_due=default_due, default_reason=default_reason,
            owner=owner,
        )  # fmt: skip
    return LoggedMeeting(meeting, followups, created, scheduled is not None)


def next_step_follow_ups(
    meeting: Meeting,
    lines: Sequence[str],
    ctx: ParseContext,
    *,
    default_due: date,
    default_reason: str,
    owner: str | None,
) -> list[FollowUp]:
    """One pending FUP of ``meeting`` per next-step line, due by the date the line
    ends with, else ``default_due``. Call inside the caller's transaction."""
    followups = []
    for line in lines:
        # "by fri" was said in the meeting: it counts from the meeting day, as the
        # default due date does, even when the meeting is logged days later.
        step = split_due(line, meeting.date_time.date(), ctx.date_order)
        due, reason = (
            (step.due, f"by {step.due_text}") if step.due is not None
            else (default_due, default_reason)
        )  # fmt: skip
        activity = save_record(
            Activity,
            {
                "name": step.text,
                "type": c.ActivityType.FUP.value,
                "status": c.ActivityStatus.PENDING.value,
                "due_date": due,
                "customer": meeting.customer,
                "meeting": meeting,
                "owner": owner,
            },
            ctx,
        )
        followups.append(FollowUp(activity, reason))
    return followups


def _unique(people: list[Stakeholder | str]) -> list[Stakeholder | str]:
    """Each person once, whether named twice or given both as a name and a record."""
    seen: set[str] = set()
    unique: list[Stakeholder | str] = []
    for person in people:
        key = name_key(person.name if isinstance(person, Stakeholder) else str(person))
        if key and key not in seen:
            seen.add(key)
            unique.append(person)
    return unique
