"""``d``/``z``/``f`` on a triage item (the keys home and the 360 share), by real key presses.

Each action must remove the item from the list at once, keep the cursor's row,
and stay done after a restart (a new app on the same database file).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tui_data import CTX, TODAY, portfolio
from tui_harness import Harness, settle

from kamtui.config import Settings
from kamtui.db.models import Activity, Contract, Customer, Invoice, TriageState
from kamtui.domain.triage import triage
from kamtui.tui.screens.account360 import Account360


def _app(customer: str) -> Harness:
    cid = Customer.get(Customer.name == customer).id
    return Harness(lambda a: Account360(cid, a.ctx), CTX)


async def _focus_item(pilot: Any, item_id: str) -> Any:
    await settle(pilot)
    screen = pilot.app.screen
    listing = screen.triage_list()
    listing.focus()
    listing.highlighted = listing.get_option_index(item_id)
    await pilot.pause()
    assert listing.current.id == item_id
    return listing


def _open_ids() -> set[str]:
    return {i.id for i in triage(TODAY, Settings())}


def _activity_done() -> None:
    assert Activity.get_by_id(1).status == "Done"


def _follow_up_logged() -> None:
    # The invoice's pending FUP ("Chase invoice") was the follow-up: it is done now.
    fups = list(Activity.select().where(Activity.invoice == 1))
    assert [(a.name, a.type, a.status) for a in fups] == [("Chase invoice", "FUP", "Done")]
    assert fups[0].done_at.date() == TODAY


def _invoice_sent() -> None:
    assert Invoice.get_by_id(1).sent_date == TODAY


def _acknowledged(item_id: str) -> Any:
    def check() -> None:
        assert TriageState.get(TriageState.item_id == item_id).acknowledged_at is not None

    return check


DONE_CASES = [
    ("activity_overdue:activity:1", _activity_done),
    ("invoice_follow_up:invoice:1:1", _follow_up_logged),
    ("invoice_to_send:invoice:1", _invoice_sent),
    ("contract_expired:contract:1", _acknowledged("contract_expired:contract:1")),
    ("project_at_risk:project:1", _acknowledged("project_at_risk:project:1")),
    ("cadence_overdue:customer:1", _acknowledged("cadence_overdue:customer:1")),
]


@pytest.mark.parametrize(("item_id", "check"), DONE_CASES, ids=[c[0] for c in DONE_CASES])
async def test_d_does_what_done_means_for_the_kind(db: Any, item_id: str, check: Any) -> None:
    portfolio()
    assert item_id in _open_ids()
    app = _app("Acme Corp")
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await _focus_item(pilot, item_id)
        ids = [i.id for i in listing.items]
        at = ids.index(item_id)
        await pilot.press("d")
        await settle(pilot)
        left = [i.id for i in listing.items]
        assert item_id not in left
        # The cursor keeps its place: it is now on the first item after it still there
        # (done on an invoice follow-up also completes the invoice's pending FUP), and
        # the last row's successor is the row before it.
        after = [i for i in ids[at + 1 :] if i in left]
        following = after[0] if after else [i for i in ids[:at] if i in left][-1]
        assert listing.current.id == following
    check()
    assert item_id not in _open_ids()
    restarted = _app("Acme Corp")
    async with restarted.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert item_id not in {i.id for i in restarted.screen.triage_list().items}


async def test_d_takes_the_item_out_before_the_triage_is_read_again(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a big portfolio the triage takes seconds to re-read: a second d in the
    # meantime must act on the next item, never log the same follow-up twice.
    portfolio()
    item_id = "invoice_follow_up:invoice:1:1"
    app = _app("Acme Corp")
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await _focus_item(pilot, item_id)
        monkeypatch.setattr(Account360, "reload_data", lambda self: None)  # a slow re-read
        await pilot.press("d", "d")
        assert item_id not in {i.id for i in listing.items}
        assert listing.current is None or listing.current.id != item_id
        await settle(pilot)
    fups = Activity.select().where(Activity.invoice == 1, Activity.status == "Done")
    assert fups.count() == 1


@pytest.mark.parametrize(("typed", "until"), [("", date(2026, 12, 7)), ("monday", None)])
async def test_z_snoozes_until_the_day_typed(db: Any, typed: str, until: date | None) -> None:
    portfolio()
    item_id = "renewal:customer:2"
    app = _app("Globex")
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await _focus_item(pilot, item_id)
        await pilot.press("z")
        await settle(pilot)
        if typed:
            await pilot.press("ctrl+a", "ctrl+k", *typed)
        await pilot.press("enter")
        await settle(pilot)
        assert item_id not in {i.id for i in listing.items}
    state = TriageState.get(TriageState.item_id == item_id)
    # Dec 4 2026 is a Friday: "+3d" is Monday Dec 7, and so is "monday".
    assert state.snoozed_until == (until or date(2026, 12, 7))
    assert item_id not in _open_ids()
    restarted = _app("Globex")
    async with restarted.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert item_id not in {i.id for i in restarted.screen.triage_list().items}


async def test_z_refuses_a_day_in_the_past_and_keeps_the_item(db: Any) -> None:
    portfolio()
    item_id = "renewal:customer:2"
    app = _app("Globex")
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_item(pilot, item_id)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"yesterday", "enter")
        await settle(pilot)
        assert "after today" in str(app.screen.query_one("#snooze-note").render())
        await pilot.press("escape")
        await settle(pilot)
    assert item_id in _open_ids()


async def test_f_creates_a_follow_up_linked_to_the_record(db: Any) -> None:
    portfolio()
    app = _app("Globex")
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_item(pilot, "contract_stalled:contract:2")
        await pilot.press("f")
        await settle(pilot)
    fup = Activity.get(Activity.contract == Contract.get_by_id(2))
    assert (fup.type, fup.status, fup.customer.name) == ("FUP", "Pending", "Globex")
    assert fup.due_date > TODAY
