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
from kamtui.domain import derived
from kamtui.domain.snapshot_rows import (
    ActivityRow,
    ContractRow,
    CustomerRow,
    D,
    HeldMeetingRow,
    InvoiceRow,
    MeetingRow,
    MetricRow,
    N,
    ProjectRow,
    StakeholderRow,
    StateRow,
    T,
    fetch,
)

#: The health trend compares the score now with the score these many days ago.
TREND_DAYS = (30, 90)
#: How many of a customer's latest meetings are kept (mood moving average).
RECENT_MEETINGS = 5


class Receivable(NamedTuple):
    due: date
    paid_date: date | None
    settled: bool
    amount_due: Decimal
    outstanding: Decimal

    def owed_on(self, day: date) -> Decimal:
        """What was unpaid and past due on ``day``: an invoice settled now was still
        owed then if it was paid after that day."""
        if self.due >= day:
            return derived.ZERO
        if self.settled:
            return self.amount_due if self.paid_date and self.paid_date > day else derived.ZERO
        return self.outstanding


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
    #: Pending activities due by ``today``, and pending FUPs with no due date.
    pending: list[ActivityRow] = field(default_factory=list)
    #: Meetings of the health windows (not Scheduled), oldest first, by customer.
    meetings: dict[int, list[HeldMeetingRow]] = field(default_factory=dict)
    #: Meetings still Scheduled up to the end of ``today``.
    scheduled: list[MeetingRow] = field(default_factory=list)
    last_done: dict[int, datetime] = field(default_factory=dict)
    #: The last meetings that took place (not Scheduled) within the history window,
    #: newest first, by customer.
    recent: dict[int, list[HeldMeetingRow]] = field(default_factory=dict)
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
    def figures(self) -> dict[int, derived.InvoiceFigures]:
        """Each invoice's status and amounts as of ``today``, worked out once."""
        today = self.today
        return {inv.id: derived.invoice_figures(inv, today) for inv in self.invoices}

    def figures_on(self, invoice: InvoiceRow, day: date) -> derived.InvoiceFigures:
        """An invoice's figures on ``day`` (from :attr:`figures` when it is ``today``)."""
        if day == self.today:
            return self.figures[invoice.id]
        return derived.invoice_figures(invoice, day)

    @cached_property
    def receivables(self) -> dict[int, list[Receivable]]:
        """Per customer, each invoice's amounts worked out once (health reads many days);
        Disputed invoices and invoices with no due date are never counted as owed."""
        grouped: dict[int, list[Receivable]] = defaultdict(list)
        figures = self.figures
        for inv in self.invoices:
            if inv.payment_status == c.PaymentStatus.DISPUTED or inv.invoice_due_date is None:
                continue
            status, due, owed = figures[inv.id]
            grouped[inv.customer_id].append(
                Receivable(
                    inv.invoice_due_date, inv.paid_date, status == c.PaymentStatus.PAID, due, owed
                )
            )
        return dict(grouped)

    @cached_property
    def contracts_by_customer(self) -> dict[int, list[ContractRow]]:
        grouped: dict[int, list[ContractRow]] = defaultdict(list)
        for row in self.contracts:
            grouped[row.customer_id].append(row)
        return dict(grouped)

    @cached_property
    def active(self) -> dict[int, CustomerRow]:
        """The customers not churned (churned customers produce nothing), by id."""
        return {
            cid: row for cid, row in self.customers.items() if row.lifecycle != c.Lifecycle.CHURNED
        }


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _scoped(query: pw.Select, column: Any, customer_id: int | None) -> pw.Select:
    return query if customer_id is None else query.where(column == customer_id)


def history_start(today: date, settings: Settings, trend_days: tuple[int, ...]) -> date:
    """The earliest day the health windows (now and ``trend_days`` ago) look at."""
    return today - timedelta(days=settings["churn.window_days"] + max((0, *trend_days)))


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
    trend_days: tuple[int, ...] = TREND_DAYS,
    with_dso: bool = True,
) -> Snapshot:
    """Read everything the rules need in a fixed number of queries.

    ``customer_id`` narrows every query to one customer; ``full_history`` drops the
    date windows (the health of a past month needs that month's data);
    ``health_only`` skips what only the triage reads; ``trend_days`` are the past
    days the churn risk will be computed for, and ``with_dso`` loads the paid
    invoices of the DSO window (the triage needs neither the 90-day trend nor DSO).
    """
    db = Customer._meta.database
    end_of_today = _day_start(today + timedelta(days=1))
    since = None if full_history else history_start(today, settings, trend_days)
    customers = Customer.select(
        Customer.id, Customer.name, Customer.tier, Customer.cadence, Customer.lifecycle,
        Customer.contract_start, Customer.contract_end, Customer.arr,
        Customer.contracted_licenses, Customer.created_at, Customer.updated_at,
    )  # fmt: skip
    snap = Snapshot(
        today,
        {
            row.id: row
            for row in fetch(
                db, _scoped(customers, Customer.id, customer_id), CustomerRow, *_CUSTOMER
            )
        },
    )
    # Contracts marked Overdue by hand are history: the rules read Active, Draft, Approval.
    contracts = Contract.select(
        Contract.id, Contract.customer, Contract.name, Contract.status, Contract.created_at,
        Contract.internally_approved_at, Contract.externally_approved_at, Contract.signed_at,
        Contract.expiration_date, Contract.value, Contract.updated_at,
    ).where(Contract.status.in_([c.ContractStatus.ACTIVE.value, c.ContractStatus.DRAFT.value,
                                 c.ContractStatus.APPROVAL.value]))  # fmt: skip
    snap.contracts = fetch(
        db, _scoped(contracts, Contract.customer, customer_id), ContractRow,
        None, None, None, None, D, D, D, D, D, N, None,
    )  # fmt: skip

    invoices = Invoice.select(
        Invoice.id, Invoice.customer, Invoice.name, Invoice.invoice_date, Invoice.invoice_due_date,
        Invoice.sent_date, Invoice.received_date, Invoice.invoice_amount, Invoice.discount_applied,
        Invoice.amount_collected, Invoice.payment_status, Invoice.paid_date, Invoice.updated_at,
    )  # fmt: skip
    if since is not None:
        wanted = ~_settled() | (Invoice.paid_date >= since)
        if with_dso:
            dso_from = today - timedelta(days=settings["portfolio.dso_window_days"])
            wanted = wanted | (Invoice.invoice_date >= dso_from)
        invoices = invoices.where(wanted)
    snap.invoices = fetch(
        db, _scoped(invoices, Invoice.customer, customer_id), InvoiceRow,
        None, None, None, D, D, D, D, N, N, N, None, D, None,
    )  # fmt: skip

    first = Invoice.select(Invoice.customer, pw.fn.MIN(Invoice.invoice_date)).group_by(
        Invoice.customer
    )
    snap.first_invoice = {
        cid: day
        for cid, day in fetch(db, _scoped(first, Invoice.customer, customer_id), tuple_of, None, D)
        if day is not None
    }

    metrics = Metric.select(Metric.customer, Metric.month, Metric.mau, Metric.sponsor_health).where(
        Metric.month <= today, Metric.mau.is_null(False) | Metric.sponsor_health.is_null(False)
    )
    if since is not None:
        # Sponsor health is read as of today and ``trend_days`` ago, up to its max age.
        back = max((0, *trend_days)) + settings["churn.sponsor_health_max_age_days"] + 31
        oldest = today - timedelta(days=back)
        metrics = metrics.where(Metric.month >= oldest)
    scoped = _scoped(metrics, Metric.customer, customer_id).order_by(Metric.month)
    for row in fetch(db, scoped, MetricRow, None, D, None, float):
        snap.metrics.setdefault(row.customer_id, []).append(row)

    _load_meetings(snap, db, today, settings, customer_id, since, end_of_today, health_only)
    if not health_only:
        _load_triage_rows(snap, db, today, customer_id)
    return snap


def _key_person_departed() -> pw.Expression:
    """A Decision Maker or Budget Owner who departed (the risk review's trigger)."""
    key = [c.BuyingLevel.DECISION_MAKER.value, c.BuyingLevel.BUDGET_OWNER.value]
    departed = Stakeholder.status == c.StakeholderStatus.DEPARTED.value
    return departed & Stakeholder.buying_level.in_(key)


def tuple_of(*values: Any) -> tuple[Any, ...]:
    return values


def _load_triage_rows(
    snap: Snapshot, db: pw.Database, today: date, customer_id: int | None
) -> None:
    # FUPs of unpaid invoices: driven by the invoices (activity.invoice_id is indexed),
    # not by a scan of every activity. The status is checked here, not in SQL: given
    # ``status = 'Done'``, SQLite would walk the status index through every done activity.
    unpaid = _scoped(Invoice.select(Invoice.id).where(~_settled()), Invoice.customer, customer_id)
    fups = Activity.select(
        Activity.invoice, Activity.status, Activity.done_at, Activity.due_date
    ).where(Activity.invoice.in_(unpaid), Activity.type == c.ActivityType.FUP.value)
    for invoice_id, status, done_at, due in fetch(db, fups, tuple_of, None, None, T, D):
        done_on = done_at.date() if done_at is not None else due
        if status == c.ActivityStatus.DONE and done_on is not None:
            snap.invoice_fups.setdefault(invoice_id, []).append(done_on)

    pending = Activity.select(
        Activity.id, Activity.customer, Activity.name, Activity.type, Activity.due_date,
        Activity.owner, Activity.created_at, Activity.updated_at,
    ).where(
        Activity.status.in_(_NOT_DONE),  # IN, not !=, so that the status index serves it
        (Activity.due_date < today + timedelta(days=1))  # a date stored with a time too
        | (Activity.due_date.is_null() & (Activity.type == c.ActivityType.FUP.value)),
    )  # fmt: skip
    snap.pending = fetch(
        db, _scoped(pending, Activity.customer, customer_id), ActivityRow,
        None, None, None, None, D, None, T, None,
    )  # fmt: skip

    departed = Stakeholder.select(
        Stakeholder.id, Stakeholder.customer, Stakeholder.name, Stakeholder.buying_level,
        Stakeholder.departed_on, Stakeholder.updated_at,
    ).where(_key_person_departed())  # fmt: skip
    snap.departed = fetch(
        db, _scoped(departed, Stakeholder.customer, customer_id), StakeholderRow,
        None, None, None, None, D, None,
    )  # fmt: skip

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
    snap.projects = fetch(
        db, _scoped(projects, Project.customer, customer_id), ProjectRow,
        None, None, None, None, D, None, None,
    )  # fmt: skip

    states = TriageState.select(
        TriageState.item_id,
        TriageState.snoozed_until,
        TriageState.acknowledged_at,
        TriageState.fingerprint,
    )
    snap.states = {row.item_id: row for row in fetch(db, states, StateRow, None, D, T, None)}


_NOT_DONE = [s.value for s in c.ActivityStatus if s != c.ActivityStatus.DONE]

# ``updated_at`` stays as the database gives it: it only feeds fingerprints.
_CUSTOMER = (None, None, None, None, None, D, D, N, None, T, None)
_MEETING = (None, None, None, T, None, None, None)


def _load_meetings(
    snap: Snapshot,
    db: pw.Database,
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
    window = Meeting.select(
        Meeting.id, Meeting.customer, Meeting.date_time, Meeting.status, Meeting.mood
    ).where(happened)
    if since is not None:
        window = window.where(Meeting.date_time >= _day_start(since))
    by_customer: dict[int, list[HeldMeetingRow]] = defaultdict(list)
    scoped = _scoped(window, Meeting.customer, customer_id)
    for row in fetch(db, scoped, HeldMeetingRow, None, None, T, None, None):
        by_customer[row.customer_id].append(row)
    for rows in by_customer.values():
        rows.sort(key=lambda m: (m.date_time, m.id))
    snap.meetings = dict(by_customer)

    # The last meetings that took place, newest first, taken from the window above
    # (a window-function query over every meeting cost more than all the rest).
    keep = max(RECENT_MEETINGS, settings["disengagement.skipped_in_a_row"])
    snap.recent = {cid: rows[::-1][:keep] for cid, rows in snap.meetings.items()}
    if health_only:
        return

    # "Of every customer" reads the (customer, status, date_time) index a customer at a
    # time (5 ms); asked plainly, SQLite walks the date index through every past meeting.
    scheduled = Meeting.select(*fields).where(
        Meeting.customer.in_(Customer.select(Customer.id)),
        Meeting.status == c.MeetingStatus.SCHEDULED.value,
        Meeting.date_time < end_of_today,
    )
    snap.scheduled = fetch(
        db, _scoped(scheduled, Meeting.customer, customer_id), MeetingRow, *_MEETING
    )

    # Per customer, a correlated MAX: one index seek each on (customer, status, date_time),
    # where a GROUP BY walks every Done meeting (4x slower on 200,000 meetings).
    done = Meeting.alias()
    latest = done.select(pw.fn.MAX(done.date_time)).where(
        done.customer == Customer.id,
        done.status == c.MeetingStatus.DONE.value,
        done.date_time < end_of_today,
    )
    last = _scoped(Customer.select(Customer.id, latest), Customer.id, customer_id)
    snap.last_done = {cid: when for cid, when in fetch(db, last, tuple_of, None, T) if when}

    # Only the customers a key person left need it (the risk review it clears).
    left = Stakeholder.select(Stakeholder.customer).where(_key_person_departed())
    churn = (
        Meeting.select(Meeting.customer, pw.fn.MAX(Meeting.date_time))
        .where(
            Meeting.customer.in_(left),
            Meeting.purpose.includes(c.Purpose.CHURN_RISK.value),
            Meeting.status.in_([c.MeetingStatus.DONE.value, c.MeetingStatus.SCHEDULED.value]),
        )
        .group_by(Meeting.customer)
    )
    snap.churn_meetings = dict(
        fetch(db, _scoped(churn, Meeting.customer, customer_id), tuple_of, None, T)
    )

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
    snap.unactioned = fetch(
        db, _scoped(unactioned, Meeting.customer, customer_id), MeetingRow, *_MEETING
    )
