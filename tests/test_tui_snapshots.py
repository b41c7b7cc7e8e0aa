"""Snapshots of every list, a form showing an error and the help, on fixed data."""

from __future__ import annotations

from typing import Any

import pytest
from tui_data import make_app, portfolio, settle

from kamtui.db.entities import COLLECTIONS


async def _settled(pilot: Any) -> None:
    await settle(pilot, pilot.app)


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_list(db: Any, snap_compare: Any, collection: str) -> None:
    portfolio()
    app = make_app(start=collection)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_list_at_80x24(db: Any, snap_compare: Any) -> None:
    portfolio()
    app = make_app(start="activities")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


def test_form_with_an_error(db: Any, snap_compare: Any) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("n")
        await settle(pilot, pilot.app)
        await pilot.press(*"Erin Ortiz")
        pilot.app.screen.query_one("#row-email").focus_editor()
        await pilot.press(*"erin@")
        await pilot.press("ctrl+s")
        await settle(pilot, pilot.app)

    app = make_app(start="stakeholders")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_help(db: Any, snap_compare: Any) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("question_mark")
        await settle(pilot, pilot.app)

    app = make_app(start="activities")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
