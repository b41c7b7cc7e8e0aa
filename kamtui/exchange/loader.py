"""Apply imported rows to the database: one transaction, every problem reported.

Every importer (JSON, CSV, Notion) turns its input into :class:`Row` objects of
snake_case values and hands them to :func:`apply_rows`, which

* orders them so relations resolve (customers first, activities last), with a
  second pass for self-relations (direct managers, parent projects);
* updates the record with the same natural key instead of duplicating it
  (customer name; name within the customer; an activity's name, customer and
  creation time or due date; a metric's customer and month);
* collects every rejected row with where it came from, and rolls everything back
  unless ``skip_bad`` (then each bad row alone is skipped and reported);
* in ``dry_run`` counts what would happen, then rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from kamtui.db.connection import write_transaction
from kamtui.db.entities import COLLECTIONS, counted, singular
from kamtui.db.fields import FieldError, ParseContext
from kamtui.db.models import Activity, BaseModel, Customer, Metric, database
from kamtui.ops.records import Problem, ValidationError, name_key, save_record
from kamtui.ops.serialize import derived_names

ORDER = (
    "customers",
    "stakeholders",
    "projects",
    "contracts",
    "meetings",
    "invoices",
    "metrics",
    "activities",
)
SELF_RELATIONS = {"stakeholders": "direct_manager", "projects": "parent"}


@dataclass
class Row:
    """One record to import: its collection, its values and where it came from."""

    collection: str
    values: dict[str, Any]
    where: str


@dataclass
class ImportReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Row] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        def verb(n: int) -> str:
            return "would be" if self.dry_run else ("was" if n == 1 else "were")

        parts = []
        for label, counts in (
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
        ):
            total = sum(counts.values())
            detail = ", ".join(counted(n, c) for c, n in counts.items() if n)
            parts.append(f"{total} {verb(total)} {label}" + (f" ({detail})" if detail else ""))
        if self.skipped:
            parts.append(f"{len(self.skipped)} {verb(len(self.skipped))} skipped as bad")
        return "; ".join(parts)


class ImportFailed(ValueError):
    """Bad rows and no ``skip_bad``: nothing was changed."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        lines = [f"import rejected, nothing changed: {len(report.problems)} problem(s)"]
        lines += [f"  {p}" for p in report.problems]
        super().__init__("\n".join(lines))


def _find_existing(collection: str, values: dict[str, Any], ctx: ParseContext) -> BaseModel | None:
    model = COLLECTIONS[collection]
    name = str(values.get("name") or "").strip()
    if model is Customer:
        return Customer.get_or_none(Customer.name_key == name_key(name)) if name else None
    customer_name = values.get("customer")
    customer = (
        Customer.get_or_none(Customer.name_key == name_key(str(customer_name)))
        if customer_name
        else None
    )
    if model is Activity:
        if not name:
            return None
        query = Activity.select().where(
            pw.fn.LOWER(Activity.name) == pw.fn.LOWER(name), Activity.customer == customer
        )
        for key in ("created_at", "due_date"):
            if values.get(key):
                try:
                    parsed = Activity._meta.fields[key].coerce(values[key], ctx)
                except FieldError:
                    return None
                return query.where(getattr(Activity, key) == parsed).first()
        return None
    if customer is None:
        return None
    if model is Metric and not name and values.get("month"):
        try:
            month = Metric.month.coerce(values["month"], ctx)
        except FieldError:
            return None
        return Metric.get_or_none(Metric.customer == customer, Metric.month == month.replace(day=1))
    if not name:
        return None
    return model.get_or_none(
        model.customer == customer, pw.fn.LOWER(model.name) == pw.fn.LOWER(name)
    )


def _apply_one(row: Row, values: dict[str, Any], ctx: ParseContext) -> str:
    existing = _find_existing(row.collection, values, ctx)
    record = save_record(COLLECTIONS[row.collection], values, ctx, existing, keep_timestamps=True)
    if existing is None:
        return "created"
    return "updated" if record.was_changed else "unchanged"


def apply_rows(
    rows: Iterable[Row],
    ctx: ParseContext,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Write ``rows`` in one transaction; raise :class:`ImportFailed` on bad rows."""
    ordered = sorted(rows, key=lambda r: ORDER.index(r.collection))
    report = ImportReport(dry_run=dry_run)
    deferred: list[tuple[Row, dict[str, Any]]] = []
    total = len(ordered)

    outcomes: dict[int, str] = {}

    def attempt(row: Row, values: dict[str, Any]) -> None:
        try:
            with database.atomic():
                outcome = _apply_one(row, values, ctx)
        except ValidationError as exc:
            report.problems.extend(_located(exc.problems, row))
            report.skipped.append(row)
            outcomes[id(row)] = "skipped"
            return
        first = outcomes.setdefault(id(row), outcome)
        if first == "unchanged" and outcome == "updated":
            outcomes[id(row)] = "updated"

    with write_transaction() as transaction:
        for done, row in enumerate(ordered, 1):
            ignored = derived_names(row.collection)
            values = {k: v for k, v in row.values.items() if k not in ignored}
            self_field = SELF_RELATIONS.get(row.collection)
            if self_field and values.get(self_field):
                deferred.append(
                    (
                        row,
                        # updated_at too: setting the relation must not restamp the record.
                        {
                            k: values[k]
                            for k in ("name", "customer", self_field, "updated_at")
                            if k in values
                        },
                    )
                )
                values.pop(self_field)
            attempt(row, values)
            if progress:
                progress(done, total)
        for row, values in deferred:
            if outcomes.get(id(row)) != "skipped":
                attempt(row, values)
        for row in ordered:
            outcome = outcomes[id(row)]
            if outcome != "skipped":
                getattr(report, outcome)[row.collection] += 1
        if report.problems and not skip_bad:
            transaction.rollback()
            raise ImportFailed(report)
        if dry_run:
            transaction.rollback()
    return report


def _located(problems: list[Problem], row: Row) -> list[Problem]:
    return [
        Problem(
            p.entity or singular(row.collection), p.record, p.field, p.value, p.expected, row.where
        )
        for p in problems
    ]
