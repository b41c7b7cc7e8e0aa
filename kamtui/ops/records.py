"""Create, update, find and delete records: the one path every writer takes.

The CLI, the JSON/CSV/Notion importers and the TUI forms all call
:func:`save_record` with what the user typed; it reads each value with the field's
own ``coerce``, resolves relations by name, derives what is derived (meeting
customer, auto names, departed_on, done_at), checks the record's rules and saves,
or raises :class:`ValidationError` listing every problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee as pw

from kamtui.db import choices as c
from kamtui.db.connection import write_transaction
from kamtui.db.entities import (
    AUTO_NAMED,
    COLLECTIONS,
    M2M_FIELDS,
    collection_for,
    counted,
    fields_of,
    singular,
)
from kamtui.db.fields import FieldError, ParseContext, RelationField
from kamtui.db.models import (
    Activity,
    BaseModel,
    Contract,
    Customer,
    Invoice,
    Meeting,
    Metric,
    Project,
    Stakeholder,
)
from kamtui.domain import names


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: which record, which field, what was wrong."""

    entity: str
    record: str
    field: str | None
    value: Any
    expected: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        record = f"{self.entity} {self.record!r}" if self.record else f"new {self.entity}"
        if self.field is None:
            return f"{place}{record}: {self.expected}"
        return (
            f"{place}{record}: {self.field} {self.value!r} is not valid, expected {self.expected}"
        )


class ValidationError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def fields(self) -> list[str]:
        return [p.field for p in self.problems if p.field]


class EditConflict(RuntimeError):
    """The record was saved by someone else while the user was editing it."""

    def __init__(self, what: str, saved_at: datetime | None) -> None:
        self.saved_at = saved_at
        when = f" at {saved_at:%H:%M}" if saved_at else ""
        super().__init__(f"{what} was changed elsewhere{when}, after you opened it")


class NotFound(LookupError):
    pass


class DependentsError(RuntimeError):
    """Deleting a record others depend on, without ``force``."""

    def __init__(self, label: str, counts: dict[str, int]) -> None:
        self.counts = counts
        listed = ", ".join(counted(n, k) for k, n in counts.items())
        super().__init__(f"{label} has {listed}: delete those first or force the deletion")


def name_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def label(record: BaseModel) -> str:
    entity = singular(collection_for(type(record)))
    customer = getattr(record, "customer_id", None) and not isinstance(record, Customer)
    suffix = f" ({record.customer.name})" if customer else ""
    return f"{entity} {record}{suffix}"


# -- lookups -----------------------------------------------------------------


def find_customer(name: str) -> Customer:
    customer = Customer.get_or_none(Customer.name_key == name_key(name))
    if customer is None:
        raise NotFound(f"no customer named {name!r}")
    return customer


def find_record(model: type[BaseModel], name: str, customer: Customer | None = None) -> BaseModel:
    """The record of ``model`` called ``name`` (case-insensitive), within ``customer``.

    Both sides go through SQL ``LOWER``: SQLite lowers ASCII only, so lowering the
    name in Python would miss ``Ünited`` stored as typed.
    """
    if model is Customer:
        return find_customer(name)
    entity = singular(collection_for(model))
    query = model.select().where(pw.fn.LOWER(model.name) == pw.fn.LOWER(name.strip()))
    if customer is not None and "customer" in model._meta.fields:
        query = query.where(model.customer == customer)
    matches = list(query.limit(10))
    if not matches and model is not Activity and customer is not None:
        raise NotFound(f"no {entity} named {name!r} at {customer.name}")
    if not matches:
        raise NotFound(f"no {entity} named {name!r}")
    if len(matches) > 1:
        where = ", ".join(sorted({str(m.customer) if m.customer_id else "-" for m in matches}))
        raise NotFound(
            f"{len(matches)} {collection_for(model)} are named {name!r} ({where}): "
            "name the customer too"
        )
    return matches[0]


def _related(field: RelationField, raw: Any, customer: Customer | None) -> BaseModel | None:
    model = field.rel_model
    if isinstance(raw, model):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        found = model.get_or_none(model.id == raw)
        if found is None:
            raise FieldError(raw, f"the id of an existing {singular(collection_for(model))}")
        return found
    text = str(raw).strip()
    try:
        return find_record(model, text, customer)
    except NotFound as exc:
        raise FieldError(raw, f"an existing {singular(collection_for(model))} ({exc})") from None


# -- saving -------------------------------------------------------------------


def _split_names(raw: Any) -> list[Any]:
    if isinstance(raw, list | tuple | set):
        return list(raw)
    return [part for part in str(raw).split(",") if part.strip()] if raw else []


#: Dates that only a record in one status has (set and cleared with that status).
_STATE_DATES: dict[type[BaseModel], tuple[tuple[str, str, str], ...]] = {
    Stakeholder: (("departed_on", "status", c.StakeholderStatus.DEPARTED.value),),
    Activity: (("done_at", "status", c.ActivityStatus.DONE.value),),
}


def save_record(
    model: type[BaseModel],
    values: Mapping[str, Any],
    ctx: ParseContext,
    instance: BaseModel | None = None,
    *,
    keep_timestamps: bool = False,
    unchanged_since: datetime | None = None,
) -> BaseModel:
    """Create (``instance`` None) or update a record from typed values.

    ``unchanged_since``: the ``updated_at`` the user saw when they began editing;
    if another process saved the record since, :class:`EditConflict` is raised and
    nothing is written (``instance`` is re-read), rather than overwriting silently.

    The returned record's ``was_changed`` says whether anything was written: an
    update that changes nothing leaves the row (and its ``updated_at``) alone.

    ``values`` maps snake_case field names to text or Python values; relations are
    names (or records). Raises :class:`ValidationError` naming every problem; on
    error nothing is written and ``instance`` is left as it was in the database.
    """
    collection = collection_for(model)
    entity = singular(collection)
    record = instance if instance is not None else model()
    original_name = str(record.name or "") if instance is not None else ""
    problems: list[Problem] = []
    fields = {f.name: f for f in fields_of(model)}
    m2m_name = M2M_FIELDS.get(collection)
    m2m: list[Stakeholder] | None = None
    given = dict(values)
    before = _data(record)

    def problem(field: str | None, value: Any, expected: str) -> None:
        problems.append(
            Problem(entity, original_name or str(given.get("name") or ""), field, value, expected)
        )

    for key in given:
        if key not in fields and key != m2m_name and key not in ("created_at", "updated_at"):
            problem(key, given[key], f"a field of {collection}: {', '.join(fields)}")

    # The customer first: other relations are looked up within it.
    if "customer" in fields and "customer" in given:
        try:
            customer = (
                None
                if given["customer"] in (None, "")
                else _related(fields["customer"], given["customer"], None)
            )
            record.customer = customer
        except FieldError as exc:
            problem("customer", exc.value, exc.expected)
    scope = record.customer if "customer" in fields and record.customer_id else None
    if model is Customer:
        scope = None

    for key, raw in given.items():
        field = fields.get(key)
        if key == "customer" or (field is None and key not in ("created_at", "updated_at")):
            continue
        try:
            if key in ("created_at", "updated_at") and field is None:
                if keep_timestamps and raw not in (None, ""):
                    setattr(record, key, model._meta.fields[key].coerce(raw, ctx))
                continue
            if isinstance(field, RelationField):
                blank = raw is None or (isinstance(raw, str) and not raw.strip())
                setattr(record, key, None if blank else _related(field, raw, scope))
            else:
                setattr(record, key, field.coerce(raw, ctx))
        except FieldError as exc:
            problem(key, exc.value, exc.expected)

    if m2m_name and m2m_name in given:
        m2m = []
        for raw in _split_names(given[m2m_name]):
            try:
                m2m.append(_related(Activity.stakeholder, raw, scope))
            except FieldError as exc:
                problem(m2m_name, exc.value, exc.expected)

    # Reported with the other typing mistakes, so one save lists them all.
    named = collection in AUTO_NAMED or (record.name or "").strip()
    if not named and not any(p.field == "name" for p in problems):
        problem("name", record.name, "a name (it cannot be empty)")

    # A date the user typed for a state the record is not in would be cleared by the
    # derivations below: say so instead of dropping it.
    for key, _status, needed in _STATE_DATES.get(model, ()):
        typed = given.get(key) not in (None, "") and getattr(record, key) != before.get(key)
        if typed and record.status != needed:
            what = fields[key].label
            problem(key, given[key], f"no {what} unless Status is {needed}: set Status to "
                                     f"{needed}, or leave {what} empty")  # fmt: skip

    if not problems:
        problems.extend(_derive_and_check(record, m2m, ctx, entity, original_name))
    if problems:
        if instance is not None and instance.id is not None:
            _reload(instance)
        raise ValidationError(problems)

    record.was_changed = (
        record.id is None
        or m2m is not None
        and _m2m_names(record, m2m_name) != sorted(s.name for s in m2m)
        or _data(record) != before
    )
    if not record.was_changed:
        return record
    stamp = ctx.moment
    if not (keep_timestamps and "updated_at" in given and given["updated_at"]):
        record.updated_at = stamp.replace(microsecond=0)
    if record.id is None and not (keep_timestamps and given.get("created_at")):
        if model is Contract:
            record.created_at = record.created_at or ctx.today
        else:
            record.created_at = stamp.replace(microsecond=0)
    with write_transaction():
        if unchanged_since is not None and record.id is not None:
            stored = model.select(model.updated_at).where(model.id == record.id).scalar()
            if stored is None:
                raise NotFound(f"{label(record)} was deleted elsewhere after you opened it")
            if stored != unchanged_since:
                _reload(record)
                raise EditConflict(label(record), stored)
        record.save()
        if m2m is not None:
            getattr(record, m2m_name).clear()
            getattr(record, m2m_name).add(m2m)
    return record


def _data(record: BaseModel) -> dict[str, Any]:
    return {k: v for k, v in record.__data__.items() if k != "updated_at"}


def _m2m_names(record: BaseModel, m2m_name: str) -> list[str]:
    if record.id is None:
        return []
    return sorted(s.name for s in getattr(record, m2m_name))


def _reload(instance: BaseModel) -> None:
    fresh = type(instance).get_by_id(instance.id)
    instance.__data__ = dict(fresh.__data__)
    instance._dirty.clear()


def _taken(model: type[BaseModel], record: BaseModel) -> list[str]:
    query = model.select(model.name).where(model.customer == record.customer_id)
    if record.id is not None:
        query = query.where(model.id != record.id)
    return [name for (name,) in query.tuples()]


def _derive_and_check(
    record: BaseModel, m2m: list[Stakeholder] | None, ctx: ParseContext, entity: str, original: str
) -> list[Problem]:
    problems: list[Problem] = []
    model = type(record)
    record_name = original or str(record.name or "")

    def problem(field: str | None, value: Any, expected: str) -> None:
        problems.append(Problem(entity, record_name, field, value, expected))

    if m2m is not None and m2m:
        owners = {s.customer_id: s.customer.name for s in m2m}
        if len(owners) > 1:
            problem(
                "stakeholders",
                ", ".join(s.name for s in m2m),
                f"people of one customer, not of {' and '.join(sorted(owners.values()))}",
            )
            # The customer cannot be derived; saying it is missing would mislead.
            return problems
        elif model is Meeting:
            (owner_id,) = owners
            if record.customer_id and record.customer_id != owner_id:
                problem(
                    "customer",
                    record.customer.name,
                    f"{owners[owner_id]}, the customer of the stakeholders",
                )
            record.customer = owner_id
        elif record.customer_id and record.customer_id not in owners:
            problem(
                "stakeholders", ", ".join(s.name for s in m2m), f"people of {record.customer.name}"
            )
    if "customer" in model._meta.fields and model is not Activity and not record.customer_id:
        problem(
            "customer",
            None,
            "a customer (or stakeholders who belong to one)"
            if model is Meeting
            else "the customer this record belongs to",
        )
        return problems

    if model is Metric and record.month is not None:
        record.month = record.month.replace(day=1)
    collection = collection_for(model)
    if not (record.name or "").strip():
        if collection in AUTO_NAMED:
            record.name = _auto_name(record)
        else:
            problem("name", record.name, "a name (it cannot be empty)")
    problems.extend(_rules(record, ctx, problem))
    return problems


def _auto_name(record: BaseModel) -> str:
    customer = record.customer.name
    taken = _taken(type(record), record)
    if isinstance(record, Invoice):
        return names.invoice_name(customer, record.invoice_date, taken)
    if isinstance(record, Meeting):
        return names.meeting_name(customer, record.meeting_type, record.date_time, taken)
    if isinstance(record, Contract):
        return names.contract_name(customer, record.signed_at or record.created_at, taken)
    return names.metric_name(customer, record.month, taken)


def _before(later: date | None, earlier: date | None) -> bool:
    return later is not None and earlier is not None and later < earlier


def _rules(record: BaseModel, ctx: ParseContext, problem: Any) -> list[Problem]:
    """Record-level rules; report problems through ``problem(field, value, expected)``."""
    model = type(record)
    if model is Customer:
        # A missing name is already reported; there is nothing to compare.
        clash = Customer.select().where(Customer.name_key == name_key(record.name or ""))
        if record.id is not None:
            clash = clash.where(Customer.id != record.id)
        if clash.exists():
            problem(
                "name",
                record.name,
                "a name no other customer has (names are unique, ignoring case and spaces)",
            )
        if (
            record.contract_end
            and record.contract_start
            and (record.contract_end <= record.contract_start)
        ):
            problem(
                "contract_end",
                record.contract_end.isoformat(),
                f"a date after contract_start ({record.contract_start.isoformat()})",
            )
        return []
    if model is not Activity or record.customer_id:
        if model is Metric and record.month is not None:
            clash = Metric.select().where(
                Metric.customer == record.customer_id, Metric.month == record.month
            )
            if record.id is not None:
                clash = clash.where(Metric.id != record.id)
            if clash.exists():
                problem(
                    "month",
                    record.month.strftime("%Y-%m"),
                    "a month with no other metrics record for this customer",
                )
        if model is not Activity and record.name:
            clash = model.select().where(
                model.customer == record.customer_id,
                pw.fn.LOWER(model.name) == pw.fn.LOWER(record.name),
            )
            if record.id is not None:
                clash = clash.where(model.id != record.id)
            if clash.exists():
                problem(
                    "name",
                    record.name,
                    f"a name not used by another {singular(collection_for(model))} "
                    f"of {record.customer.name}",
                )
    if model is Stakeholder:
        departed = record.status == c.StakeholderStatus.DEPARTED
        if departed and record.departed_on is None:
            record.departed_on = ctx.today
        elif not departed:
            record.departed_on = None
        if record.direct_manager_id is not None and record.direct_manager_id == record.id:
            problem("direct_manager", record.direct_manager.name, "someone other than themself")
    elif model is Contract:
        for field in ("internally_approved_at", "externally_approved_at", "signed_at"):
            if _before(getattr(record, field), record.created_at):
                problem(
                    field,
                    getattr(record, field).isoformat(),
                    f"a date not before created_at ({record.created_at.isoformat()})",
                )
        start = record.signed_at or record.created_at
        if _before(record.expiration_date, start):
            problem(
                "expiration_date",
                record.expiration_date.isoformat(),
                f"a date after the contract starts ({start.isoformat()})",
            )
    elif model is Invoice:
        for field in ("invoice_due_date", "sent_date", "paid_date"):
            if _before(getattr(record, field), record.invoice_date):
                problem(
                    field,
                    getattr(record, field).isoformat(),
                    f"a date not before invoice_date ({record.invoice_date.isoformat()})",
                )
    elif model is Project:
        if record.parent_id is not None and record.parent_id == record.id:
            problem("parent", record.parent.name, "another project")
    elif model is Activity:
        if record.status == c.ActivityStatus.DONE:
            record.done_at = record.done_at or ctx.moment
        else:
            record.done_at = None
    return []


# -- deleting -----------------------------------------------------------------


def dependents(record: BaseModel) -> dict[str, int]:
    """What would go with ``record``: counts of related records, by collection."""
    counts: dict[str, int] = {}
    if isinstance(record, Customer):
        for name, backref in (
            ("stakeholders", record.stakeholders),
            ("meetings", record.meetings),
            ("activities", record.activities),
            ("projects", record.projects),
            ("contracts", record.contracts),
            ("metrics", record.metrics),
            ("invoices", record.invoices),
        ):
            n = backref.count()
            if n:
                counts[name] = n
    elif isinstance(record, Project):
        n = record.subtasks.count()
        if n:
            counts["subprojects"] = n
    return counts


def unlinked(record: BaseModel) -> dict[str, int]:
    """Records that stay when ``record`` goes but lose their link to it, by collection.

    Deleting an invoice leaves its follow-up activities without their invoice;
    deleting a stakeholder takes them off the meetings they attended. A customer's
    records are :func:`dependents` instead: they would go with it.
    """
    if isinstance(record, Customer):
        return {}
    entities = set(COLLECTIONS.values())
    counts: dict[str, int] = {}
    for field, model in type(record)._meta.backrefs.items():
        n = model.select().where(field == record.id).count()
        if not n:
            continue
        if model not in entities:
            # A many-to-many row (meeting ↔ stakeholder): count the record on its other side.
            model = next(f.rel_model for f in model._meta.refs if f is not field)
        name = collection_for(model)
        counts[name] = counts.get(name, 0) + n
    return counts


def delete_warning(record: BaseModel) -> str:
    """What deleting ``record`` does to the records linked to it, in words."""
    lost = unlinked(record)
    if not lost:
        return "Nothing else refers to it."
    listed = ", ".join(counted(n, name) for name, n in lost.items())
    return f"Linked to it, these stay but lose the link: {listed}."


def delete_record(record: BaseModel, *, force: bool = False) -> dict[str, int]:
    """Delete ``record``; a customer with records is refused unless ``force``.

    Forced, a customer's records go with it, so nothing is ever orphaned.
    """
    counts = dependents(record)
    if counts and not force:
        raise DependentsError(label(record), counts)
    with write_transaction():
        if isinstance(record, Customer):
            for model in (Activity, Invoice, Metric, Contract, Project, Meeting, Stakeholder):
                if model is Project:
                    model.update(parent=None).where(model.customer == record).execute()
                if model is Stakeholder:
                    model.update(direct_manager=None).where(model.customer == record).execute()
                model.delete().where(model.customer == record).execute()
        record.delete_instance(recursive=not isinstance(record, Customer))
    return counts
