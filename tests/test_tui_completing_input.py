"""Tab in a field with suggestions takes the suggestion shown, then moves on."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input

from kamtui.tui.widgets.field_row import CompletingInput


class _OwnerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CompletingInput(suggester=SuggestFromList(["Lena Ortiz"], case_sensitive=False))
        yield Input(id="next")


async def test_tab_takes_the_suggestion_and_moves_to_the_next_field() -> None:
    async with _OwnerApp().run_test() as pilot:
        owner = pilot.app.query_one(CompletingInput)
        owner.focus()
        await pilot.press(*"len")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert owner.value == "Lena Ortiz"
        assert pilot.app.focused.id == "next"


async def test_tab_without_a_suggestion_keeps_what_was_typed() -> None:
    async with _OwnerApp().run_test() as pilot:
        owner = pilot.app.query_one(CompletingInput)
        owner.focus()
        await pilot.press(*"Marc")
        await pilot.press("tab")
        await pilot.pause()
        assert owner.value == "Marc" and pilot.app.focused.id == "next"
