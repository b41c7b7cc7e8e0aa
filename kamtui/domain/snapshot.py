"""What the triage and health rules read, loaded in a fixed number of queries.

:func:`load_snapshot` runs the same dozen queries whether the portfolio holds 3
customers or 5,000 (one per kind of row, never one per customer), reading plain
tuples rather than model objects. It loads only what the rules need: pending
activities, unsettled or recent invoices, the meetings and metrics of the health
windows, and per-customer aggregates (last Done meeting, last few meetings).
The rules in :mod:`kamtui.domain.triage_rules` and :mod:`kamtui.domain.health`
are pure functions of the snapshot, ``today`` and the settings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

import peewee as pw

from kamtui.config import Settings
from kamtui.db import choices as c
from kamtui.db.models import (
    Activity,
    Contract,
    Customer,
    Invoice,
    Meeting,
    Metric,
    Project,
    Stakeholder,
    TriageState,
)

#: The health trend compares the score now with the score these many days ago.
TREND_DAYS = (30, 90)
#: How many of a customer's latest meetings are kept (mood moving average).
RECENT_MEETINGS = 5


class CustomerRow(NamedTuple):
    id: int
    name: str
    tier: str | None
    cadence: str | None
    lifecycle: str | None
    contract_start: date | None
    contract_end: date | None
    arr: Decimal | None
    contracted_licenses: int | None
    created_at: datetime | None
    updated_at: datetime | None


class ContractRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    status: str | None
    created_at: date | None
    internally_approved_at: date | None
    externally_approved_at: date | None
    signed_at: date | None
    expiration_date: date | None
    value: Decimal | None
    updated_at: datetime | None


class InvoiceRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    invoice_date: date | None
    invoice_due_date: date | None
    sent_date: date | None
    received_date: date | None
    invoice_amount: Decimal | None
    discount_applied: Decimal | None
    amount_collected: Decimal | None
    payment_status: str | None
    paid_date: date | None
    updated_at: datetime | None


class ActivityRow(NamedTuple):
    id: int
    customer_id: int | None
    name: str
    type: str | None
    due_date: date | None
    owner: str | None
    created_at: datetime | None
    updated_at: datetime | None


class MeetingRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    date_time: datetime | None
    status: str | None
    mood: int | None
    updated_at: datetime | None


class StakeholderRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    buying_level: str | None
    departed_on: date | None
    updated_at: datetime | None


class ProjectRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    status: str | None
    deadline: date | None
    health_status: str | None
    updated_at: datetime | None


class MetricRow(NamedTuple):
    customer_id: int
    month: date
    mau: int | None
    sponsor_health: Decimal | None


class StateRow(NamedTuple):
    item_id: str
    snoozed_until: date | None
    acknowledged_at: datetime | None
    fingerprint: str | None


@dataclass
class Snapshot:
    """The portfolio's rows the rules read, as of ``today``."""

    today: date
    customers: dict[int, CustomerRow]
    contracts: list[ContractRow] = field(default_factory=list)
    invoices: list[InvoiceRow] = field(default_factory=list)
    #: Dates of the done FUP activities linked to each invoice of :attr:`invoices`.
    invoice_fups: dict[int, list[date]] = field(default_factory=dict)
    #: Each customer's first invoice date: the receivables factor exists from then.
    first_invoice: dict[int, date] = field(default_factory=dict)
    pending: list[ActivityRow] = field(default_factory=list)
    #: Meetings of the health windows (not Scheduled), oldest first, by customer.
    meetings: dict[int, list[MeetingRow]] = field(default_factory=dict)
    #: Meetings still Scheduled up to the end of ``today``.
    scheduled: list[MeetingRow] = field(default_factory=list)
    last_done: dict[int, datetime] = field(default_factory=dict)
    #: The last meetings that took place (not Scheduled), newest first, by customer.
    recent: dict[int, list[MeetingRow]] = field(default_factory=dict)
    #: Latest Done or Scheduled meeting with purpose Churn Risk, by customer.
    churn_meetings: dict[int, datetime] = field(default_factory=dict)
    #: Done meetings with next steps and no linked activity, within the lookback.
    unactioned: list[MeetingRow] = field(default_factory=list)
    departed: list[StakeholderRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    #: Metrics with MAU or sponsor health, oldest first, by customer.
    metrics: dict[int, list[MetricRow]] = field(default_factory=dict)
    states: dict[str, StateRow] = field(default_factory=dict)

    @cached_property
    def invoices_by_customer(self) -> dict[int, list[InvoiceRow]]:
        grouped: dict[int, list[InvoiceRow]] = defaultdict(list)
        for row in self.invoices:
            grouped[row.customer_id].append(row)
        return dict(grouped)

    @cached_property
    def contracts_by_customer(self) -> dict[int, list[ContractRow]]:
        grouped: dict[int, list[ContractRow]] = defaultdict(list)
        for row in self.contracts:
            grouped[row.customer_id].append(row)
        return dict(grouped)

    def active_customer(self, customer_id: int | None) -> CustomerRow | None:
        """The customer unless churned (churned customers produce nothing)."""
        row = self.customers.get(customer_id) if customer_id is not None else None
        if row is None or row.lifecycle == c.Lifecycle.CHURNED:
            return None
        return row


def _dt(value: Any) -> datetime | None:
    # Rows read through a raw Select (the window query) are not converted by peewee.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _scoped(query: pw.Select, column: Any, customer_id: int | None) -> pw.Select:
    return query if customer_id is None else query.where(column == customer_id)


def history_start(today: date, settings: Settings) -> date:
    """The earliest day the health windows (now, 30 and 90 days ago) look at."""
    back = max(*TREND_DAYS, settings["churn.rise_days"])
    return today - timedelta(days=settings["churn.window_days"] + back)


def _settled() -> pw.Expression:
    """Paid in full (or marked Paid with no amount), in SQL: the derived Paid status."""
    due = Invoice.invoice_amount - pw.fn.COALESCE(Invoice.discount_applied, 0)
    collected = pw.fn.COALESCE(Invoice.amount_collected, 0)
    return (Invoice.invoice_amount.is_null(False) & (collected >= due)) | (
        Invoice.invoice_amount.is_null() & (Invoice.payment_status == c.PaymentStatus.PAID.value)
    )


def load_snapshot(
    today: date,
    settings: Settings,
    customer_id: int | None = None,
    *,
    full_history: bool = False,
    health_only: bool = False,
) -> Snapshot:
    """Read everything the rules need in a fixed number of queries.

    ``customer_id`` narrows every query to one customer; ``full_history`` drops the
    date windows (the health of a past month needs that month's data);
    ``health_only`` skips what only the triage reads.
    """
    end_of_today = _day_start(today + timedelta(days=1))
    since = None if full_history else history_start(today, settings)
    customers = {
        row[0]: CustomerRow(*row)
        for row in _scoped(
            Customer.select(
                Customer.id, Customer.name, Customer.tier, Customer.cadence, Customer.lifecycle,
                Customer.contract_start, Customer.contract_end, Customer.arr,
                Customer.contracted_licenses, Customer.created_at, Customer.updated_at,
            ),
            Customer.id,
            customer_id,
        ).tuples()
    }  # fmt: skip
    snap = Snapshot(today, customers)
    snap.contracts = [
        ContractRow(*row)
        for row in _scoped(
            Contract.select(
                Contract.id, Contract.customer, Contract.name, Contract.status,
                Contract.created_at, Contract.internally_approved_at,
                Contract.externally_approved_at, Contract.signed_at, Contract.expiration_date,
                Contract.value, Contract.updated_at,
            ),
            Contract.customer,
            customer_id,
        ).tuples()
    ]  # fmt: skip

    invoices = Invoice.select(
        Invoice.id, Invoice.customer, Invoice.name, Invoice.invoice_date, Invoice.invoice_due_date,
        Invoice.sent_date, Invoice.received_date, Invoice.invoice_amount, Invoice.discount_applied,
        Invoice.amount_collected, Invoice.payment_status, Invoice.paid_date, Invoice.updated_at,
    )  # fmt: skip
    if since is not None:
        dso_from = today - timedelta(days=settings["portfolio.dso_window_days"])
        invoices = invoices.where(
            ~_settled()
            | (Invoice.invoice_date >= min(dso_from, since))
            | (Invoice.paid_date >= since)
        )
    snap.invoices = [
        InvoiceRow(*row) for row in _scoped(invoices, Invoice.customer, customer_id).tuples()
    ]

    first = Invoice.select(Invoice.customer, pw.fn.MIN(Invoice.invoice_date)).group_by(
        Invoice.customer
    )
    snap.first_invoice = {
        cid: day
        for cid, day in _scoped(first, Invoice.customer, customer_id).tuples()
        if day is not None
    }
    if snap.first_invoice and not isinstance(next(iter(snap.first_invoice.values())), date):
        snap.first_invoice = {k: date.fromisoformat(str(v)) for k, v in snap.first_invoice.items()}

    metrics = Metric.select(Metric.customer, Metric.month, Metric.mau, Metric.sponsor_health).where(
        Metric.month <= today, Metric.mau.is_null(False) | Metric.sponsor_health.is_null(False)
    )
    if since is not None:
        oldest = since - timedelta(days=settings["churn.sponsor_health_max_age_days"] + 31)
        metrics = metrics.where(Metric.month >= oldest)
    for row in _scoped(metrics, Metric.customer, customer_id).order_by(Metric.month).tuples():
        snap.metrics.setdefault(row[0], []).append(MetricRow(*row))

    _load_meetings(snap, today, settings, customer_id, since, end_of_today, health_only)
    if not health_only:
        _load_triage_rows(snap, today, customer_id)
    return snap


def _load_triage_rows(snap: Snapshot, today: date, customer_id: int | None) -> None:
    fups = (
        Activity.select(Activity.invoice, Activity.done_at, Activity.due_date)
        .join(Invoice, on=(Activity.invoice == Invoice.id))
        .where(
            Activity.type == c.ActivityType.FUP.value,
            Activity.status == c.ActivityStatus.DONE.value,
            ~_settled(),
        )
    )
    for invoice_id, done_at, due in _scoped(fups, Invoice.customer, customer_id).tuples():
        done_on = done_at.date() if done_at is not None else due
        if done_on is not None:
            snap.invoice_fups.setdefault(invoice_id, []).append(done_on)

    pending = Activity.select(
        Activity.id, Activity.customer, Activity.name, Activity.type, Activity.due_date,
        Activity.owner, Activity.created_at, Activity.updated_at,
    ).where(Activity.status != c.ActivityStatus.DONE.value)  # fmt: skip
    snap.pending = [
        ActivityRow(*row) for row in _scoped(pending, Activity.customer, customer_id).tuples()
    ]

    departed = Stakeholder.select(
        Stakeholder.id, Stakeholder.customer, Stakeholder.name, Stakeholder.buying_level,
        Stakeholder.departed_on, Stakeholder.updated_at,
    ).where(
        Stakeholder.status == c.StakeholderStatus.DEPARTED.value,
        Stakeholder.buying_level.in_(
            [c.BuyingLevel.DECISION_MAKER.value, c.BuyingLevel.BUDGET_OWNER.value]
        ),
    )  # fmt: skip
    snap.departed = [
        StakeholderRow(*row)
        for row in _scoped(departed, Stakeholder.customer, customer_id).tuples()
    ]

    projects = Project.select(
        Project.id, Project.customer, Project.name, Project.status, Project.deadline,
        Project.health_status, Project.updated_at,
    ).where(
        (Project.status.is_null() | (Project.status != c.ProjectStatus.DONE.value))
        & (
            (Project.deadline < today)
            | Project.health_status.in_(
                [c.HealthStatus.AT_RISK.value, c.HealthStatus.BLOCKED.value]
            )
        )
    )  # fmt: skip
    snap.projects = [
        ProjectRow(*row) for row in _scoped(projects, Project.customer, customer_id).tuples()
    ]

    snap.states = {
        row[0]: StateRow(*row)
        for row in TriageState.select(
            TriageState.item_id,
            TriageState.snoozed_until,
            TriageState.acknowledged_at,
            TriageState.fingerprint,
        ).tuples()
    }


def _load_meetings(
    snap: Snapshot,
    today: date,
    settings: Settings,
    customer_id: int | None,
    since: date | None,
    end_of_today: datetime,
    health_only: bool,
) -> None:
    fields = (
        Meeting.id, Meeting.customer, Meeting.name, Meeting.date_time, Meeting.status,
        Meeting.mood, Meeting.updated_at,
    )  # fmt: skip
    happened = (Meeting.status != c.MeetingStatus.SCHEDULED.value) & (
        Meeting.date_time < end_of_today
    )
    window = Meeting.select(*fields).where(happened)
    if since is not None:
        window = window.where(Meeting.date_time >= _day_start(since))
    by_customer: dict[int, list[MeetingRow]] = defaultdict(list)
    for row in _scoped(window, Meeting.customer, customer_id).order_by(Meeting.date_time).tuples():
        by_customer[row[1]].append(MeetingRow(*row))
    snap.meetings = dict(by_customer)

    # The last few meetings per customer, whatever their age: a window function
    # (SQLite >= 3.25 and PostgreSQL) instead of one query per customer.
    rank = (
        pw.fn.ROW_NUMBER()
        .over(
            partition_by=[Meeting.customer],
            order_by=[Meeting.date_time.desc(), Meeting.id.desc()],
        )
        .alias("rank")
    )
    ranked = _scoped(Meeting.select(*fields, rank).where(happened), Meeting.customer, customer_id)
    sub = ranked.alias("ranked")
    keep = max(RECENT_MEETINGS, settings["disengagement.skipped_in_a_row"])
    recent = (
        pw.Select([sub], [sub.c.id, sub.c.customer_id, sub.c.name, sub.c.date_time, sub.c.status,
                          sub.c.mood, sub.c.updated_at])
        .where(sub.c.rank <= keep)
        .bind(Meeting._meta.database)
    )  # fmt: skip
    grouped: dict[int, list[MeetingRow]] = defaultdict(list)
    for mid, cid, name, when, status, mood, updated in recent.tuples():
        grouped[cid].append(MeetingRow(mid, cid, name, _dt(when), status, mood, _dt(updated)))
    for rows in grouped.values():
        rows.sort(key=lambda m: (m.date_time, m.id), reverse=True)
    snap.recent = dict(grouped)
    if health_only:
        return

    scheduled = Meeting.select(*fields).where(
        Meeting.status == c.MeetingStatus.SCHEDULED.value, Meeting.date_time < end_of_today
    )
    snap.scheduled = [
        MeetingRow(*row) for row in _scoped(scheduled, Meeting.customer, customer_id).tuples()
    ]

    last = (
        Meeting.select(Meeting.customer, pw.fn.MAX(Meeting.date_time))
        .where(Meeting.status == c.MeetingStatus.DONE.value, Meeting.date_time < end_of_today)
        .group_by(Meeting.customer)
    )
    snap.last_done = {
        cid: _dt(when) for cid, when in _scoped(last, Meeting.customer, customer_id).tuples()
    }

    churn = (
        Meeting.select(Meeting.customer, pw.fn.MAX(Meeting.date_time))
        .where(
            Meeting.purpose.includes(c.Purpose.CHURN_RISK.value),
            Meeting.status.in_([c.MeetingStatus.DONE.value, c.MeetingStatus.SCHEDULED.value]),
        )
        .group_by(Meeting.customer)
    )
    snap.churn_meetings = {
        cid: _dt(when) for cid, when in _scoped(churn, Meeting.customer, customer_id).tuples()
    }

    lookback = today - timedelta(days=settings["meeting.next_steps_lookback_days"])
    has_activity = Activity.select(Activity.id).where(Activity.meeting == Meeting.id)
    unactioned = Meeting.select(*fields).where(
        Meeting.status == c.MeetingStatus.DONE.value,
        Meeting.date_time >= _day_start(lookback),
        Meeting.date_time < end_of_today,
        Meeting.next_steps.is_null(False),
        pw.fn.TRIM(Meeting.next_steps) != "",
        ~pw.fn.EXISTS(has_activity),
    )
    snap.unactioned = [
        MeetingRow(*row) for row in _scoped(unactioned, Meeting.customer, customer_id).tuples()
    ]
