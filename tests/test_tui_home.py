"""Home: the triage grouped by severity, acted on in place, in the real app."""

from __future__ import annotations

from datetime import date
from typing import Any

from tui_data import CTX, TODAY, portfolio
from tui_harness import settle

from kamtui.config import Settings
from kamtui.db.models import Activity, TriageState
from kamtui.domain.triage import triage
from kamtui.ops import triage_actions
from kamtui.tui.app import KamtuiApp
from kamtui.tui.dialogs.quick_log import QuickLog
from kamtui.tui.screens.account360 import Account360
from kamtui.tui.screens.detail import DetailScreen
from kamtui.tui.screens.triage_home import TriageHome


def _app(settings: Settings | None = None) -> KamtuiApp:
    return KamtuiApp("test.db", CTX, settings=settings or Settings(), watch_interval=None)


async def _home(pilot: Any) -> TriageHome:
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, TriageHome) and home.loaded
    return home


def _select(home: TriageHome, item_id: str) -> None:
    listing = home.triage_list()
    listing.highlighted = listing.get_option_index(item_id)


async def _press_on(pilot: Any, home: TriageHome, item_id: str, key: str) -> None:
    """Put the cursor on ``item_id``, press ``key``, wait for what it does."""
    _select(home, item_id)
    await pilot.press(key)
    await settle(pilot)


async def test_opens_on_the_triage_grouped_by_severity(db: Any) -> None:
    portfolio()
    engine = triage(TODAY, Settings())
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        listing = home.triage_list()
        assert [i.id for i in listing.items] == [i.id for i in engine]
        headers = [str(o.prompt) for o in listing.options if o.disabled]
        overdue = sum(1 for i in engine if i.severity == "overdue")
        assert headers[0] == f"OVERDUE · {overdue}" and headers[1].startswith("SOON · ")
        assert listing.current.id == engine[0].id
        assert "ARR" in str(home.query_one("#home-figures").render())


async def test_done_removes_the_item_and_a_restart_keeps_it_gone(db: Any) -> None:
    portfolio()
    item_id = "activity_overdue:activity:1"
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        await _press_on(pilot, home, item_id, "d")
        assert item_id not in {i.id for i in home.triage_list().items}
    assert Activity.get_by_id(1).status == "Done"
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        assert item_id not in {i.id for i in home.triage_list().items}


async def test_snooze_removes_the_item_and_a_restart_keeps_it_gone(db: Any) -> None:
    portfolio()
    item_id = "renewal:customer:2"
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        await _press_on(pilot, home, item_id, "z")
        await pilot.press("ctrl+a", "ctrl+k", *"monday", "enter")
        await settle(pilot)
        assert item_id not in {i.id for i in home.triage_list().items}
    assert TriageState.get(TriageState.item_id == item_id).snoozed_until.isoformat() == "2026-12-07"
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        assert item_id not in {i.id for i in home.triage_list().items}


async def test_enter_c_and_m_act_on_the_item_in_focus(db: Any) -> None:
    portfolio()
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        await _press_on(pilot, home, "project_at_risk:project:1", "enter")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.record.name == "SSO rollout"
        await pilot.press("escape")
        await settle(pilot)
        await _press_on(pilot, home, "renewal:customer:2", "c")
        assert isinstance(pilot.app.screen, Account360)
        assert pilot.app.screen.customer.name == "Globex"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuickLog)
        assert pilot.app.screen.customer.name == "Globex"


async def test_filters_by_customer_kind_and_owner(db: Any) -> None:
    portfolio()
    # Activity 1 ("Send revised proposal to Anna") is owned by "me"; say so.
    settings = Settings({"user.name": "me"})
    async with _app(settings).run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        assert home.owner == "me"  # mine by default where user.name is set
        shown = {i.id for i in home.shown_items()}
        assert "activity_overdue:activity:1" in shown
        # Activity 4 has no owner: an unowned activity is nobody's but shows as mine.
        assert "activity_overdue:activity:4" in shown
        await pilot.press("slash", *"glob", "enter")
        await pilot.pause()
        assert {i.customer for i in home.shown_items()} == {"Globex"}
        await pilot.press("escape")
        await pilot.press("k")
        await pilot.pause()
        assert {i.kind for i in home.shown_items()} == {home.kind}
        await pilot.press("escape")  # clears every filter, the owner's too: everyone
        await pilot.pause()
        assert (home.owner, home.kind, home.customer_text) == (None, None, "")
        assert len(home.shown_items()) == len(home.data.items)
        await pilot.press("o")  # everyone -> mine
        await pilot.pause()
        assert home.owner == "me"
        await pilot.press("o")  # mine -> next owner (none other here): everyone
        await pilot.pause()
        assert home.owner is None


def test_home_snapshot(db: Any, snap_compare: Any) -> None:
    portfolio()
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=settle)


def test_home_at_80x24(db: Any, snap_compare: Any) -> None:
    portfolio()
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=settle)


async def test_a_refresh_keeps_the_cursor_on_its_item_when_rows_above_go(db: Any) -> None:
    portfolio()
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        items = home.triage_list().items
        assert len(items) >= 3
        above, kept = items[0], items[2]
        _select(home, kept.id)
        # Another process deals with an item above the cursor; the screen re-reads.
        triage_actions.snooze(above, date(2026, 12, 20), TODAY)
        home.reload_data()
        await settle(pilot)
        assert above.id not in {i.id for i in home.triage_list().items}
        assert home.triage_list().current.id == kept.id


async def test_number_keys_show_the_screen_itself_not_what_was_opened_over_it(db: Any) -> None:
    portfolio()
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        await _press_on(pilot, home, "project_at_risk:project:1", "enter")
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("1")
        await settle(pilot)
        assert pilot.app.screen is home
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuickLog)
        await pilot.press("2")  # a dialog is open: number keys do not switch screens
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuickLog) and pilot.app.current_mode == "home"


async def test_help_lists_the_global_keys_that_stay_out_of_dialogs(db: Any) -> None:
    portfolio()
    async with _app().run_test(size=(120, 40)) as pilot:
        await _home(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = str(pilot.app.screen.query_one("#help-text").render())
        assert "Log meeting" in text and "Customers" in text and "Done" in text


async def test_a_huge_group_draws_its_first_rows_and_says_how_many_more(
    db: Any, monkeypatch: Any
) -> None:
    from kamtui.tui import triage_view

    portfolio()
    monkeypatch.setattr(triage_view, "GROUP_LIMIT", 2)
    async with _app().run_test(size=(120, 40)) as pilot:
        home = await _home(pilot)
        listing = home.triage_list()
        overdue = [i for i in listing.items if i.severity == "overdue"]
        assert len(overdue) > 2
        prompts = [str(o.prompt) for o in listing.options]
        assert prompts[0] == f"OVERDUE · {len(overdue)}"
        assert sum(1 for o in listing.options[1:4] if o.id) == 2
        assert f"… {len(overdue) - 2:,} more overdue" in prompts[3]


async def test_a_big_triage_is_left_out_of_garbage_collection(db: Any, monkeypatch: Any) -> None:
    import gc

    from kamtui.tui.screens import triage_home

    portfolio()
    monkeypatch.setattr(triage_home, "BIG_TRIAGE", 0)
    try:
        async with _app().run_test(size=(120, 40)) as pilot:
            await _home(pilot)
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
