"""Pick a related record by typing part of its name (type-ahead from the database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import peewee as pw
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from kamtui.db.models import BaseModel, Customer
from kamtui.db.search import icontains

NEW = "__new__"
LIMIT = 8


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    label: str


def search(
    model: type[BaseModel], text: str, customer_id: int | None, limit: int = LIMIT
) -> list[Match]:
    """Records of ``model`` whose name holds ``text``; the given customer's first."""
    query = model.select(model.id, model.name)
    has_customer = model is not Customer and "customer" in model._meta.fields
    if has_customer:
        query = query.select_extend(Customer.name).join(
            Customer, pw.JOIN.LEFT_OUTER, on=(model.customer == Customer.id)
        )
    if text.strip():
        query = query.where(icontains(model.name, text.strip()))
    order: list[Any] = []
    if has_customer and customer_id is not None:
        order.append(pw.Case(None, ((model.customer == customer_id, 0),), 1))
    query = query.order_by(*order, pw.fn.LENGTH(model.name), model.name).limit(limit)
    matches = []
    for row in query.tuples():
        label = f"{row[1]} ({row[2]})" if has_customer and row[2] else str(row[1])
        matches.append(Match(row[0], row[1], label))
    return matches


class PickerInput(Input):
    """The typing part: Up/Down move through the suggestions, Enter takes one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "suggest(1)", "Next match", show=False, id="picker.next"),
        Binding("up", "suggest(-1)", "Previous match", show=False, id="picker.previous"),
        Binding("tab", "take_and_next", "Take match, next field", show=False, id="picker.tab"),
    ]

    def _picker(self) -> RelationPicker | None:
        picker = self.parent.parent if self.parent else None
        return picker if isinstance(picker, RelationPicker) else None

    def action_suggest(self, delta: int) -> None:
        if (picker := self._picker()) is not None:
            picker.move(delta)

    def action_take_and_next(self) -> None:
        """Tab takes the match highlighted under the text (never "new…"), as Enter
        would, then moves on: "Crescent" + Tab picks Crescent Clinics."""
        if (picker := self._picker()) is not None:
            picker.take_highlighted(create=False)
        self.screen.focus_next()


class RelationPicker(Vertical):
    """One related record (or several, comma-separated, when ``multiple``)."""

    DEFAULT_CSS = """
    RelationPicker { height: auto; }
    RelationPicker > Vertical { height: auto; }
    RelationPicker OptionList { max-height: 8; display: none; border: none; }
    RelationPicker.-open OptionList { display: block; }
    """

    @dataclass
    class Picked(Message):
        picker: RelationPicker
        match: Match | None

    @dataclass
    class CreateRequested(Message):
        """The user chose "new…": the form creates the record inline."""

        picker: RelationPicker
        name: str

    def __init__(
        self,
        model: type[BaseModel],
        value: str = "",
        *,
        multiple: bool = False,
        scope: Callable[[], int | None] | None = None,
        allow_new: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.model = model
        self.multiple = multiple
        self.scope = scope or (lambda: None)
        self.allow_new = allow_new
        self._initial = value
        #: Names picked from the list, by id: saved as ids, never re-guessed.
        self.picked: dict[str, int] = {}
        self._quiet = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PickerInput(self._initial, placeholder="type to search", compact=True)
            matches = OptionList()
            matches.can_focus = False  # Up/Down in the text move through it; Tab moves on
            yield matches

    @property
    def input(self) -> PickerInput:
        return self.query_one(PickerInput)

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def text(self) -> str:
        return self.input.value

    def _current_word(self) -> str:
        return self.text.split(",")[-1].strip() if self.multiple else self.text.strip()

    def value(self) -> Any:
        """What to save: the picked record's id, else the typed name(s)."""
        if self.multiple:
            names = [n.strip() for n in self.text.split(",") if n.strip()]
            return [self.picked.get(n, n) for n in names]
        text = self.text.strip()
        return self.picked.get(text, text) if text else ""

    def selected_id(self) -> int | None:
        value = self.value()
        return value if isinstance(value, int) else None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Not stopped: the form hears it too (unsaved-changes tracking).
        if self._quiet or not self.input.has_focus:
            self._quiet = False
            return
        self.refresh_matches()

    def refresh_matches(self) -> None:
        word = self._current_word()
        options = self.options
        options.clear_options()
        if not word:
            self.remove_class("-open")
            return
        matches = search(self.model, word, self.scope())
        for match in matches:
            options.add_option(Option(match.label, id=str(match.id)))
        exact = any(m.name.casefold() == word.casefold() for m in matches)
        if self.allow_new and not exact:
            options.add_option(Option(f"new… {word}", id=NEW))
        self.set_class(options.option_count > 0, "-open")
        if options.option_count:
            options.highlighted = 0

    def move(self, delta: int) -> None:
        options = self.options
        if not options.option_count:
            return
        current = options.highlighted or 0
        options.highlighted = (current + delta) % options.option_count

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.take_highlighted()

    def take_highlighted(self, create: bool = True) -> None:
        """Take the highlighted match (``create``: "new…" too) if the list is open."""
        options = self.options
        if not self.has_class("-open") or options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id == NEW and not create:
            self.remove_class("-open")
            return
        self.take(option)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.take(event.option)

    def take(self, option: Option) -> None:
        word = self._current_word()
        self.remove_class("-open")
        if option.id == NEW:
            self.post_message(self.CreateRequested(self, word))
            return
        match = next(m for m in search(self.model, word, self.scope()) if str(m.id) == option.id)
        self.put(match.name, match.id)
        self.post_message(self.Picked(self, match))

    def put(self, name: str, record_id: int | None = None) -> None:
        """Set (or, when ``multiple``, complete the last name with) ``name``."""
        if self.multiple:
            names = [n.strip() for n in self.text.split(",")[:-1] if n.strip()]
            names.append(name)
            text = ", ".join(names)
        else:
            text = name
        if record_id is not None:
            self.picked[name] = record_id
        if self.input.value != text:
            self._quiet = True
            self.input.value = text
        self.input.cursor_position = len(text)
