"""Import a Notion "Markdown & CSV" export of the data architecture.

Databases are recognised by name (``Customers``, ``Activities & Tasks``,
``Accounts Receivable``, singular or plural, any case) and columns by the seed's
field names (see :mod:`kamtui.exchange.columns`); the first column of a Notion
CSV is the page title, our ``name``. Cells are read as Notion writes them
(:mod:`kamtui.exchange.notion_values`) and checked by the fields' own ``coerce``
when :func:`kamtui.exchange.loader.apply_rows` saves them, so a select value is
matched case-insensitively and an unknown option rejects its row, listing the
allowed options.

Nothing is dropped silently. A column that is the other side of a relation
imported from the other database (a ``Meetings`` column in ``Stakeholders``) is
skipped and reported; any other unknown column is reported and its values are
kept in a long-text field of the record, under a ``From Notion:`` heading:
``notes`` (customers, activities, invoices), ``review`` (meetings),
``expected_results`` (projects), ``contractual_commitments`` (contracts).
Stakeholders and metrics have no long text of their own: their unknown values
go to their customer's notes, under the stakeholder's or metrics record's name.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from kamtui.db import choices
from kamtui.db.entities import COLLECTIONS, M2M_FIELDS
from kamtui.db.fields import (
    DateField,
    DateTimeField,
    ParseContext,
    RelationField,
)
from kamtui.exchange.columns import DONE_CHECKBOX, TIMESTAMPS, database_collection, map_headings
from kamtui.exchange.notion_files import NotionTable, read_export
from kamtui.exchange.notion_values import parse_checkbox, parse_date_range, parse_links
from kamtui.exchange.plan import ImportPlan, Source

NOTES_FIELD = {
    "customers": "notes",
    "activities": "notes",
    "invoices": "notes",
    "meetings": "review",
    "projects": "expected_results",
    "contracts": "contractual_commitments",
}
EXTRAS_HEADING = "From Notion:"
# A date range in one of these fields also gives the field its end belongs to.
RANGE_ENDS = {("customers", "contract_start"): "contract_end"}


@dataclass
class _Table:
    table: NotionTable
    collection: str
    headings: list[str]
    records: list[tuple[int, list[str]]]
    columns: dict[int, str] = field(default_factory=dict)

    def titles(self) -> list[str]:
        return [cells[0].strip() for _, cells in self.records if cells and cells[0].strip()]


def _read_table(table: NotionTable, collection: str) -> _Table:
    reader = csv.reader(io.StringIO(table.text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    headings: list[str] | None = None
    last = 0
    for cells in reader:
        start, last = last + 1, reader.line_num
        cells = [cell.replace("\r\n", "\n") for cell in cells]
        if headings is None:
            headings = [h.strip() for h in cells]
            continue
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
    return _Table(table, collection, headings or [], rows)


def _relation_target(collection: str, name: str) -> str:
    if name == M2M_FIELDS.get(collection):
        return "stakeholders"
    rel = COLLECTIONS[collection]._meta.fields[name]
    return next(c for c, m in COLLECTIONS.items() if m is rel.rel_model)


class _Builder:
    def __init__(self, tables: list[_Table], titles_by_id: dict[str, str], ctx: ParseContext):
        self.ctx = ctx
        self.titles_by_id = titles_by_id
        self.known: dict[str, set[str]] = defaultdict(set)
        for t in tables:
            self.known[t.collection].update(t.titles())
        self.people_of: dict[str, set[str]] = defaultdict(set)  # stakeholder → customers
        self.customer_extras: dict[str, list[str]] = defaultdict(list)

    def links(self, text: str, target: str) -> list[str]:
        return [
            t
            for t in dict.fromkeys(
                title.strip()
                for title in (
                    self.titles_by_id.get(link.page_id or "", link.title)
                    for link in parse_links(text, self.known[target])
                )
            )
            if t
        ]

    def value(self, collection: str, name: str, cell: str, ends: dict[str, Any]) -> Any:
        """The cell as a value for ``name``; a range's end goes to ``ends`` by field."""
        model = COLLECTIONS[collection]
        model_field = model._meta.fields.get(name)
        if name == M2M_FIELDS.get(collection):
            return self.links(cell, "stakeholders")
        if isinstance(model_field, RelationField):
            titles = self.links(cell, _relation_target(collection, name))
            return ", ".join(titles) if titles else ""
        if name in TIMESTAMPS or isinstance(model_field, DateField | DateTimeField):
            parsed = parse_date_range(cell, self.ctx.date_order) if cell.strip() else None
            if parsed is None:
                return cell
            start, end = parsed
            end_field = RANGE_ENDS.get((collection, name))
            if end is not None and end_field:
                ends[end_field] = end
            return start
        return cell


def _with_extras(text: Any, extras: list[str]) -> str:
    base = str(text or "").rstrip()
    block = "\n".join([EXTRAS_HEADING, *extras])
    return f"{base}\n\n{block}" if base else block


def _plan_table(t: _Table, builder: _Builder, plan: ImportPlan) -> None:
    collection = t.collection
    mapping = map_headings(collection, t.headings)
    if "name" not in mapping.values() and t.headings:
        mapping[0] = "name"
    unknown: list[str] = []
    inverse: list[str] = []
    for index, heading in enumerate(t.headings):
        if index in mapping:
            continue
        if database_collection(heading) is not None:
            inverse.append(heading)
            mapping[index] = ""
        else:
            unknown.append(heading)
    file = PurePosixPath(t.table.file).name
    said = []
    if unknown:
        kept = NOTES_FIELD.get(collection, "the customer's notes")
        said.append(f"unknown column(s) {', '.join(map(repr, unknown))} kept in {kept}")
    if inverse:
        said.append(
            f"column(s) {', '.join(map(repr, inverse))} skipped: the other side of relations "
            "restored from those databases"
        )
    if said:
        plan.notices.append(f"{file}: " + "; ".join(said))
    for line, cells in t.records:
        values: dict[str, Any] = {}
        columns: dict[str, str] = {}
        extras: list[str] = []
        ends: dict[str, Any] = {}
        done = False
        for index, heading in enumerate(t.headings):
            if index >= len(cells):
                break
            cell = cells[index]
            name = mapping.get(index)
            if name is None:
                if cell.strip():
                    extras.append(f"{heading}: {cell.strip()}")
                continue
            if not name:
                continue
            columns[name] = heading
            if name == DONE_CHECKBOX:
                done = parse_checkbox(cell) is True
                continue
            values[name] = builder.value(collection, name, cell, ends)
        for end_field, end in ends.items():
            if not str(values.get(end_field) or "").strip():
                values[end_field] = end
        if done:
            status = choices.ProjectStatus if collection == "projects" else choices.ActivityStatus
            values["status"] = status.DONE.value
        _place_extras(collection, values, extras, builder)
        if collection == "stakeholders" and values.get("customer"):
            builder.people_of[str(values.get("name", "")).casefold()].add(values["customer"])
        plan.add(collection, values, Source(file, line, columns))


def _place_extras(
    collection: str, values: dict[str, Any], extras: list[str], builder: _Builder
) -> None:
    if not extras:
        return
    notes = NOTES_FIELD.get(collection)
    if notes:
        values[notes] = _with_extras(values.get(notes), extras)
        return
    owner = str(values.get("customer") or "")
    label = str(values.get("name") or values.get("month") or "?")
    builder.customer_extras[owner.casefold()].append(f"{label}: " + "; ".join(extras))


def _finish(plan: ImportPlan, builder: _Builder) -> None:
    customers = {
        str(r.values.get("name", "")).casefold(): r
        for r in plan.rows
        if r.collection == "customers"
    }
    for owner, extras in builder.customer_extras.items():
        row = customers.get(owner)
        if row is None:
            plan.notices.append(
                f"values of unknown columns not kept (their customer {owner!r} is not in the "
                f"export): {' | '.join(extras)}"
            )
            continue
        row.values["notes"] = _with_extras(row.values.get("notes"), extras)
    for row in plan.rows:
        if row.collection != "meetings":
            continue
        customer = row.values.get("customer")
        if not customer:
            owners = set()
            for person in row.values.get("stakeholders") or []:
                owners |= builder.people_of.get(person.casefold(), set())
            if len(owners) == 1:
                row.values["customer"] = owners.pop()


def plan_notion(path: Path, ctx: ParseContext) -> ImportPlan:
    """Read the export at ``path`` into rows ready for ``apply_rows``."""
    export = read_export(path)
    plan = ImportPlan()
    tables: list[_Table] = []
    for table in export.tables:
        collection = database_collection(table.database)
        if collection is None:
            plan.notices.append(
                f"{table.file}: database {table.database!r} is none of "
                f"{', '.join(COLLECTIONS)}: not imported"
            )
            continue
        tables.append(_read_table(table, collection))
    builder = _Builder(tables, export.titles_by_id, ctx)
    for t in tables:
        _plan_table(t, builder, plan)
    _finish(plan, builder)
    return plan
