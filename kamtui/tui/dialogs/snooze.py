"""``z``: until when to hide a triage item (``+3d``, ``monday``, ``Dec 11``...)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kamtui.dates import DateParseError, format_date, parse_date
from kamtui.db.fields import ParseContext
from kamtui.domain.triage_item import TriageItem


class SnoozeDialog(ModalScreen[date | None]):
    """Returns the day the item comes back, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="snooze.cancel"),
    ]
    DEFAULT_CSS = """
    SnoozeDialog { align: center middle; }
    SnoozeDialog > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        background: $panel; border: thick $primary;
    }
    SnoozeDialog #snooze-note { color: $text-muted; }
    SnoozeDialog.-invalid #snooze-note { color: $text-error; }
    """

    def __init__(self, item: TriageItem, ctx: ParseContext, default: str = "+3d") -> None:
        super().__init__()
        self.item = item
        self.ctx = ctx
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Snooze [b]{escape(self.item.title)}[/b] until:")
            yield Input(self.default, placeholder="+3d, monday, Dec 11", id="snooze-until")
            yield Static("", id="snooze-note")
            yield Static("Enter snoozes · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._understood(self.default)

    def _parse(self, text: str) -> date | str:
        """The day typed, or what is wrong with it."""
        try:
            day = parse_date(text, self.ctx.today, self.ctx.date_order)
        except DateParseError as exc:
            return f"✗ {text!r}: expected {exc.expected}"
        if day <= self.ctx.today:
            return f"✗ {format_date(day)}: expected a day after today"
        return day

    def _understood(self, text: str) -> date | None:
        result = self._parse(text)
        note = self.query_one("#snooze-note", Static)
        bad = isinstance(result, str)
        self.set_class(bad, "-invalid")
        note.update(result if isinstance(result, str) else f"= {format_date(result)}")
        return None if isinstance(result, str) else result

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._understood(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        day = self._understood(event.value)
        if day is not None:
            self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
