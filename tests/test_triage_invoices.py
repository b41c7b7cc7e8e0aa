"""Invoice rules: to send, disputed, and the follow-up stages 1, 2, 3 and the quiet week."""

from __future__ import annotations

import pytest
from triage_data import CTX, activity, at, customer, days, invoice, items, one

from kamtui.config import Settings
from kamtui.ops.triage_actions import done

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize(
    ("dated", "sent", "paid", "expected"),
    [
        (0, None, False, "today"),
        (-1, None, False, "overdue"),
        (1, None, False, None),
        (-1, -1, False, None),
        (-1, None, True, None),
    ],
)
def test_invoice_to_send(dated: int, sent: int | None, paid: bool, expected: str | None) -> None:
    invoice(
        customer(),
        invoice_date=days(dated),
        invoice_due_date=days(dated + 30),
        sent_date=days(sent) if sent is not None else "",
        amount_collected="1000" if paid else "0",
    )
    assert [i.severity for i in items("invoice_to_send")] == ([expected] if expected else [])


def test_disputed_invoice_is_info_and_not_followed_up() -> None:
    invoice(customer(), payment_status="Disputed")
    assert items("invoice_follow_up") == []
    assert one("invoice_disputed").severity == "info"


def _fup(cust: object, inv: object, done_days_ago: int) -> None:
    activity(cust, "Chase", type="FUP", status="Done", invoice=inv, done_at=at(-done_days_ago))


def test_stage_1_when_past_due_and_no_follow_up_done() -> None:
    inv = invoice(customer(), invoice_due_date=days(-1))
    item = one("invoice_follow_up")
    assert (item.stage, item.severity, item.due) == (1, "overdue", days(-1))
    assert item.id == f"invoice_follow_up:invoice:{inv.id}:1"


def test_no_follow_up_on_the_due_date_itself_or_when_paid() -> None:
    acme = customer()
    invoice(acme, name="due-today", invoice_due_date=days(0))
    invoice(acme, name="paid", invoice_due_date=days(-20), amount_collected="1000")
    assert items("invoice_follow_up") == []


def test_partial_payment_still_followed_up_for_what_is_left() -> None:
    invoice(customer(), amount_collected="400")
    assert "600.00 unpaid" in one("invoice_follow_up").reason


@pytest.mark.parametrize("ago", [0, 3, 6])
def test_quiet_while_the_last_follow_up_is_under_7_days_old(ago: int) -> None:
    acme = customer()
    inv = invoice(acme, invoice_due_date=days(-30))
    _fup(acme, inv, ago)
    assert items("invoice_follow_up") == []


def test_stage_2_seven_days_after_the_first_follow_up() -> None:
    acme = customer()
    inv = invoice(acme, invoice_due_date=days(-30))
    _fup(acme, inv, 7)
    item = one("invoice_follow_up")
    assert (item.stage, item.due) == (2, days(0))
    assert "second follow-up" in item.reason


def test_stage_3_escalates_after_two_follow_ups() -> None:
    acme = customer()
    inv = invoice(acme, invoice_due_date=days(-40))
    _fup(acme, inv, 20)
    _fup(acme, inv, 9)
    item = one("invoice_follow_up")
    assert item.stage == 3 and "escalate" in item.reason


def test_pending_or_unlinked_follow_ups_do_not_count() -> None:
    acme = customer()
    inv = invoice(acme, invoice_due_date=days(-30))
    activity(acme, "Chase", type="FUP", invoice=inv, due_date=days(2))  # pending
    activity(acme, "Other", type="FUP", status="Done", done_at=at(-8))  # not linked
    assert one("invoice_follow_up").stage == 1


def test_done_logs_a_fup_that_quiets_then_advances_the_stage() -> None:
    settings = Settings()
    invoice(customer(), invoice_due_date=days(-15))
    first = one("invoice_follow_up")
    assert done(first, CTX, settings).startswith("logged Follow-up 1")
    assert items("invoice_follow_up") == []  # the customer has a week to answer
    assert items("invoice_follow_up", today=days(6)) == []
    assert one("invoice_follow_up", today=days(7)).stage == 2
