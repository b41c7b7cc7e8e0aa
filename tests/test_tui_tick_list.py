"""Ticked and unticked choices differ by a glyph, not by colour alone."""

from __future__ import annotations

from textual.app import App, ComposeResult

from kamtui.tui.widgets.tick_list import TICKED, TickList


class _ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TickList[str](("Projects", "Projects", True), ("Targets", "Targets"))


def _button(widget: TickList[str], y: int) -> str:
    return widget.render_line(y).text[:3]


async def test_ticked_choice_shows_a_tick_and_unticked_shows_none() -> None:
    async with _ListApp().run_test() as pilot:
        ticks = pilot.app.query_one(TickList)
        assert _button(ticks, 0)[1] == TICKED
        assert _button(ticks, 1)[1] == " "


async def test_space_moves_the_tick_with_the_selection() -> None:
    async with _ListApp().run_test() as pilot:
        ticks = pilot.app.query_one(TickList)
        ticks.focus()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert ticks.selected == ["Targets"]
        assert _button(ticks, 0)[1] == " "
        assert _button(ticks, 1)[1] == TICKED
