"""A yes/no question that answers with the keyboard (``y`` / ``n``)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for yes. With ``refusal`` it only informs (a single OK)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    ConfirmDialog.-refusal > Vertical { border: thick $error; }
    ConfirmDialog #question { margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align: right middle; }
    ConfirmDialog Button { margin-left: 2; }
    """

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No", refusal: bool = False):
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.refusal = refusal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal():
                if self.refusal:
                    yield Button("OK (Esc)", id="no", variant="primary")
                else:
                    yield Button(f"{self.no} (n)", id="no")
                    yield Button(f"{self.yes} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.set_class(self.refusal, "-refusal")
        self.query_one("#no", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "answer" and parameters == (True,) and self.refusal)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


def close_or_ask(screen: Screen[Any], changed: bool, question: str) -> None:
    """Close ``screen`` (with None) at once if nothing was typed, else ask ``question``
    first: what the user typed is never thrown away without a yes."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmDialog(question, yes="Discard", no="Keep editing"), answered)
