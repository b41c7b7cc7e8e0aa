"""The triage rules: pure functions of (snapshot, today, settings) yielding items.

One function per concern; each skips churned customers. Severities:
``overdue`` (past its date), ``today`` (due today), ``soon`` (needs attention,
not yet late) and ``info``. Thresholds come from the settings (kamtui.config).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from kamtui.config import Settings
from kamtui.db import choices as c
from kamtui.domain import derived
from kamtui.domain.health import churn_risk
from kamtui.domain.snapshot import ContractRow, CustomerRow, Snapshot
from kamtui.domain.snapshot_rows import to_date
from kamtui.domain.triage_item import TriageItem

Rule = Callable[[Snapshot, date, Settings], Iterator[TriageItem]]


def _days(n: int) -> str:
    return f"{n} day{'s' * (abs(n) != 1)}"


def _money(value: Decimal | None) -> str:
    return f"{derived.money(value):,.2f}"


def _stamp(value: object) -> str:
    # A fingerprint: ``updated_at`` as the database returns it (text on SQLite).
    return "" if value is None else str(value)


def _dated(due: date, today: date) -> str:
    return "overdue" if due < today else "today"


def _item(
    kind: str,
    severity: str,
    customer: CustomerRow | None,
    entity: str,
    record_id: int,
    title: str,
    due: date | None,
    reason: str,
    fingerprint: str,
    stage: int | None = None,
) -> TriageItem:
    if customer is None:
        return TriageItem(kind, severity, None, entity, record_id, title, due, reason,
                          None, None, stage, fingerprint)  # fmt: skip
    return TriageItem(kind, severity, customer.name, entity, record_id, title, due, reason,
                      customer.tier, customer.id, stage, fingerprint)  # fmt: skip


# -- contracts ----------------------------------------------------------------


def _renewed(contracts: list[ContractRow], end: date, exclude: int | None = None) -> bool:
    """Another Active contract runs past ``end``: the account was renewed."""
    return any(
        k.status == c.ContractStatus.ACTIVE
        and k.id != exclude
        and (k.expiration_date is None or k.expiration_date > end)
        for k in contracts
    )


def contracts(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """renewal, contract_expired and contract_stalled."""
    soon = settings["renewal.soon_days"]
    stall = settings["contract.stall_days"]
    windows = {tier: settings[f"renewal.window_days.{tier.lower()}"] for tier in "ABC"}
    for cid, customer in snap.active.items():
        window = windows.get((customer.tier or "C").upper(), windows["C"])
        own = snap.contracts_by_customer.get(cid, [])
        active = [k for k in own if k.status == c.ContractStatus.ACTIVE and k.expiration_date]
        # (date, entity, id, title, value, fingerprint); the customer's own date only
        # when no Active contract already ends that day.
        ends = [
            (k.expiration_date, "contract", k.id, k.name, k.value or customer.arr, k.updated_at)
            for k in active
            if not _renewed(own, k.expiration_date, exclude=k.id)
        ]
        if (
            customer.contract_end
            and customer.contract_end not in {k.expiration_date for k in active}
            and not _renewed(own, customer.contract_end)
        ):
            ends.append(
                (customer.contract_end, "customer", cid, customer.name, customer.arr,
                 customer.updated_at)
            )  # fmt: skip
        for end, entity, rid, title, value, stamp in ends:
            left = (end - today).days
            at_stake = f"; {_money(value)} at stake" if value else ""
            if left < 0:
                yield _item("contract_expired", "overdue", customer, entity, rid, title, end,
                            f"expired {_days(-left)} ago ({end.isoformat()}) and no newer "
                            f"contract{at_stake}", _stamp(stamp))  # fmt: skip
            elif left <= window:
                severity = "today" if left == 0 else "soon" if left <= soon else "info"
                yield _item("renewal", severity, customer, entity, rid, title, end,
                            f"ends in {_days(left)} ({end.isoformat()}), inside the tier "
                            f"{customer.tier or 'C'} renewal window of {window} days{at_stake}",
                            _stamp(stamp))  # fmt: skip
        for k in own:
            if k.status not in (c.ContractStatus.DRAFT, c.ContractStatus.APPROVAL):
                continue
            milestones = [
                d for d in (k.created_at, k.internally_approved_at, k.externally_approved_at) if d
            ]
            if not milestones:
                continue
            last = max(milestones)
            idle = (today - last).days
            if idle > stall:
                yield _item("contract_stalled", "overdue", customer, "contract", k.id, k.name,
                            last + timedelta(days=stall),
                            f"{k.status} with no milestone for {_days(idle)} (last "
                            f"{last.isoformat()})", _stamp(k.updated_at))  # fmt: skip


# -- invoices -----------------------------------------------------------------


def invoices(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """invoice_to_send, invoice_follow_up (stages 1-3) and invoice_disputed."""
    wait = settings["invoice.follow_up_days"]
    for inv in snap.invoices:
        customer = snap.active.get(inv.customer_id)
        if customer is None:
            continue
        status, due_amount, owed = snap.figures_on(inv, today)
        if status == c.PaymentStatus.PAID:
            continue
        stamp = _stamp(inv.updated_at)
        if inv.invoice_date and inv.invoice_date <= today and inv.sent_date is None:
            yield _item("invoice_to_send", _dated(inv.invoice_date, today), customer, "invoice",
                        inv.id, inv.name, inv.invoice_date,
                        f"dated {inv.invoice_date.isoformat()} and not sent yet "
                        f"({_money(due_amount)})", stamp)  # fmt: skip
        if status == c.PaymentStatus.DISPUTED:
            yield _item("invoice_disputed", "info", customer, "invoice", inv.id, inv.name,
                        inv.invoice_due_date, f"disputed; {_money(owed)} unpaid",
                        stamp)  # fmt: skip
        elif status == c.PaymentStatus.OVERDUE:
            done = sorted(snap.invoice_fups.get(inv.id, []))
            late = (today - inv.invoice_due_date).days
            if not done:
                stage, due = 1, inv.invoice_due_date
                why = "first follow-up: none logged yet"
            else:
                last = done[-1]
                if (today - last).days < wait:
                    continue  # the customer has time to answer the last follow-up
                stage, due = min(len(done) + 1, 3), last + timedelta(days=wait)
                why = (
                    "second follow-up" if stage == 2 else "escalate"
                ) + f": {len(done)} done, the last {_days((today - last).days)} ago"
            yield _item("invoice_follow_up", "overdue", customer, "invoice", inv.id, inv.name,
                        due, f"{_money(owed)} unpaid, {_days(late)} past due; {why}", stamp,
                        stage=stage)  # fmt: skip


# -- activities and projects --------------------------------------------------


def activities(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """activity_overdue, activity_due and fup_unresolved (pending activities)."""
    age = settings["activity.fup_age_days"]
    for act in snap.pending:
        customer = snap.active.get(act.customer_id)
        if customer is None and act.customer_id is not None:
            continue  # a churned customer's activity
        kind_of = f"{act.type or 'Activity'}"
        stamp = _stamp(act.updated_at)
        if act.due_date is not None:
            if act.due_date < today:
                yield _item("activity_overdue", "overdue", customer, "activity", act.id,
                            act.name, act.due_date,
                            f"{kind_of} due {act.due_date.isoformat()}, "
                            f"{_days((today - act.due_date).days)} late", stamp)  # fmt: skip
            elif act.due_date == today:
                yield _item("activity_due", "today", customer, "activity", act.id, act.name,
                            act.due_date, f"{kind_of} due today", stamp)  # fmt: skip
        elif act.type == c.ActivityType.FUP and act.created_at is not None:
            opened = act.created_at.date()
            if (today - opened).days > age:
                yield _item("fup_unresolved", "overdue", customer, "activity", act.id, act.name,
                            opened + timedelta(days=age),
                            f"FUP open for {_days((today - opened).days)} with no due date",
                            stamp)  # fmt: skip


def projects(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """project_overdue and project_at_risk."""
    for p in snap.projects:
        customer = snap.active.get(p.customer_id)
        if customer is None:
            continue
        stamp = _stamp(p.updated_at)
        if p.deadline is not None and p.deadline < today:
            yield _item("project_overdue", "overdue", customer, "project", p.id, p.name,
                        p.deadline, f"deadline {p.deadline.isoformat()} passed "
                        f"{_days((today - p.deadline).days)} ago, status {p.status or 'not set'}",
                        stamp)  # fmt: skip
        if p.health_status in (c.HealthStatus.AT_RISK, c.HealthStatus.BLOCKED):
            deadline = f", deadline {p.deadline.isoformat()}" if p.deadline else ""
            yield _item("project_at_risk", "soon", customer, "project", p.id, p.name, p.deadline,
                        f"health is {p.health_status}{deadline}", stamp)  # fmt: skip


# -- people and meetings ------------------------------------------------------


def stakeholders(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """risk_review: a Decision Maker or Budget Owner departed, no Churn Risk meeting since."""
    for s in snap.departed:
        customer = snap.active.get(s.customer_id)
        if customer is None:
            continue
        # ``updated_at`` is raw (text on SQLite): read as a date only when needed.
        left = s.departed_on or (to_date(s.updated_at) if s.updated_at else today)
        review = snap.churn_meetings.get(s.customer_id)
        if review is not None and review.date() >= left:
            continue
        yield _item("risk_review", "overdue", customer, "stakeholder", s.id, s.name, left,
                    f"{s.buying_level} {s.name} departed on {left.isoformat()}; no Churn Risk "
                    "meeting since", _stamp(s.updated_at))  # fmt: skip


def meetings(snap: Snapshot, today: date, settings: Settings) -> Iterator[TriageItem]:
    """meeting_to_update, meeting_today, next_steps_without_activity, cadence, disengagement."""
    for m in snap.scheduled:
        customer = snap.active.get(m.customer_id)
        if customer is None or m.date_time is None:
            continue
        day = m.date_time.date()
        if day < today:
            yield _item("meeting_to_update", "overdue", customer, "meeting", m.id, m.name, day,
                        f"scheduled for {m.date_time:%Y-%m-%d %H:%M} and still says Scheduled",
                        _stamp(m.updated_at))  # fmt: skip
        else:
            yield _item("meeting_today", "info", customer, "meeting", m.id, m.name, day,
                        f"today at {m.date_time:%H:%M}", _stamp(m.updated_at))  # fmt: skip
    for m in snap.unactioned:
        customer = snap.active.get(m.customer_id)
        if customer is None:
            continue
        day = m.date_time.date()
        yield _item("next_steps_without_activity", _dated(day, today), customer, "meeting", m.id,
                    m.name, day, "has next steps but no activity logged for them",
                    _stamp(m.updated_at))  # fmt: skip
    in_a_row = settings["disengagement.skipped_in_a_row"]
    for cid, customer in snap.active.items():
        yield from _cadence(snap, customer, today, settings)
        last = snap.recent.get(cid, [])[:in_a_row]
        if len(last) == in_a_row and all(
            m.status == c.MeetingStatus.SKIPPED_BY_CUSTOMER for m in last
        ):
            day = last[0].date_time.date()
            yield _item("disengagement", "soon", customer, "customer", cid, customer.name, day,
                        f"the last {in_a_row} meetings were skipped by the customer (latest "
                        f"{day.isoformat()})", _stamp(last[0].date_time))  # fmt: skip


def _cadence(
    snap: Snapshot, customer: CustomerRow, today: date, settings: Settings
) -> Iterator[TriageItem]:
    if not customer.cadence:
        return
    key = customer.cadence.lower().replace("-", "_")
    interval = settings[f"cadence.interval_days.{key}"]
    last = snap.last_done.get(customer.id)
    if last is not None:
        since, told = last.date(), f"last Done meeting {last.date().isoformat()}"
    else:
        since = customer.contract_start or (
            customer.created_at.date() if customer.created_at else today
        )
        told = f"no Done meeting yet (customer since {since.isoformat()})"
    due = since + timedelta(days=interval)
    if due <= today:
        yield _item("cadence_overdue", _dated(due, today), customer, "customer", customer.id,
                    customer.name, due,
                    f"{customer.cadence} cadence: a touchpoint every {_days(interval)}; {told}",
                    _stamp(last))  # fmt: skip


# -- health -------------------------------------------------------------------


def health_items(
    snap: Snapshot,
    today: date,
    settings: Settings,
    scores: dict[int, tuple[int | None, int | None]],
) -> Iterator[TriageItem]:
    """churn_risk (from each customer's score now and ``churn.rise_days`` ago) and
    low_activation."""
    alert, rise, days = (
        settings["churn.alert_score"],
        settings["churn.alert_rise"],
        settings["churn.rise_days"],
    )
    for cid, (score, earlier) in scores.items():
        if score is None:
            continue
        reasons = []
        if score >= alert:
            reasons.append(f"churn risk {score} (alert at {alert:g})")
        if earlier is not None and score - earlier >= rise:
            reasons.append(f"up {score - earlier} points in {_days(days)}")
        if reasons:
            customer = snap.customers[cid]
            risk = churn_risk(snap, cid, today, settings)
            top = max(risk.factors, key=lambda f: f.contribution)
            yield _item("churn_risk", "soon", customer, "customer", cid, customer.name, today,
                        f"{', '.join(reasons)}; largest factor: {top.label.lower()} "
                        f"({top.value})", str(score // 10))  # fmt: skip
    threshold = settings["activation.threshold"]
    after = settings["activation.after_days"]
    for cid, customer in snap.active.items():
        if not customer.contract_start:
            continue
        if (today - customer.contract_start).days <= after or not customer.contracted_licenses:
            continue
        latest = next((m for m in reversed(snap.metrics.get(cid, ())) if m.mau is not None), None)
        if latest is None:
            continue
        rate = derived.activation(latest.mau, customer.contracted_licenses)
        if rate is not None and rate < threshold:
            yield _item("low_activation", "soon", customer, "customer", cid, customer.name,
                        customer.contract_start + timedelta(days=after),
                        f"activation {rate}% ({latest.mau} of {customer.contracted_licenses} "
                        f"licenses, {latest.month:%b %Y}) under {threshold:g}% "
                        f"{_days((today - customer.contract_start).days)} after contract start",
                        latest.month.isoformat())  # fmt: skip


RULES: tuple[Rule, ...] = (contracts, invoices, activities, projects, stakeholders, meetings)
