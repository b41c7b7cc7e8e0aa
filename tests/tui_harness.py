"""A bare app that shows one of the issue-5 screens, for tests that need no shell.

It carries what the screens ask of their app (``ctx``, ``settings``), the palette
providers, and ``m``/``c`` bound as the real app binds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from kamtui.config import Settings
from kamtui.db.fields import ParseContext
from kamtui.tui.navigation import customer_in_focus, open_360, open_quick_log
from kamtui.tui.palette import PROVIDERS


class Harness(App[None]):
    CSS_PATH = "../kamtui/tui/app.tcss"
    COMMANDS = App.COMMANDS | set(PROVIDERS)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "quick_log", "Log meeting", id="harness.quick_log"),
        Binding("c", "customer_360", "Customer 360", id="harness.customer_360"),
    ]

    def __init__(
        self,
        first: Callable[[Any], Any],
        ctx: ParseContext,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings or Settings()
        self.first = first

    def on_mount(self) -> None:
        self.push_screen(self.first(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (
            action in ("quick_log", "customer_360") and isinstance(self.screen, ModalScreen)
        )

    def action_quick_log(self) -> None:
        open_quick_log(self, customer_in_focus(self.screen))

    def action_customer_360(self) -> None:
        open_360(self, customer_in_focus(self.screen))


def steady_cursors(app: App[Any]) -> None:
    """Text cursors stop blinking, so a snapshot never catches one between blinks."""
    for editor in app.screen.query("Input, TextArea"):
        editor.cursor_blink = False  # type: ignore[attr-defined]


async def settle(pilot: Any) -> None:
    """Wait for screen switches and workers."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    steady_cursors(pilot.app)
