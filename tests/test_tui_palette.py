"""``ctrl+p``: jump to a record by part of its name, run an action by name."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandPalette
from tui_data import CTX, portfolio
from tui_harness import Harness, settle

from kamtui.db.models import Customer, Stakeholder
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.dialogs.quick_log import QuickLog
from kamtui.tui.palette import _rest, find_named
from kamtui.tui.screens.account360 import Account360
from kamtui.tui.screens.detail import DetailScreen


def _on_acme(app: Any) -> Account360:
    return Account360(Customer.get(Customer.name == "Acme Corp").id, app.ctx)


@pytest.mark.parametrize(
    ("query", "phrase", "rest"),
    [
        ("new inv acme", "new invoice for", "acme"),
        ("new invoice for", "new invoice for", ""),
        ("snooze glob", "snooze", "glob"),
        ("Log", "log meeting with", ""),
        ("acme", "new invoice for", None),
    ],
)
def test_action_words_are_read_off_the_front(query: str, phrase: str, rest: str | None) -> None:
    assert _rest(query, phrase) == rest


def test_find_named_is_a_limited_search_on_names(db: Any) -> None:
    portfolio()
    assert [name for _, name, _ in find_named(Stakeholder, "smi")] == ["Anna Smith"]
    assert [c for _, _, c in find_named(Stakeholder, "smi")] == ["Acme Corp"]
    assert [name for _, name, _ in find_named(Customer, "o", limit=2)] == ["Globex", "Acme Corp"]
    assert find_named(Customer, "zzz") == []


async def _palette(pilot: Any, query: str) -> None:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await pilot.pause(0.5)
    await settle(pilot)


async def test_find_a_stakeholder_by_part_of_the_name(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await _palette(pilot, "carla")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.record.name == "Carla Diaz"


async def test_a_customer_opens_its_360(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await _palette(pilot, "globex")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Account360)
        assert app.screen.customer.name == "Globex"


async def test_new_invoice_for_a_customer_by_name(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await _palette(pilot, "new invoice for initech")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        assert app.screen.view.collection == "invoices"
        assert app.screen.prefill["customer"].name == "Initech"


async def test_log_meeting_uses_the_customer_in_focus(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await _palette(pilot, "log meeting")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickLog)
        assert app.screen.customer_id() == Customer.get(Customer.name == "Acme Corp").id


def test_palette_snapshot(db: Any, snap_compare: Any) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await _palette(pilot, "an")

    app = Harness(_on_acme, CTX)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_the_customer_in_focus_comes_first(db: Any) -> None:
    portfolio()
    Stakeholder.create(name="Carla Zimmermann", customer=Customer.get(Customer.name == "Acme Corp"))
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await _palette(pilot, "carla")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.record.name == "Carla Zimmermann"
