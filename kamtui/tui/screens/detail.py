"""``v``: one record's every field, and the records that hang off it as lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from kamtui.dates import format_date
from kamtui.db.entities import M2M_FIELDS, collection_for, fields_of, singular
from kamtui.db.fields import ParseContext
from kamtui.db.models import (
    Activity,
    BaseModel,
    Contract,
    ContractStakeholder,
    Customer,
    Invoice,
    Meeting,
    MeetingStakeholder,
    Project,
    ProjectStakeholder,
    Stakeholder,
)
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.entities import money_text, plain_text, view_of
from kamtui.tui.listing import ListQuery
from kamtui.tui.readonly import derived_values
from kamtui.tui.widgets.key_bar import KeyBar

SHOWN = 200
MILESTONES = (
    ("created_at", "Created"),
    ("internally_approved_at", "Internally approved"),
    ("externally_approved_at", "Externally approved"),
    ("signed_at", "Signed"),
    ("expiration_date", "Expires"),
)


def related(record: BaseModel) -> Iterator[tuple[str, str, Any]]:
    """(title, collection, SQL condition) of each list of records tied to ``record``."""
    rid = record.id
    if isinstance(record, Customer):
        for collection in (
            "stakeholders",
            "meetings",
            "activities",
            "projects",
            "contracts",
            "invoices",
        ):
            model = view_of(collection).model
            yield view_of(collection).title, collection, model.customer == rid
    elif isinstance(record, Stakeholder):
        met = MeetingStakeholder.select(MeetingStakeholder.meeting).where(
            MeetingStakeholder.stakeholder == rid
        )
        yield "Meetings", "meetings", Meeting.id.in_(met)
        yield "Activities", "activities", Activity.stakeholder == rid
        yield "Invoices (billing contact)", "invoices", Invoice.billing_contact == rid
    elif isinstance(record, Meeting):
        yield "Follow-ups and activities", "activities", Activity.meeting == rid
    elif isinstance(record, Project):
        yield "Subtasks", "projects", Project.parent == rid
        yield "Activities", "activities", Activity.project == rid
    elif isinstance(record, Contract):
        yield "Activities", "activities", Activity.contract == rid
    elif isinstance(record, Invoice):
        yield "Follow-ups", "activities", Activity.invoice == rid


def stakeholders_of(record: BaseModel) -> Any:
    through = {
        Meeting: (MeetingStakeholder, MeetingStakeholder.meeting),
        Project: (ProjectStakeholder, ProjectStakeholder.project),
        Contract: (ContractStakeholder, ContractStakeholder.contract),
    }.get(type(record))
    if through is None:
        return None
    model, link = through
    return Stakeholder.id.in_(model.select(model.stakeholder).where(link == record.id))


def timeline(contract: Contract) -> list[str]:
    """The contract's milestones in order, with the days each step took."""
    lines = []
    previous: date | None = None
    for name, title in MILESTONES:
        when = getattr(contract, name)
        if when is None:
            lines.append(f"  ○ {title:<20} —")
            continue
        took = f"  (+{(when - previous).days} days)" if previous else ""
        lines.append(f"  ● {title:<20} {format_date(when)}{took}")
        previous = when
    return lines


class DetailScreen(Screen[None]):
    """All of a record; Enter on a related row opens that record's detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail.back"),
        Binding("e", "edit", "Edit", id="detail.edit"),
    ]

    def __init__(self, record: BaseModel, ctx: ParseContext) -> None:
        super().__init__()
        self.record = record
        self.ctx = ctx
        self.collection = collection_for(type(record))
        self.title = f"{singular(self.collection).capitalize()}: {record}"
        self._rows: dict[str, tuple[str, list[int]]] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="detail-body"):
            yield Static(self._fields_text(), id="detail-fields")
            if isinstance(self.record, Contract):
                yield Static("\n".join(["[b]Milestones[/b]", *timeline(self.record)]))
            sections = list(related(self.record))
            people = stakeholders_of(self.record)
            if people is not None:
                sections.insert(0, ("Stakeholders", "stakeholders", people))
            for index, (title, collection, condition) in enumerate(sections):
                query = ListQuery.default(view_of(collection), self.ctx.today)
                query = query.with_(extra=(condition,))
                total = query.count()
                rows = query.page(0, SHOWN)
                more = f" (first {SHOWN})" if total > SHOWN else ""
                yield Static(f"[b]{escape(title)}[/b]: {total}{more}", classes="detail-title")
                table: DataTable[str] = DataTable(
                    cursor_type="row", id=f"related-{index}", classes="related"
                )
                table.add_columns(*(c.label for c in view_of(collection).columns))
                for row in rows:
                    table.add_row(*row.cells)
                table.styles.height = min(len(rows), 8) + 1
                self._rows[f"related-{index}"] = (collection, [r.id for r in rows])
                yield table
        yield KeyBar()

    def _fields_text(self) -> str:
        record = self.record
        lines = []
        for field in fields_of(type(record)):
            if hasattr(record, field.name + "_id") and field.kind == "relation":
                value = getattr(record, field.name) if getattr(record, field.name + "_id") else ""
            else:
                value = getattr(record, field.name)
            text = money_text(value) if field.kind == "money" else plain_text(value)
            lines.append(f"[b]{escape(field.label):<28}[/b]  {escape(text)}")
        m2m = M2M_FIELDS.get(self.collection)
        if m2m:
            names = ", ".join(s.name for s in getattr(record, m2m))
            lines.append(f"[b]{'Stakeholders':<28}[/b]  {escape(names)}")
        for label_text, text in derived_values(record, self.ctx.today):
            lines.append(f"[b]{escape(label_text):<28}[/b]  {escape(text)} (derived)")
        return "\n".join(lines)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        collection, ids = self._rows[event.data_table.id or ""]
        model = view_of(collection).model
        record = model.get_or_none(model.id == ids[event.cursor_row])
        if record is not None:
            self.app.push_screen(DetailScreen(record, self.ctx))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        def saved(record: BaseModel | None) -> None:
            if record is not None:
                self.app.switch_screen(DetailScreen(record, self.ctx))

        self.app.push_screen(RecordForm(view_of(self.collection), self.ctx, self.record), saved)
