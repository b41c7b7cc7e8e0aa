"""The portfolio as an iCalendar (RFC 5545) file, written with the ``icalendar`` library.

What goes in, for active (not churned) customers:

* renewal checkpoints: the day the renewal window opens (per tier, see
  :func:`renewal_window_days`) before a customer's contract end and before an
  active contract's expiration date;
* contract ends and expirations, with alarms 30 and 7 days ahead;
* due dates of invoices not yet paid, deadlines of projects not done;
* scheduled meetings, timed, with their attendees (ATTENDEE with the person's
  name where an email is known; every name in the description);
* activities not done that have a due date, as to-dos (VTODO).

UIDs are built from natural keys (customer name, record name, an activity's
creation time), not database ids, so two exports of one database, and an
export after a re-import, give the same UIDs: a subscribed calendar updates its
events instead of duplicating them. DTSTAMP is the record's last change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar

from kamtui.config import SPECS, Settings
from kamtui.db import choices as c
from kamtui.db.models import Activity, Contract, Customer, Invoice, Meeting, Project
from kamtui.domain import derived

#: Days before a contract ends when its renewal window opens, per tier. The one
#: place these live; a ``renewal.window_days.<tier>`` setting overrides them.
RENEWAL_WINDOW_DAYS = {"A": 180, "B": 120, "C": 90}
#: Customers without a tier get the shortest window.
DEFAULT_WINDOW = "C"
ALARM_DAYS = (30, 7)
MEETING_LENGTH = timedelta(hours=1)
PRODID = "-//kamtui//kamtui portfolio//EN"


def renewal_window_days(tier: str | None, settings: Settings | None = None) -> int:
    """How many days before a contract end the renewal window of ``tier`` opens."""
    key = (tier or DEFAULT_WINDOW).upper()
    setting = f"renewal.window_days.{key.lower()}"
    if settings is not None and setting in SPECS:
        return int(settings[setting])
    return RENEWAL_WINDOW_DAYS.get(key, RENEWAL_WINDOW_DAYS[DEFAULT_WINDOW])


def uid(kind: str, *key: Any) -> str:
    """A UID from a record's natural key: stable across exports and re-imports."""
    text = "\x1f".join(str(part).casefold() for part in key)
    return f"kamtui-{kind}-{hashlib.sha1(text.encode()).hexdigest()[:20]}@kamtui"


def _stamp(moment: datetime | None) -> datetime:
    return (moment or datetime(2000, 1, 1)).astimezone(UTC)


@dataclass
class _Item:
    component: icalendar.Component
    day: date


def _event(uid_: str, summary: str, day: date, changed: datetime | None, text: str) -> Any:
    event = icalendar.Event()
    event.add("uid", uid_)
    event.add("dtstamp", _stamp(changed))
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not time the KAM is busy
    if text:
        event.add("description", text)
    return event


def _alarms(event: Any, what: str) -> None:
    for days in ALARM_DAYS:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-days))
        alarm.add("description", f"{what} in {days} days")
        event.add_component(alarm)


def _renewals(today: date, settings: Settings | None) -> Iterator[_Item]:
    for customer in Customer.select().where(Customer.lifecycle != c.Lifecycle.CHURNED):
        if customer.contract_end is None:
            continue
        window = renewal_window_days(customer.tier, settings)
        opens = customer.contract_end - timedelta(days=window)
        detail = f"Tier {customer.tier or '-'}, contract ends {customer.contract_end.isoformat()}"
        yield _Item(
            _event(
                uid("renewal", customer.name_key),
                f"Renewal window opens: {customer.name}",
                opens,
                customer.updated_at,
                f"{detail}; {window} days ahead",
            ),
            opens,
        )
        end = _event(
            uid("contract-end", customer.name_key),
            f"Contract ends: {customer.name}",
            customer.contract_end,
            customer.updated_at,
            detail,
        )
        _alarms(end, f"{customer.name}'s contract ends")
        yield _Item(end, customer.contract_end)
    contracts = (
        Contract.select(Contract, Customer)
        .join(Customer)
        .where(
            Contract.expiration_date.is_null(False),
            Contract.status.in_([c.ContractStatus.ACTIVE, c.ContractStatus.OVERDUE]),
            Customer.lifecycle != c.Lifecycle.CHURNED,
        )
    )
    for contract in contracts:
        customer = contract.customer
        expires = contract.expiration_date
        window = renewal_window_days(customer.tier, settings)
        opens = expires - timedelta(days=window)
        key = (customer.name_key, contract.name)
        detail = f"{contract.name} ({customer.name}) expires {expires.isoformat()}"
        yield _Item(
            _event(
                uid("contract-renewal", *key),
                f"Renewal window opens: {contract.name}",
                opens,
                contract.updated_at,
                f"{detail}; tier {customer.tier or '-'}, {window} days ahead",
            ),
            opens,
        )
        event = _event(
            uid("contract-expires", *key),
            f"Contract expires: {contract.name}",
            expires,
            contract.updated_at,
            detail,
        )
        _alarms(event, f"{contract.name} expires")
        yield _Item(event, expires)


def _dues(today: date) -> Iterator[_Item]:
    invoices = Invoice.select(Invoice, Customer).join(Customer)
    for invoice in invoices.where(Invoice.invoice_due_date.is_null(False)):
        if derived.invoice_status(invoice, today) == c.PaymentStatus.PAID:
            continue
        owed = derived.outstanding(invoice)
        yield _Item(
            _event(
                uid("invoice-due", invoice.customer.name_key, invoice.name),
                f"Invoice due: {invoice.name} ({invoice.customer.name})",
                invoice.invoice_due_date,
                invoice.updated_at,
                f"Outstanding {owed}",
            ),
            invoice.invoice_due_date,
        )
    projects = Project.select(Project, Customer).join(Customer)
    for project in projects.where(
        Project.deadline.is_null(False), Project.status != c.ProjectStatus.DONE
    ):
        yield _Item(
            _event(
                uid("project-deadline", project.customer.name_key, project.name),
                f"Project deadline: {project.name} ({project.customer.name})",
                project.deadline,
                project.updated_at,
                f"Status {project.status}; health {project.health_status or '-'}",
            ),
            project.deadline,
        )


def _meetings() -> Iterator[_Item]:
    meetings = Meeting.select(Meeting, Customer).join(Customer)
    for meeting in meetings.where(
        Meeting.status == c.MeetingStatus.SCHEDULED, Meeting.date_time.is_null(False)
    ):
        event = icalendar.Event()
        event.add("uid", uid("meeting", meeting.customer.name_key, meeting.name))
        event.add("dtstamp", _stamp(meeting.updated_at))
        event.add("summary", f"{meeting.name} ({meeting.customer.name})")
        event.add("dtstart", meeting.date_time)
        event.add("dtend", meeting.date_time + MEETING_LENGTH)
        people = list(meeting.stakeholders.order_by(Meeting.stakeholders.rel_model.name))
        for person in people:
            if person.email:
                address = icalendar.vCalAddress(f"mailto:{person.email}")
                address.params["cn"] = icalendar.vText(person.name)
                event.add("attendee", address, encode=0)
        lines = [f"With: {', '.join(p.name for p in people)}"] if people else []
        if meeting.purpose:
            lines.append(f"Purpose: {', '.join(meeting.purpose)}")
        if lines:
            event.add("description", "\n".join(lines))
        yield _Item(event, meeting.date_time.date())


def _todos(today: date) -> Iterator[_Item]:
    activities = Activity.select().where(
        Activity.due_date.is_null(False), Activity.status != c.ActivityStatus.DONE
    )
    for activity in activities:
        customer = activity.customer if activity.customer_id else None
        todo = icalendar.Todo()
        key = (customer.name_key if customer else "", activity.name, activity.created_at)
        todo.add("uid", uid("activity", *key))
        todo.add("dtstamp", _stamp(activity.updated_at))
        suffix = f" ({customer.name})" if customer else ""
        todo.add("summary", f"{activity.name}{suffix}")
        todo.add("due", activity.due_date)
        todo.add("status", "NEEDS-ACTION")
        status = derived.activity_status(activity.status, activity.due_date, today)
        text = [f"{activity.type or 'Activity'}, {status}"]
        if activity.notes:
            text.append(activity.notes)
        todo.add("description", "\n".join(text))
        yield _Item(todo, activity.due_date)


def build_calendar(
    today: date,
    settings: Settings | None = None,
    start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The calendar as bytes; ``start``/``end`` keep items dated within them (inclusive)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "kamtui portfolio")
    items = [
        *_renewals(today, settings),
        *_dues(today),
        *_meetings(),
        *_todos(today),
    ]
    items.sort(key=lambda item: (item.day, str(item.component["uid"])))
    for item in items:
        if (start is None or item.day >= start) and (end is None or item.day <= end):
            calendar.add_component(item.component)
    return calendar.to_ical()
