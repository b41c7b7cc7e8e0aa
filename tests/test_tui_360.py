"""The customer 360: what the engine computed, shown; tabs; keys."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Static, TabbedContent
from tui_data import CTX, TODAY, portfolio
from tui_harness import Harness, settle

from kamtui.config import Settings
from kamtui.db.models import Customer
from kamtui.domain.health import customer_health
from kamtui.domain.snapshot import load_snapshot
from kamtui.tui.dialogs.quick_log import QuickLog
from kamtui.tui.screens.account360 import Account360
from kamtui.tui.screens.detail import DetailScreen
from kamtui.tui.widgets.key_bar import KeyBar


def _acme_id() -> int:
    return Customer.get(Customer.name == "Acme Corp").id


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _open(pilot: Any) -> Account360:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, Account360)
    return screen


async def test_shows_the_explanation_the_engine_computed(db: Any) -> None:
    portfolio()
    cid = _acme_id()
    engine = customer_health(load_snapshot(TODAY, Settings(), cid), cid, TODAY, Settings())
    assert engine.score is not None and engine.risk.factors
    app = Harness(lambda a: Account360(cid, a.ctx), CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        risk = " ".join(_text(screen, "#a360-risk").split())
        assert f"Churn risk {engine.score}/100" in risk
        for line in engine.risk.explanation():
            assert " ".join(line.split()) in risk
        for days in (30, 90):
            assert (
                f"{days} d ago {engine.earlier[days] if engine.earlier[days] is not None else '—'}"
                in risk
            )
        assert screen.health.risk == engine.risk


async def test_people_renewal_and_meetings_newest_first(db: Any) -> None:
    portfolio()
    app = Harness(lambda a: Account360(_acme_id(), a.ctx), CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        people = _text(screen, "#a360-people")
        assert "x Bob Jones departed" in people
        assert "Decision Maker Anna Smith (CTO)" in " ".join(people.split())
        # Acme's contract_end is 2027-01-01: 28 days after 2026-12-04.
        assert "Renews in 28 days" in _text(screen, "#a360-fields")
        meetings = screen.query_one("#table-meetings", DataTable)
        whens = [meetings.get_row_at(i)[0] for i in range(meetings.row_count)]
        assert whens and whens[0].startswith("Fri 20 Nov 2026")
        assert "Send proposal" in meetings.get_row_at(0)[4]
        invoices = screen.query_one("#table-invoices", DataTable)
        assert invoices.row_count == 1 and invoices.get_row_at(0)[-1] == "64"


async def test_enter_on_a_tab_row_opens_the_record_and_m_logs_here(db: Any) -> None:
    portfolio()
    app = Harness(lambda a: Account360(_acme_id(), a.ctx), CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        screen.query_one(TabbedContent).active = "tab-projects"
        await settle(pilot)
        screen.query_one("#table-projects", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.record.name == "SSO rollout"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, QuickLog)
        assert app.screen.customer_id() == _acme_id()


async def test_triage_keys_only_act_on_the_triage_list(db: Any) -> None:
    portfolio()
    app = Harness(lambda a: Account360(_acme_id(), a.ctx), CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        before = [i.id for i in screen.triage_list().items]
        assert before
        screen.query_one("#table-meetings", DataTable).focus()
        await pilot.press("d")
        await settle(pilot)
        assert [i.id for i in screen.triage_list().items] == before


async def test_the_footer_offers_item_keys_only_when_there_is_an_item(db: Any) -> None:
    portfolio()
    initech = Customer.get(Customer.name == "Initech").id  # nothing needs attention
    for cid, offered in ((_acme_id(), True), (initech, False)):
        app = Harness(lambda a, cid=cid: Account360(cid, a.ctx), CTX)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _open(pilot)
            screen.triage_list().focus()
            await pilot.pause()
            keys = {k.key for k in screen.query_one(KeyBar).keys}
            assert ("d" in keys and "z" in keys) is offered, cid


def test_360_snapshot(db: Any, snap_compare: Any) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await settle(pilot)

    app = Harness(lambda a: Account360(_acme_id(), a.ctx), CTX)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_360_at_80x24_stacks_the_summary_and_keeps_the_tabs_in_view(
    db: Any, snap_compare: Any
) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.has_class("-narrow", "-short")
        tabs = screen.query_one("#a360-tabs")
        assert tabs.region.bottom <= 23 and tabs.region.height >= 8

    app = Harness(lambda a: Account360(_acme_id(), a.ctx), CTX)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
