"""The Textual app: wiring only. Screens own their widgets; entities describe lists."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from kamtui.dates import format_date
from kamtui.db.entities import COLLECTIONS
from kamtui.db.fields import ParseContext
from kamtui.tui.dialogs.confirm import ConfirmDialog
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.entities import view_of
from kamtui.tui.screens.help import HelpScreen
from kamtui.tui.screens.home import HomeScreen
from kamtui.tui.screens.list_screen import ListScreen

#: Number keys to screens: 1 is home, 2 to 9 the eight entities in the seed's order.
SCREENS_BY_KEY = {"1": "home", **{str(i): c for i, c in enumerate(COLLECTIONS, start=2)}}


class KamtuiApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "kamtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        *(
            Binding(key, f"go('{mode}')", view_of(mode).title if mode != "home" else "Home",
                    show=False, id=f"app.screen.{mode}")
            for key, mode in SCREENS_BY_KEY.items()
        ),
    ]  # fmt: skip

    def __init__(self, target: str, ctx: ParseContext, start: str = "home") -> None:
        super().__init__()
        self.target = target
        self.ctx = ctx
        self.start = start
        self.sub_title = f"{target} · today {format_date(ctx.today)}"
        self.add_mode("home", partial(HomeScreen, ctx))
        for collection in COLLECTIONS:
            self.add_mode(collection, partial(ListScreen, view_of(collection), ctx))

    def on_mount(self) -> None:
        self.switch_mode(self.start)

    def action_go(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def _unsaved_form(self) -> bool:
        return any(isinstance(s, RecordForm) and s.changed for s in self.screen_stack)

    async def action_quit(self) -> None:
        if not self._unsaved_form():
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmDialog("A form has unsaved changes. Quit anyway?", yes="Quit"), answered
        )
