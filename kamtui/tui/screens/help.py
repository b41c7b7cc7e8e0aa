"""``?``: every key of the screen below and the global ones, read from the bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_table(app: object, screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(key, description) pairs: the screen's own, then the app's (global) ones."""
    own: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        target = everywhere if active.node is app else own
        shown = app.get_key_display(binding)  # type: ignore[attr-defined]
        target.setdefault(binding.description, []).append(shown or key)
    return (
        [(" / ".join(keys), text) for text, keys in own.items()],
        [(" / ".join(keys), text) for text, keys in everywhere.items()],
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        # Read before this dialog opens: global keys that stay out of dialogs
        # (``m``, the number keys) are still active on the screen below.
        self.keys = key_table(under.app, under)

    def compose(self) -> ComposeResult:
        own, everywhere = self.keys
        lines = [f"[b]Keys on {self.under.title or 'this screen'}[/b]"]
        lines += [f"  [b]{escape(key):>14}[/b]  {escape(text)}" for key, text in own] or [
            "  (none)"
        ]
        lines += ["", "[b]Everywhere[/b]"]
        lines += [f"  [b]{escape(key):>14}[/b]  {escape(text)}" for key, text in everywhere]
        lines += ["", "Esc closes this help."]
        with VerticalScroll(id="help-box"):
            yield Static("\n".join(lines), id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
