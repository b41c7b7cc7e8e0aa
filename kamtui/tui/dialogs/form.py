"""THE form: one ModalScreen for every entity, built from its fields.

It returns the saved record, or ``None`` when cancelled. Saving goes through
:func:`kamtui.ops.records.save_record`, so the CLI, the importers and this form
share one set of rules; a refused save keeps everything typed and puts the
cursor on the first field that is wrong.
"""

from __future__ import annotations

from typing import Any, ClassVar

import peewee as pw
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from kamtui.db.entities import AUTO_NAMED, singular
from kamtui.db.fields import ParseContext, TagField
from kamtui.db.models import BaseModel, Customer, Meeting, Stakeholder
from kamtui.ops.records import EditConflict, NotFound, ValidationError, save_record
from kamtui.tui.dialogs.confirm import ConfirmDialog, close_or_ask
from kamtui.tui.entities import EntityView, view_of
from kamtui.tui.readonly import derived_values
from kamtui.tui.widgets.field_row import FieldRow
from kamtui.tui.widgets.relation_picker import RelationPicker


def _suggestions(model: type[BaseModel], field: Any) -> list[str]:
    """Values already used in a growing select (tags), most common first."""
    if isinstance(field, TagField):
        column = getattr(model, field.name)
        query = (
            model.select(column)
            .where(column.is_null(False), column != "")
            .group_by(column)
            .order_by(pw.fn.COUNT(model.id).desc())
            .limit(200)
        )
        return [value for (value,) in query.tuples()]
    if field.kind == "multiselect" and field.options is None:
        seen: dict[str, None] = {}
        for (values,) in model.select(getattr(model, field.name)).limit(2000).tuples():
            for value in values or []:
                seen[value] = None
        return list(seen)
    return []


class RecordForm(ModalScreen[BaseModel | None]):
    """Create (``record`` None) or edit a record of ``view``'s entity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        view: EntityView,
        ctx: ParseContext,
        record: BaseModel | None = None,
        prefill: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.view = view
        self.ctx = ctx
        self.record = record
        self.prefill = prefill or {}
        self._initial: dict[str, Any] = {}
        #: What the record looked like when the user began: a save by someone else
        #: since then is a question, not a silent overwrite.
        self._opened_at = record.updated_at if record is not None else None

    # -- building ---------------------------------------------------------------

    def _value_of(self, name: str) -> Any:
        if self.record is not None:
            if name == self.view.m2m:
                return list(getattr(self.record, name))
            if name in self.record._meta.fields and hasattr(self.record, name + "_id"):
                return getattr(self.record, name) if getattr(self.record, name + "_id") else None
            return getattr(self.record, name)
        if name in self.prefill:
            return self.prefill[name]
        field = self.view.model._meta.fields.get(name)
        default = getattr(field, "default", None)
        return None if callable(default) else default

    def _customer_scope(self) -> int | None:
        rows = self.query("#row-customer")
        # A read-only customer (a meeting's, derived from its stakeholders) has no editor.
        if rows and rows.first(FieldRow).read_only is None:
            picked = rows.first(FieldRow).editor
            if isinstance(picked, RelationPicker):
                return picked.selected_id()
        customer = getattr(self.record, "customer_id", None) if self.record else None
        prefilled = self.prefill.get("customer")
        return customer or (prefilled.id if isinstance(prefilled, Customer) else None)

    def _rows(self) -> list[FieldRow]:
        model = self.view.model
        editing = self.record is not None
        rows: list[FieldRow] = []
        for field in self.view.form_fields():
            value = self._value_of(field.name)
            read_only = None
            if field.name == "name" and self.view.collection in AUTO_NAMED:
                read_only = str(value) if editing else "(named automatically on save)"
            elif model is Meeting and field.name == "customer" and editing:
                read_only = f"{value.name if value else '—'} (from the stakeholders)"
            rows.append(
                FieldRow(
                    field,
                    value,
                    self.ctx,
                    suggestions=_suggestions(model, field),
                    scope=self._customer_scope,
                    allow_new=getattr(field, "rel_model", None) is Stakeholder,
                    read_only=read_only,
                )
            )
            if field.name == "customer" and self.view.m2m:
                rows.append(self._m2m_row())
        if self.view.m2m and not any(r.field_name == self.view.m2m for r in rows):
            rows.append(self._m2m_row())
        return rows

    def _m2m_row(self) -> FieldRow:
        name = self.view.m2m or "stakeholders"
        return FieldRow(
            Stakeholder.name,  # any field: the row is a multi-picker of stakeholders
            self._value_of(name) or [],
            self.ctx,
            scope=self._customer_scope,
            allow_new=True,
            multiple_model=Stakeholder,
            name=name,
            label="Stakeholders",
        )

    def compose(self) -> ComposeResult:
        action = "Edit" if self.record is not None else "New"
        entity = singular(self.view.collection)
        title = f"{action} {entity}" + (f": {self.record}" if self.record is not None else "")
        with Vertical(id="form-box"):
            yield Static(title, id="form-title")
            with VerticalScroll(id="form-fields"):
                if self.record is not None:
                    for label, text in derived_values(self.record, self.ctx.today):
                        yield Static(f"{label}: {text}", classes="form-derived")
                yield from self._rows()
            yield Static("", id="form-errors")
            yield Static(
                "ctrl+s save · esc cancel · tab/shift+tab move · ↑↓ enter pick a match",
                id="form-hint",
            )

    def on_mount(self) -> None:
        self._initial = self.values()
        editable = [r for r in self.query(FieldRow) if r.read_only is None]
        if editable:
            editable[0].focus_editor()

    # -- state ------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {r.field_name: r.value() for r in self.query(FieldRow) if r.read_only is None}

    @property
    def changed(self) -> bool:
        return self.values() != self._initial

    # -- actions ----------------------------------------------------------------

    def action_save(self, overwrite: bool = False) -> None:
        values = self.values()
        for row in self.query(FieldRow):
            row.check()
        since = None if overwrite else self._opened_at
        try:
            saved = save_record(
                self.view.model, values, self.ctx, self.record, unchanged_since=since
            )
        except ValidationError as exc:
            self._show_problems(exc)
            return
        except NotFound as exc:
            self.notify(f"Not saved: {exc}", severity="error")
            return
        except EditConflict as exc:

            def answered(mine: bool | None) -> None:
                if mine:
                    self.action_save(overwrite=True)

            self.app.push_screen(
                ConfirmDialog(
                    f"{exc}.\nSave your version over it?", yes="Save mine", no="Keep editing"
                ),
                answered,
            )
            return
        self.dismiss(saved)

    def _show_problems(self, exc: ValidationError) -> None:
        rows = {r.field_name: r for r in self.query(FieldRow)}
        general: list[str] = []
        first: FieldRow | None = None
        for problem in exc.problems:
            row = rows.get(problem.field or "")
            if row is None or row.read_only is not None:
                general.append(str(problem))
                continue
            value = "" if problem.value in (None, "") else f"{problem.value!r}: "
            row.show(f"✗ {value}expected {problem.expected}", True)
            if first is None:
                first = row
        self.query_one("#form-errors", Static).update("\n".join(general))
        self.set_class(bool(general), "-has-errors")
        if first is not None:
            first.focus_editor()
            first.scroll_visible()
        self.notify(f"Not saved: {len(exc.problems)} problem(s)", severity="error")

    def action_cancel(self) -> None:
        close_or_ask(self, self.changed, "Discard the changes to this form?")

    # -- inline creation ----------------------------------------------------------

    @on(RelationPicker.CreateRequested)
    def _create_inline(self, event: RelationPicker.CreateRequested) -> None:
        event.stop()
        picker = event.picker
        scope = self._customer_scope()
        prefill: dict[str, Any] = {"name": event.name}
        if scope is not None:
            prefill["customer"] = Customer.get_by_id(scope)
        view = view_of("stakeholders") if picker.model is Stakeholder else None
        if view is None:
            return

        def created(record: BaseModel | None) -> None:
            if record is not None:
                picker.put(record.name, record.id)
            picker.input.focus()

        self.app.push_screen(RecordForm(view, self.ctx, prefill=prefill), created)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        self.sub_title = "modified" if self._initial and self.changed else ""
