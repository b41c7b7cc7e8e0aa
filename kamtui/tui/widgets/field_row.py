"""One form field: its label, the widget its kind needs, and what it understood.

Every check is the field's own ``coerce`` (:mod:`kamtui.db.fields`): the form has
no validation rules of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from kamtui.dates import format_date, format_datetime
from kamtui.db.fields import Described, FieldError, ParseContext
from kamtui.db.models import BaseModel
from kamtui.tui.widgets.long_text import LongText
from kamtui.tui.widgets.relation_picker import RelationPicker
from kamtui.tui.widgets.tick_list import TickList

INPUT_KINDS = {"text", "email", "url", "phone", "int", "number", "money", "percent", "scale", "tag"}
PLACEHOLDERS = {
    "date": "2026-12-04, Dec 4, +3d, fri…",
    "datetime": "2026-12-04 14:30, now, -2h…",
    "email": "name@company.com",
    "url": "https://www.linkedin.com/in/name",
    "phone": "+44 20 7946 0958",
    "money": "1250.00",
    "percent": "45%",
    "scale": "1 to 5",
}


def as_text(value: Any) -> str:
    """A stored value as the text a person would type to get it back."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class CompletingInput(Input):
    """An input with suggestions: Tab takes the suggestion shown, then moves on
    (typing "Lena" with "Lena Ortiz" suggested saves "Lena Ortiz", not a new owner)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete_and_next", "Accept and next", show=False, id="input.complete"),
    ]

    def action_complete_and_next(self) -> None:
        if self.cursor_at_end:
            self.action_cursor_right()  # takes the suggestion when one is shown
        self.screen.focus_next()


class FieldRow(Horizontal):
    """A labelled editor for one model field, checked as the user types."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 1; }
    FieldRow > .field-label { width: 20; padding: 0 1 0 0; text-align: right; }
    FieldRow .field-note { display: none; }
    FieldRow.-noted .field-note { display: block; }
    FieldRow > Vertical { height: auto; width: 1fr; }
    FieldRow .field-note { color: $text-muted; padding: 0 1; }
    FieldRow.-invalid .field-note { color: $text-error; }
    FieldRow.-readonly .field-value { padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        field: Described,
        value: Any,
        ctx: ParseContext,
        *,
        suggestions: list[str] | None = None,
        scope: Callable[[], int | None] | None = None,
        allow_new: bool = False,
        read_only: str | None = None,
        multiple_model: type[BaseModel] | None = None,
        name: str | None = None,
        label: str | None = None,
    ) -> None:
        self.field = field
        self.field_name = name or field.name
        super().__init__(id=f"row-{self.field_name}")
        self.ctx = ctx
        self.initial = value
        self.suggestions = suggestions or []
        self.scope = scope
        self.allow_new = allow_new
        self.read_only = read_only
        self.multiple_model = multiple_model
        self.label_text = label or field.label
        self.error: str | None = None

    @property
    def kind(self) -> str:
        return "m2m" if self.multiple_model else self.field.kind

    def compose(self) -> ComposeResult:
        yield Label(self.label_text, classes="field-label")
        with Vertical():
            if self.read_only is not None:
                self.add_class("-readonly")
                yield Static(self.read_only, classes="field-value")
            else:
                yield self._editor()
            yield Static("", classes="field-note")

    def _editor(self) -> Widget:
        kind, value, field = self.kind, self.initial, self.field
        if kind == "m2m":
            names = [s.name for s in value or []]
            picker = RelationPicker(
                self.multiple_model,  # type: ignore[arg-type]
                ", ".join(names),
                multiple=True,
                scope=self.scope,
                allow_new=self.allow_new,
                id="editor",
            )
            picker.picked = {s.name: s.id for s in value or []}
            return picker
        if kind == "relation":
            picker = RelationPicker(
                field.rel_model,  # type: ignore[attr-defined]
                value.name if value is not None else "",
                scope=self.scope,
                allow_new=self.allow_new,
                id="editor",
            )
            if value is not None:
                picker.picked = {value.name: value.id}
            return picker
        if kind == "select":
            options = [(o.value, o.value) for o in field.options]  # type: ignore[attr-defined]
            return Select(options, value=value if value else Select.NULL, id="editor", compact=True)
        if kind == "multiselect" and field.options is not None:  # type: ignore[attr-defined]
            chosen = set(value or [])
            return TickList[str](
                *((o.value, o.value, o.value in chosen) for o in field.options),  # type: ignore[attr-defined]
                id="editor",
            )
        if kind == "longtext":
            return LongText(as_text(value), id="editor")
        suggester = None
        if kind in ("tag", "multiselect") and self.suggestions:
            suggester = SuggestFromList(self.suggestions, case_sensitive=False)
        return (CompletingInput if suggester else Input)(
            as_text(value),
            placeholder=PLACEHOLDERS.get(kind, ""),
            suggester=suggester,
            id="editor",
            compact=True,
            # Editing starts at the end of the value: a keystroke never replaces it all.
            select_on_focus=False,
        )

    @property
    def editor(self) -> Widget:
        return self.query_one("#editor")

    def focus_editor(self) -> None:
        editor = self.editor
        if isinstance(editor, RelationPicker):
            editor.input.focus()
        else:
            editor.focus()

    def value(self) -> Any:
        """What the user typed or chose, as ``save_record`` takes it."""
        editor = self.editor
        if isinstance(editor, RelationPicker):
            return editor.value()
        if isinstance(editor, Select):
            return None if editor.value is Select.NULL else editor.value
        if isinstance(editor, SelectionList):
            return list(editor.selected)
        if isinstance(editor, TextArea):
            return editor.text
        return editor.value  # type: ignore[attr-defined]

    def show(self, note: str, error: bool) -> None:
        self.error = note if error else None
        self.set_class(error, "-invalid")
        self.set_class(bool(note), "-noted")
        self.query_one(".field-note", Static).update(note)

    def check(self) -> None:
        """Read the value with the field's own rules; say what is wrong, or understood."""
        if self.read_only is not None:
            return
        if self.kind in ("relation", "m2m", "select", "longtext"):
            # Checked on save only: what the save said no longer holds once edited.
            if self.error is not None:
                self.show("", False)
            return
        raw = self.value()
        if self.kind == "multiselect" and isinstance(raw, list):
            return
        try:
            parsed = self.field.coerce(raw, self.ctx)
        except FieldError as exc:
            self.show(f"✗ expected {exc.expected}", True)
            return
        if self.kind == "date" and parsed is not None:
            self.show(f"= {format_date(parsed)}", False)
        elif self.kind == "datetime" and parsed is not None:
            self.show(f"= {format_datetime(parsed)}", False)
        else:
            self.show("", False)

    def on_mount(self) -> None:
        if self.read_only is None and self.value() not in ("", None, []):
            self.check()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.check()
