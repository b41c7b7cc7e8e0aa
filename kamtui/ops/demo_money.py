"""The demo's contracts, invoices (with their follow-ups) and monthly metrics.

Invoices follow each contract's billing frequency. A handful of accounts carry
one invoice in a known state on ``today``: overdue with no, one or two done
follow-ups of different ages, partly paid, disputed, or not sent yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from kamtui.db.models import Activity, Contract, Invoice, Metric, Stakeholder
from kamtui.ops import demo_data as words
from kamtui.ops.demo_base import HORIZON, Account, Demo

#: scenario -> (days past due, ages in days of the done follow-ups)
INVOICE_SCENARIOS: dict[str, tuple[int, tuple[int, ...]]] = {
    "first_follow_up": (4, ()),
    "follow_up_pending": (26, ()),
    "second_follow_up": (19, (10,)),
    "waiting_answer": (12, (3,)),
    "escalate": (47, (33, 16)),
    "partial": (15, ()),
    "disputed": (30, (20,)),
    "to_send": (0, ()),
    "partial_open": (-10, ()),
}
_MONTHS = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}
CENT = Decimal("0.01")


# -- contracts -----------------------------------------------------------------------


def add_contracts(demo: Demo) -> None:
    for account in demo.accounts:
        if account.kickoff < account.term_start:
            start = account.term_start - relativedelta(years=1)
            _save_contract(demo, account, start, account.term_start, "Active")
        account.contract = _save_contract(
            demo, account, account.term_start, account.expiry, "Active"
        )
        _renewal(demo, account)


def _signers(account: Account) -> list[Stakeholder]:
    return [p for p in account.people if p.buying_level in ("Decision Maker", "Budget Owner")]


def _terms(account: Account) -> tuple[str, str]:
    hours = {"A": 2, "B": 4}.get(account.tier, 8)
    commitments = (
        f"{account.licenses} named user licences and {account.features} modules; "
        f"99.9% monthly uptime; support answers within {hours} business hours; "
        f"{'two QBRs a year' if account.tier != 'C' else 'one review a year'}."
    )
    penalties = (
        "5% service credit per 0.1% under the uptime SLA, capped at 20% of the monthly fee; "
        "late payment interest of 1% a month after 30 days."
    )
    return commitments, penalties


def _save_contract(demo: Demo, account: Account, start: date, end: date, status: str) -> Contract:
    rng = demo.rng
    created = start - timedelta(days=rng.randint(40, 70))
    internal = created + timedelta(days=rng.randint(4, 12))
    external = internal + timedelta(days=rng.randint(5, 15))
    signed = min(external + timedelta(days=rng.randint(1, 5)), start)
    years = max(1, round((end - start).days / 365))
    commitments, penalties = _terms(account)
    return demo.save(
        Contract,
        demo.at(signed, 17),
        customer=account.record,
        stakeholders=_signers(account),
        status=status,
        created_at=created,
        internally_approved_at=internal,
        externally_approved_at=external,
        signed_at=signed,
        expiration_date=end,
        contractual_commitments=commitments,
        penalties=penalties,
        value=account.arr * years,
        billing_frequency=account.billing,
    )


def _renewal(demo: Demo, account: Account) -> None:
    """Renewals under negotiation: stalled in Approval or Draft, or just started."""
    stages = {
        "stalled_approval": ("Approval", -38, -22),
        "stalled_draft": ("Draft", -25, None),
        "fresh_draft": ("Draft", -4, None),
    }
    stage = next((stages[role] for role in stages if role in account.roles), None)
    if stage is None:
        return
    status, created, approved = stage
    commitments, penalties = _terms(account)
    demo.save(
        Contract,
        demo.at(demo.day(approved or created), 12),
        name=f"{account.name} Renewal {account.expiry.year}",
        customer=account.record,
        stakeholders=_signers(account),
        status=status,
        created_at=demo.day(created),
        internally_approved_at=demo.day(approved) if approved else None,
        expiration_date=account.expiry + relativedelta(years=2),
        contractual_commitments=commitments,
        penalties=penalties + " Price uplift capped at 5%.",
        value=(account.arr * Decimal("2.1")).quantize(CENT),
        billing_frequency=account.billing,
    )


# -- invoices ------------------------------------------------------------------------


def _scenario(account: Account) -> str | None:
    return next((r.split(":")[1] for r in account.roles if r.startswith("invoice:")), None)


def _invoice_days(demo: Demo, account: Account, net: int) -> tuple[list[date], date | None]:
    """Invoice dates of the past year (and the next one planned) and the scenario's date."""
    scenario = _scenario(account)
    months = _MONTHS.get(account.billing)
    first = max(account.kickoff, demo.day(-380))
    last = demo.day(HORIZON) if account.active else account.expiry
    if scenario == "to_send":
        anchor = demo.day(-2)
    elif scenario:
        anchor = demo.day(-INVOICE_SCENARIOS[scenario][0] - net)
    elif months is None:
        anchor = account.term_start
    else:
        anchor = demo.day(-demo.rng.randint(0, months * 30 - 1))
    if months is None:
        return ([anchor] if first <= anchor <= last else []), (anchor if scenario else None)
    days = []
    n = 0
    while (day := anchor - relativedelta(months=months * n)) >= first:
        days.append(day)
        n += 1
    n = 1
    while (day := anchor + relativedelta(months=months * n)) <= last:
        days.append(day)
        if day > demo.today:
            break  # only the next invoice is planned ahead
        n += 1
    return sorted(d for d in days if d <= last), (anchor if scenario else None)


def add_invoices(demo: Demo) -> None:
    rng = demo.rng
    for account in demo.accounts:
        net = rng.choice((30, 30, 45, 15))
        tax_rate = rng.choice((Decimal(0), Decimal("0.08"), Decimal("0.2")))
        with_po = rng.random() < 0.5
        months = _MONTHS.get(account.billing)
        amount = (
            (account.arr * months / 12).quantize(CENT)
            if months
            else account.contract.value.quantize(CENT)
        )
        days, anchor = _invoice_days(demo, account, net)
        for day in days:
            scenario = _scenario(account) if day == anchor else None
            _save_invoice(demo, account, day, net, amount, tax_rate, with_po, scenario)


def _billing_contact(account: Account, on: date) -> Stakeholder:
    present = account.present(on)
    owners = [p for p in present if p.buying_level == "Budget Owner"]
    return (owners or present or account.people)[0]


def _save_invoice(
    demo: Demo,
    account: Account,
    day: date,
    net: int,
    amount: Decimal,
    tax_rate: Decimal,
    with_po: bool,
    scenario: str | None,
) -> None:
    rng = demo.rng
    today = demo.today
    due = day + timedelta(days=net)
    values: dict[str, object] = dict(
        customer=account.record,
        billing_contact=_billing_contact(account, day),
        invoice_date=day,
        invoice_due_date=due,
        po_number=f"PO-{rng.randint(10000, 99999)}" if with_po else None,
        invoice_amount=amount,
        tax_amount=(amount * tax_rate / (1 + tax_rate)).quantize(CENT, ROUND_HALF_UP),
        payment_status="Open",
    )
    if day <= today and scenario != "to_send":
        sent = min(day + timedelta(days=rng.randint(0, 1)), today)
        values.update(sent_date=sent, received_date=min(sent + timedelta(days=1), today))
    if due < today and scenario is None:
        paid = min(max(due + timedelta(days=rng.randint(-12, 6)), day + timedelta(days=1)), today)
        paid = min(paid, today - timedelta(days=1))
        values.update(
            payment_status="Paid",
            paid_date=paid,
            amount_collected=amount,
            payment_method=rng.choice(words.PAYMENT_METHODS),
            transaction_id=f"TX{rng.randrange(16**8):08X}",
        )
        if rng.random() < 0.06:
            discount = (amount * Decimal("0.05")).quantize(CENT)
            values.update(
                discount_applied=discount,
                discount_reason="Service credit for the outage in the billing period",
                amount_collected=amount - discount,
            )
    elif scenario in ("partial", "partial_open"):
        values.update(
            payment_status="Partial", amount_collected=(amount * Decimal("0.4")).quantize(CENT)
        )
        if scenario == "partial_open":
            values["invoice_due_date"] = today + timedelta(days=10)
    elif scenario == "escalate":
        values["payment_status"] = "Overdue"  # typed by Finance; the status is derived anyway
    elif scenario == "disputed":
        values.update(
            payment_status="Disputed",
            notes="Customer disputes the overage line: says the extra seats were never used.",
        )
    created = demo.at(min(day, today) - timedelta(days=1), 16)
    touched = values.get("paid_date") or values.get("sent_date")
    updated = demo.at(touched, 17) if isinstance(touched, date) else created
    invoice = demo.save(Invoice, created, updated_at=updated, **values)
    account.invoices.append(invoice)
    ages = INVOICE_SCENARIOS[scenario][1] if scenario else ()
    for number, age in enumerate(sorted(ages, reverse=True), start=1):
        _follow_up(demo, account, invoice, demo.day(-age), done=True, number=number)
    if scenario == "follow_up_pending":
        _follow_up(demo, account, invoice, demo.day(-3), done=False, number=1)
    paid_late = values.get("paid_date") and values["paid_date"] > due + timedelta(days=3)
    if paid_late:
        _follow_up(demo, account, invoice, due + timedelta(days=2), done=True, number=1)


def _follow_up(
    demo: Demo, account: Account, invoice: Invoice, day: date, *, done: bool, number: int
) -> None:
    when = demo.at(day, 10 + number)
    ordinal = {1: "First", 2: "Second"}.get(number, "Another")
    demo.save(
        Activity,
        when - timedelta(days=1),
        name=f"{ordinal} payment reminder: {invoice.name}",
        type="FUP",
        status="Done" if done else "Pending",
        due_date=day,
        customer=account.record,
        stakeholder=invoice.billing_contact,
        invoice=invoice,
        owner=words.FINANCE,
        category="Recurrent",
        notes="Reminder sent by email with the invoice attached." if done else None,
        done_at=when if done else None,
        updated_at=when if done else when - timedelta(days=1),
    )


# -- metrics -------------------------------------------------------------------------


def add_metrics(demo: Demo) -> None:
    """One record per customer per month for the last twelve complete months."""
    this_month = demo.today.replace(day=1)
    for account in demo.accounts:
        rng = demo.rng
        target = (
            rng.uniform(0.25, 0.45)
            if "low_activation" in account.roles
            else rng.uniform(0.55, 0.95)
        )
        spread = rng.uniform(0.4, 0.9)
        sponsor = rng.uniform(3.5, 4.8)
        nps = rng.randint(10, 60)
        kickoff_month = account.kickoff.replace(day=1)
        for back in range(12, 0, -1):
            month = this_month - relativedelta(months=back)
            if month < kickoff_month or (not account.active and month > account.expiry):
                continue
            age = (month.year - kickoff_month.year) * 12 + month.month - kickoff_month.month
            ramp = min(1.0, (age + 1) / 4)
            health, score = sponsor, nps
            if "churn_risk" in account.roles and back <= 4:
                health, score = (3.4, 2.8, 2.1, 1.5)[4 - back], nps - 15 * (5 - back)
            elif "disengaged" in account.roles and back <= 3:
                health, score = sponsor - 0.6 * (4 - back), nps - 10 * (4 - back)
            activation = target * ramp * rng.uniform(0.92, 1.05)
            demo.save(
                Metric,
                demo.at(month + relativedelta(months=1), 8),
                customer=account.record,
                month=month,
                mau=min(account.licenses, round(account.licenses * activation)),
                average_session_time=demo.dec(8, 45),
                user_login_frequency=demo.dec(3, 20),
                depth_of_usage=max(1, round(account.features * spread * ramp)),
                ramp_up_rate=demo.dec(5, 30),
                roi=demo.dec(1.5, 6.0),
                goal_completion_rate=demo.dec(40, 95, 0),
                business_outcomes_reached=rng.randint(0, 6),
                value_generated=demo.money(5_000, 80_000),
                nps=max(-100, min(100, score + rng.randint(-5, 5))),
                csat=demo.dec(max(1.0, health - 0.5), min(5.0, health + 0.4)),
                sponsor_health=Decimal(str(round(max(1.0, min(5.0, health)), 1))),
                response_time=demo.dec(1, 48),
                proactive_interactions=rng.randint(0, 10) if health > 2.5 else rng.randint(0, 1),
                maturity=demo.dec(20 + 50 * ramp, 40 + 50 * ramp, 0),
            )
