"""A one-page Markdown account brief, for QBR preparation or a hand-over.

Sections: the account in one line, health (churn risk, its explanation and
trend, mood average, DSO, ARR at risk), renewal (contract end, the tier's
renewal window, contracts), contacts by buying level, the last meetings with
their next steps, open activities and projects, and invoices with the customer's
DSO. Lists are cut to what fits a page; the brief
says how many more there are.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from kamtui.config import Settings
from kamtui.dates import format_date, format_datetime
from kamtui.db import choices as c
from kamtui.db.models import Activity, Contract, Customer, Invoice, Meeting, Project, Stakeholder
from kamtui.domain import derived
from kamtui.domain.health import customer_health
from kamtui.domain.snapshot import load_snapshot
from kamtui.exchange.ics import renewal_window_days

LAST_MEETINGS = 5
OPEN_ACTIVITIES = 10
PAID_INVOICES = 3


def _cell(value: Any) -> str:
    """A value for a Markdown table cell: one line, pipes escaped."""
    if value is None or value == "":
        return "–"
    lines = (" ".join(line.split()) for line in str(value).replace("|", "\\|").splitlines())
    return "; ".join(line for line in lines if line)


def _money(value: Decimal | None) -> str:
    return "–" if value is None else f"{derived.money(value):,.2f}"


def _table(headings: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _more(total: int, shown: int, what: str) -> list[str]:
    return ["", f"_…and {total - shown} more {what}._"] if total > shown else []


def _header(customer: Customer, today: date) -> list[str]:
    facts = [
        f"Tier {customer.tier}" if customer.tier else "No tier",
        customer.lifecycle,
        customer.industry,
        f"ARR {_money(customer.arr)}" if customer.arr is not None else None,
        f"Cadence {customer.cadence}" if customer.cadence else None,
        f"Channel {', '.join(customer.channel)}" if customer.channel else None,
    ]
    lines = [f"# {customer.name} — account brief", "", f"_As of {format_date(today)}_", ""]
    lines.append(" · ".join(f for f in facts if f))
    if customer.notes:
        lines += ["", "> " + "\n> ".join(customer.notes.splitlines())]
    return lines


def _health(customer: Customer, today: date, settings: Settings | None) -> list[str]:
    settings = settings or Settings()
    snap = load_snapshot(today, settings, customer.id)
    health = customer_health(snap, customer.id, today, settings)
    lines = ["", "## Health", ""]
    if health.score is None:
        lines.append("Churn risk: no data yet (no moods, sponsor health, meetings or invoices).")
    else:
        trend = ", ".join(
            f"{change:+d} in {days} days" if change is not None else f"no score {days} days ago"
            for days in sorted(health.earlier)
            for change in [health.change(days)]
        )
        lines.append(
            f"**Churn risk {health.score}/100** ({trend}); "
            f"ARR at risk {_money(health.arr_at_risk)}."
        )
        lines += ["", *(f"- {line}" for line in health.risk.explanation())]
    extra = []
    if health.mood_average is not None:
        extra.append(f"Mood average of the last 5 meetings {health.mood_average}/5")
    if health.dso is not None:
        extra.append(f"DSO {health.dso} days")
    if extra:
        lines += ["", "; ".join(extra) + "."]
    return lines


def _renewal(customer: Customer, today: date, settings: Settings | None) -> list[str]:
    lines = ["", "## Renewal", ""]
    window = renewal_window_days(customer.tier, settings)
    if customer.contract_end:
        left = (customer.contract_end - today).days
        opens = customer.contract_end - timedelta(days=window)
        if today < opens:
            state = "not yet open"
        else:
            state = "open now" if today <= customer.contract_end else "the contract has ended"
        lines.append(
            f"Contract ends **{format_date(customer.contract_end)}** "
            f"({left} days {'left' if left >= 0 else 'ago'}); "
            f"renewal window ({window} days for tier {customer.tier or '–'}) "
            f"opens {format_date(opens)}: {state}."
        )
    else:
        lines.append("No contract end date recorded.")
    contracts = list(customer.contracts.order_by(Contract.expiration_date.desc(nulls="LAST")))
    if contracts:
        rows = []
        for contract in contracts:
            renewed = any(
                other.id != contract.id
                and other.status == c.ContractStatus.ACTIVE
                and (other.signed_at or other.created_at or date.min)
                > (contract.signed_at or contract.created_at or date.min)
                for other in contracts
            )
            status = derived.contract_status(
                contract.status, contract.expiration_date, renewed, today
            )
            rows.append(
                [contract.name, status, format_date(contract.signed_at),
                 format_date(contract.expiration_date), _money(contract.value)]
            )  # fmt: skip
        lines += ["", *_table(["Contract", "Status", "Signed", "Expires", "Value"], rows)]
    return lines


def _contacts(customer: Customer) -> list[str]:
    lines = ["", "## Contacts by buying level"]
    people = list(customer.stakeholders.order_by(Stakeholder.name))
    if not people:
        return [*lines, "", "No stakeholders recorded."]
    levels = [level.value for level in c.BuyingLevel] + [None]
    for level in levels:
        group = [p for p in people if p.buying_level == level]
        if not group:
            continue
        lines += ["", f"### {level or 'Buying level not set'}", ""]
        for person in group:
            details = [person.role, person.email, person.phone]
            flag = ""
            if person.status != c.StakeholderStatus.ACTIVE:
                since = f" since {format_date(person.departed_on)}" if person.departed_on else ""
                flag = f" — **{person.status}{since}**"
            lines.append(f"- {person.name}" + "".join(f" · {d}" for d in details if d) + flag)
    return lines


def _meetings(customer: Customer, today: date) -> list[str]:
    lines = ["", "## Last meetings", ""]
    until = datetime.combine(today, time.max)
    query = customer.meetings.where(
        Meeting.date_time <= until, Meeting.status != c.MeetingStatus.SCHEDULED
    ).order_by(Meeting.date_time.desc())
    total = query.count()
    meetings = list(query.limit(LAST_MEETINGS))
    if not meetings:
        lines.append("No meetings recorded.")
    else:
        rows = [
            [format_datetime(m.date_time), m.meeting_type or m.name, m.status,
             m.mood, m.next_steps]
            for m in meetings
        ]  # fmt: skip
        lines += _table(["When", "Meeting", "Status", "Mood", "Next steps"], rows)
        lines += _more(total, len(meetings), "meetings")
    upcoming = customer.meetings.where(
        Meeting.status == c.MeetingStatus.SCHEDULED, Meeting.date_time > until
    ).order_by(Meeting.date_time)
    nxt = upcoming.first()
    if nxt is not None:
        lines += ["", f"Next: **{nxt.name}** on {format_datetime(nxt.date_time)}."]
    return lines


def _work(customer: Customer, today: date) -> list[str]:
    lines = ["", "## Open activities", ""]
    query = customer.activities.where(Activity.status != c.ActivityStatus.DONE).order_by(
        Activity.due_date.asc(nulls="LAST"), Activity.name
    )
    total = query.count()
    activities = list(query.limit(OPEN_ACTIVITIES))
    if not activities:
        lines.append("Nothing open.")
    for activity in activities:
        status = derived.activity_status(activity.status, activity.due_date, today)
        due = f" — due {format_date(activity.due_date)}" if activity.due_date else ""
        who = f" · {activity.stakeholder.name}" if activity.stakeholder_id else ""
        mark = " **(overdue)**" if status == c.ActivityStatus.OVERDUE else ""
        lines.append(f"- [ ] {activity.name}{due}{mark}{who}")
    lines += _more(total, len(activities), "activities")
    lines += ["", "## Open projects", ""]
    projects = list(
        customer.projects.where(Project.status != c.ProjectStatus.DONE).order_by(
            Project.deadline.asc(nulls="LAST")
        )
    )
    if not projects:
        return [*lines, "No open projects."]
    rows = [
        [p.name, p.status, p.health_status, p.priority, format_date(p.deadline)] for p in projects
    ]
    return [*lines, *_table(["Project", "Status", "Health", "Priority", "Deadline"], rows)]


def _invoices(customer: Customer, today: date) -> list[str]:
    lines = ["", "## Invoices", ""]
    invoices = list(customer.invoices.order_by(Invoice.invoice_date.desc(nulls="LAST")))
    dso = derived.weighted_dso(invoices, today)
    owed = sum((derived.outstanding(i) for i in invoices), Decimal(0))
    lines.append(
        f"DSO (last 12 months, weighted by amount): **{dso if dso is not None else '–'} days**"
        f" · outstanding **{_money(owed)}**"
    )
    unpaid = [i for i in invoices if derived.invoice_status(i, today) != c.PaymentStatus.PAID]
    paid = [i for i in invoices if i not in unpaid][:PAID_INVOICES]
    shown = unpaid + paid
    if shown:
        rows = [
            [i.name, format_date(i.invoice_date), format_date(i.invoice_due_date),
             _money(i.invoice_amount), _money(derived.outstanding(i)),
             derived.invoice_status(i, today), derived.invoice_dso(i, today)]
            for i in shown
        ]  # fmt: skip
        headings = ["Invoice", "Date", "Due", "Amount", "Outstanding", "Status", "DSO"]
        lines += ["", *_table(headings, rows)]
        lines += _more(len(invoices), len(shown), "paid invoices")
    return lines


def account_brief(customer: Customer, today: date, settings: Settings | None = None) -> str:
    """The brief of ``customer`` as Markdown."""
    lines = [
        *_header(customer, today),
        *_health(customer, today, settings),
        *_renewal(customer, today, settings),
        *_contacts(customer),
        *_meetings(customer, today),
        *_work(customer, today),
        *_invoices(customer, today),
    ]
    return "\n".join(lines) + "\n"
