"""Derived values are derived: meeting customer, auto names, effective statuses, DSO,
activation and adoption spread."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Contract, Customer, Invoice, Meeting, Stakeholder
from kamtui.domain import derived, names
from kamtui.ops.records import ValidationError, save_record
from kamtui.ops.serialize import record_dict

TODAY = date(2026, 12, 4)


@pytest.fixture
def two_customers(db: object, ctx: ParseContext) -> tuple[Customer, Customer]:
    acme = save_record(Customer, {"name": "Customer A"}, ctx)
    beta = save_record(Customer, {"name": "Beta Corp"}, ctx)
    for name, customer in (("Anna", acme), ("Ali", acme), ("Bea", beta)):
        save_record(Stakeholder, {"name": name, "customer": customer}, ctx)
    return acme, beta


# -- meeting customer ---------------------------------------------------------------


def test_meeting_customer_comes_from_its_stakeholders(two_customers, ctx) -> None:
    meeting = save_record(Meeting, {"stakeholders": "Anna, Ali", "meeting_type": "QBR"}, ctx)
    assert meeting.customer.name == "Customer A"
    assert sorted(s.name for s in meeting.stakeholders) == ["Ali", "Anna"]


def test_meeting_of_two_customers_stakeholders_is_refused(two_customers, ctx) -> None:
    anna = Stakeholder.get(Stakeholder.name == "Anna")
    bea = Stakeholder.get(Stakeholder.name == "Bea")
    with pytest.raises(ValidationError) as caught:
        save_record(Meeting, {"stakeholders": [anna, bea]}, ctx)
    assert caught.value.fields == ["stakeholders"]
    assert "not of Beta Corp and Customer A" in str(caught.value)
    assert Meeting.select().count() == 0


def test_meeting_customer_must_match_its_stakeholders(two_customers, ctx) -> None:
    bea = Stakeholder.get(Stakeholder.name == "Bea")
    with pytest.raises(ValidationError) as caught:
        save_record(Meeting, {"customer": "Customer A", "stakeholders": [bea]}, ctx)
    assert caught.value.fields == ["customer"]
    assert "Beta Corp, the customer of the stakeholders" in str(caught.value)


def test_meeting_without_stakeholders_names_its_customer(two_customers, ctx) -> None:
    meeting = save_record(Meeting, {"customer": "beta corp"}, ctx)
    assert meeting.customer.name == "Beta Corp"
    with pytest.raises(ValidationError) as caught:
        save_record(Meeting, {"review": "who was it with?"}, ctx)
    assert caught.value.fields == ["customer"]
    assert "a customer (or stakeholders who belong to one)" in str(caught.value)


# -- auto names ---------------------------------------------------------------------


def test_invoice_name_follows_the_seed_pattern_and_stays_unique(two_customers, ctx) -> None:
    first = save_record(Invoice, {"customer": "Customer A", "invoice_date": "Jul 3 2026"}, ctx)
    second = save_record(Invoice, {"customer": "Customer A", "invoice_date": "2026-07-20"}, ctx)
    third = save_record(Invoice, {"customer": "Customer A", "invoice_date": "2026-07-31"}, ctx)
    other = save_record(Invoice, {"customer": "Beta Corp", "invoice_date": "2026-07-01"}, ctx)
    assert (first.name, second.name, third.name) == (
        "CustomerA-jul26",
        "CustomerA-jul26-2",
        "CustomerA-jul26-3",
    )
    assert other.name == "BetaCorp-jul26"  # unique within the customer only


def test_typed_names_win_over_auto_names(two_customers, ctx) -> None:
    invoice = save_record(Invoice, {"customer": "Customer A", "name": "INV-001"}, ctx)
    assert invoice.name == "INV-001"


def test_meeting_and_contract_auto_names(two_customers, ctx) -> None:
    qbr = save_record(
        Meeting, {"stakeholders": "Anna", "meeting_type": "QBR", "date_time": "Dec 1 2026"}, ctx
    )
    again = save_record(
        Meeting,
        {"stakeholders": "Ali", "meeting_type": "QBR", "date_time": "2026-12-01 16:00"},
        ctx,
    )
    contract = save_record(Contract, {"customer": "Customer A", "signed_at": "2026-03-01"}, ctx)
    assert qbr.name == "Customer A QBR 2026-12-01"
    assert again.name == "Customer A QBR 2026-12-01-2"
    assert contract.name == "Customer A Contract 2026"


@pytest.mark.parametrize(
    ("base", "taken", "expected"),
    [
        ("X-jul26", [], "X-jul26"),
        ("X-jul26", ["x-JUL26"], "X-jul26-2"),
        ("X-jul26", ["X-jul26", "X-jul26-2", "X-jul26-3"], "X-jul26-4"),
    ],
)
def test_unique_suffix(base: str, taken: list[str], expected: str) -> None:
    assert names.unique(base, taken) == expected


@pytest.mark.parametrize(
    ("customer", "expected"),
    [("Customer A", "CustomerA"), ("acme corp", "AcmeCorp"), ("Müller & Co.", "MllerCo")],
)
def test_invoice_customer_part(customer: str, expected: str) -> None:
    assert names.compact(customer) == expected


# -- effective statuses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "due", "expected"),
    [
        ("Pending", date(2026, 12, 3), "Overdue"),
        ("Pending", TODAY, "Pending"),  # due today is not late yet
        ("Pending", None, "Pending"),
        ("Done", date(2026, 1, 1), "Done"),
        ("Overdue", date(2027, 1, 1), "Pending"),  # a stale typed word does not stick
    ],
)
def test_activity_status(stored: str, due: date | None, expected: str) -> None:
    assert derived.activity_status(stored, due, TODAY) == expected


def _invoice(**values: object) -> SimpleNamespace:
    base = {
        "invoice_amount": Decimal("1000"),
        "discount_applied": None,
        "amount_collected": None,
        "invoice_date": date(2026, 10, 1),
        "invoice_due_date": date(2026, 10, 31),
        "paid_date": None,
        "received_date": None,
        "payment_status": "Open",
    }
    return SimpleNamespace(**(base | values))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"invoice_due_date": date(2026, 12, 31)}, "Open"),
        ({"invoice_due_date": date(2026, 12, 31), "amount_collected": Decimal("10")}, "Partial"),
        ({"amount_collected": Decimal("400")}, "Overdue"),  # partial but past due
        ({"amount_collected": Decimal("1000")}, "Paid"),
        ({"amount_collected": Decimal("900"), "discount_applied": Decimal("100")}, "Paid"),
        ({"payment_status": "Disputed", "amount_collected": Decimal("1000")}, "Disputed"),
        ({"payment_status": "Paid"}, "Overdue"),  # typed Paid, nothing collected: not paid
        ({"invoice_amount": None, "payment_status": "Paid"}, "Paid"),
    ],
)
def test_invoice_status(values: dict, expected: str) -> None:
    assert derived.invoice_status(_invoice(**values), TODAY) == expected


@pytest.mark.parametrize(
    ("stored", "expiration", "renewed", "expected"),
    [
        ("Active", date(2026, 12, 1), False, "Overdue"),
        ("Active", date(2026, 12, 1), True, "Renewed"),
        ("Active", date(2027, 12, 1), False, "Active"),
        ("Draft", date(2026, 1, 1), False, "Draft"),
    ],
)
def test_contract_status(stored: str, expiration: date, renewed: bool, expected: str) -> None:
    assert derived.contract_status(stored, expiration, renewed, TODAY) == expected


# -- DSO ------------------------------------------------------------------------------


def test_invoice_dso() -> None:
    paid = _invoice(amount_collected=Decimal("1000"), paid_date=date(2026, 10, 21))
    assert derived.invoice_dso(paid, TODAY) == 20
    open_one = _invoice()
    assert derived.invoice_dso(open_one, TODAY) == (TODAY - date(2026, 10, 1)).days  # 64
    assert derived.invoice_dso(_invoice(invoice_date=date(2027, 1, 1)), TODAY) is None
    assert derived.invoice_dso(_invoice(invoice_date=None), TODAY) is None


def test_customer_dso_is_weighted_by_amount() -> None:
    small = _invoice(
        invoice_amount=Decimal("100"), amount_collected=Decimal("100"), paid_date=date(2026, 10, 11)
    )  # 10 days
    big = _invoice(
        invoice_amount=Decimal("300"), amount_collected=Decimal("300"), paid_date=date(2026, 10, 31)
    )  # 30 days
    ancient = _invoice(invoice_date=date(2024, 1, 1))  # outside the 365-day window
    assert derived.weighted_dso([small, big, ancient], TODAY) == Decimal("25.0")
    assert derived.weighted_dso([], TODAY) is None


def test_dso_is_exported_per_invoice_and_per_customer(two_customers, ctx) -> None:
    invoice = save_record(
        Invoice,
        {
            "customer": "Customer A",
            "invoice_date": "2026-11-04",
            "invoice_amount": "500",
            "amount_collected": "500",
            "paid_date": "2026-11-19",
        },
        ctx,
    )
    assert record_dict(invoice, TODAY)["dso"] == 15
    assert record_dict(Customer.get(Customer.name == "Customer A"), TODAY)["dso"] == "15.00"
    assert record_dict(Customer.get(Customer.name == "Beta Corp"), TODAY)["dso"] is None


# -- activation and adoption spread ----------------------------------------------------


@pytest.mark.parametrize(
    ("used", "contracted", "expected"),
    [(45, 60, Decimal("75.0")), (1, 3, Decimal("33.3")), (0, 10, Decimal("0.0")),
     (5, None, None), (5, 0, None), (None, 10, None)],
)  # fmt: skip
def test_activation_and_adoption_spread(used, contracted, expected) -> None:
    assert derived.activation(used, contracted) == expected
    assert derived.adoption_spread(used, contracted) == expected


def test_metric_export_derives_activation_from_the_customer(db, ctx) -> None:
    save_record(
        Customer, {"name": "Acme", "contracted_licenses": 200, "contracted_features": 8}, ctx
    )
    from kamtui.db.models import Metric

    metric = save_record(
        Metric, {"customer": "Acme", "month": "Nov 2026", "mau": "150", "depth_of_usage": 6}, ctx
    )
    data = record_dict(metric, TODAY)
    assert data["month"] == "2026-11-01"
    assert (data["activation"], data["adoption_spread"]) == ("75.00", "75.00")
    assert data["name"] == "Acme 2026-11"


# -- stamped on change -------------------------------------------------------------------


def test_departed_on_starts_the_risk_clock(two_customers, ctx) -> None:
    anna = Stakeholder.get(Stakeholder.name == "Anna")
    save_record(Stakeholder, {"status": "Departed"}, ctx, anna)
    assert anna.departed_on == TODAY
    later = ParseContext(date(2026, 12, 20))
    save_record(Stakeholder, {"role": "CFO"}, later, anna)
    assert anna.departed_on == TODAY  # not restarted by an unrelated edit
    save_record(Stakeholder, {"status": "Active"}, later, anna)
    assert anna.departed_on is None


def test_done_at_is_stamped_when_an_activity_is_done(two_customers, ctx) -> None:
    activity = save_record(Activity, {"name": "Call", "customer": "Customer A"}, ctx)
    assert activity.done_at is None
    save_record(Activity, {"status": "done"}, ctx, activity)
    assert activity.done_at == datetime(2026, 12, 4, 9, 30)
