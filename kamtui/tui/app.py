"""The Textual app: wiring only. Screens own their widgets; entities describe lists."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from kamtui.config import Settings
from kamtui.dates import format_date
from kamtui.db.entities import COLLECTIONS
from kamtui.db.fields import ParseContext
from kamtui.tui.dialogs.confirm import ConfirmDialog
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.dialogs.quick_log import QuickLog
from kamtui.tui.entities import set_currency, view_of
from kamtui.tui.palette import PROVIDERS
from kamtui.tui.refresh import DataWatcher
from kamtui.tui.screens.help import HelpScreen
from kamtui.tui.screens.list_screen import ListScreen
from kamtui.tui.screens.triage_home import TriageHome
from kamtui.tui.workers import ReportsWorkerErrors

#: Number keys to screens: 1 is home, 2 to 9 the eight entities in the seed's order.
SCREENS_BY_KEY = {"1": "home", **{str(i): c for i, c in enumerate(COLLECTIONS, start=2)}}


class KamtuiApp(ReportsWorkerErrors, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "kamtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("m", "log_meeting", "Log meeting", id="app.log_meeting"),
        Binding("c", "customer_360", "Customer 360", show=False, id="app.customer_360"),
        *(
            Binding(key, f"go('{mode}')", view_of(mode).title if mode != "home" else "Home",
                    show=False, id=f"app.screen.{mode}")
            for key, mode in SCREENS_BY_KEY.items()
        ),
    ]  # fmt: skip
    #: ctrl+p: the system commands, then records by name and actions by name.
    COMMANDS = App.COMMANDS | set(PROVIDERS)

    def __init__(
        self,
        target: str,
        ctx: ParseContext,
        start: str = "home",
        settings: Settings | None = None,
        watch_interval: float | None = None,
    ) -> None:
        super().__init__()
        self.target = target
        self.ctx = ctx
        #: Thresholds, ``user.name`` ("mine" on home): the CLI passes the loaded ones.
        self.settings = settings if settings is not None else Settings()
        set_currency(self.settings["currency"])
        self.start = start
        #: Refreshes the screen when another process writes. Off unless asked (the CLI
        #: asks): its worker never ends, so a test waiting for every worker would hang.
        self.watcher = DataWatcher(self, watch_interval) if watch_interval else None
        self.sub_title = f"today {format_date(ctx.today)} · {target}"
        self.add_mode("home", partial(TriageHome, ctx))
        for collection in COLLECTIONS:
            self.add_mode(collection, partial(ListScreen, view_of(collection), ctx))

    def on_mount(self) -> None:
        self.switch_mode(self.start)
        if self.watcher is not None:
            self.watcher.start()

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    async def action_go(self, mode: str) -> None:
        """A number key shows that screen itself, not what was opened over it (a 360,
        a detail): ``1`` after jumping to a record from the palette is home."""
        if mode != self.current_mode:
            await self.switch_mode(mode)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Global shortcuts stay out of dialogs (a focused button must not log a meeting).
        if action in ("log_meeting", "customer_360", "go"):
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_log_meeting(self) -> None:
        from kamtui.tui.navigation import customer_in_focus, open_quick_log

        open_quick_log(self, customer_in_focus(self.screen))

    def action_customer_360(self) -> None:
        from kamtui.tui.navigation import customer_in_focus, open_360

        open_360(self, customer_in_focus(self.screen))

    def _unsaved_form(self) -> bool:
        forms = (RecordForm, QuickLog)
        return any(isinstance(s, forms) and s.changed for s in self.screen_stack)

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
