"""How the command line shows records: table columns, echoed values, ``--where``.

Statuses shown and filtered are the effective ones of :mod:`kamtui.domain.derived`
(a pending activity past its due date is Overdue), never the stored word alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
import peewee as pw

from kamtui.dates import format_date, format_datetime
from kamtui.db.entities import M2M_FIELDS, collection_for, fields_of, singular
from kamtui.db.fields import FieldError, MultiSelectField, ParseContext, RelationField
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
from kamtui.domain import derived
from kamtui.ops.records import name_key

#: Joined wherever a list shows the customer, so each row costs no extra query.
CUSTOMER = Customer.alias("row_customer")
#: The stored field whose effective value ``status=`` filters on, per collection.
STATUS_FIELDS = {"activities": "status", "invoices": "payment_status", "contracts": "status"}
_TEXT_KINDS = {"text", "longtext", "tag", "email", "url", "phone"}


# -- values as people read them ----------------------------------------------------


def money(value: Any) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def shown(value: Any) -> str:
    """A stored value in a table cell: ISO dates, numbers with their places, names."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # fields read back with their own places (CSAT 4.5, ROI 2.25)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, BaseModel):
        return str(value.name)
    return str(value)


def understood(value: Any) -> str:
    """A value as echoed back: dates with their weekday, so a typo shows at once."""
    if value is None or value == []:
        return "(empty)"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} ({format_datetime(value)})"
    if isinstance(value, date):
        return f"{value.isoformat()} ({format_date(value)})"
    return shown(value)


def field_value(record: BaseModel, name: str) -> Any:
    """``record``'s value for ``name``: a relation as its record, a many-to-many as names."""
    collection = collection_for(type(record))
    if name == M2M_FIELDS.get(collection):
        return sorted(s.name for s in getattr(record, name)) if record.id else []
    field = record._meta.fields.get(name)
    if isinstance(field, RelationField):
        return getattr(record, name) if getattr(record, name + "_id") else None
    return getattr(record, name, None)


# -- effective statuses ------------------------------------------------------------


def effective_status(record: BaseModel, today: date) -> str | None:
    """The status a person should see today (Overdue when the dates say so)."""
    if isinstance(record, Activity):
        return derived.activity_status(record.status, record.due_date, today)
    if isinstance(record, Invoice):
        return derived.invoice_status(record, today)
    if isinstance(record, Contract):
        renewed = False
        if record.expiration_date is not None and record.expiration_date < today:
            # Renewed: the customer has another contract running later than this one.
            renewed = (
                Contract.select()
                .where(
                    Contract.customer == record.customer_id,
                    Contract.id != record.id,
                    Contract.expiration_date > record.expiration_date,
                )
                .exists()
            )
        return derived.contract_status(record.status, record.expiration_date, renewed, today)
    return getattr(record, "status", None)


# -- list columns ------------------------------------------------------------------

Cell = Callable[[Any, date], Any]


def _attr(name: str) -> Cell:
    return lambda r, today: shown(getattr(r, name))


def _customer(r: Any, today: date) -> str:
    return str(r.customer.name) if r.customer_id else ""


def _money(name: str) -> Cell:
    return lambda r, today: money(getattr(r, name))


def _status(r: Any, today: date) -> str:
    return effective_status(r, today) or ""


COLUMNS: dict[str, list[tuple[str, Cell]]] = {
    "customers": [
        ("Name", _attr("name")),
        ("Tier", _attr("tier")),
        ("Lifecycle", _attr("lifecycle")),
        ("Cadence", _attr("cadence")),
        ("Industry", _attr("industry")),
        ("Contract end", _attr("contract_end")),
        ("ARR", _money("arr")),
    ],
    "stakeholders": [
        ("Name", _attr("name")),
        ("Customer", _customer),
        ("Buying level", _attr("buying_level")),
        ("Role", _attr("role")),
        ("Status", _attr("status")),
        ("Email", _attr("email")),
    ],
    "meetings": [
        ("Date/Time", _attr("date_time")),
        ("Name", _attr("name")),
        ("Customer", _customer),
        ("Type", _attr("meeting_type")),
        ("Status", _attr("status")),
        ("Mood", _attr("mood")),
    ],
    "activities": [
        ("Due", _attr("due_date")),
        ("Activity", _attr("name")),
        ("Customer", _customer),
        ("Type", _attr("type")),
        ("Status", _status),
        ("Owner", _attr("owner")),
    ],
    "projects": [
        ("Name", _attr("name")),
        ("Customer", _customer),
        ("Status", _attr("status")),
        ("Health", _attr("health_status")),
        ("Priority", _attr("priority")),
        ("Deadline", _attr("deadline")),
    ],
    "contracts": [
        ("Name", _attr("name")),
        ("Customer", _customer),
        ("Status", _status),
        ("Signed", _attr("signed_at")),
        ("Expires", _attr("expiration_date")),
        ("Value", _money("value")),
    ],
    "metrics": [
        ("Month", lambda r, t: r.month.strftime("%Y-%m") if r.month else ""),
        ("Customer", _customer),
        ("MAU", _attr("mau")),
        (
            "Activation %",
            lambda r, t: shown(derived.activation(r.mau, r.customer.contracted_licenses)),
        ),
        ("NPS", _attr("nps")),
        ("CSAT", _attr("csat")),
        ("Name", _attr("name")),
    ],
    "invoices": [
        ("Name", _attr("name")),
        ("Customer", _customer),
        ("Status", _status),
        ("Date", _attr("invoice_date")),
        ("Due", _attr("invoice_due_date")),
        ("Amount", _money("invoice_amount")),
        ("Outstanding", lambda r, t: money(derived.outstanding(r))),
        ("DSO", lambda r, t: shown(derived.invoice_dso(r, t))),
    ],
}

_ORDER: dict[type[BaseModel], Callable[[], tuple[Any, ...]]] = {
    Customer: lambda: (Customer.name_key,),
    Stakeholder: lambda: (CUSTOMER.name_key, Stakeholder.name),
    Meeting: lambda: (Meeting.date_time.desc(nulls="LAST"), Meeting.name),
    Activity: lambda: (Activity.due_date.asc(nulls="LAST"), Activity.name),
    Project: lambda: (CUSTOMER.name_key, Project.name),
    Contract: lambda: (CUSTOMER.name_key, Contract.name),
    Metric: lambda: (Metric.month.desc(nulls="LAST"), CUSTOMER.name_key),
    Invoice: lambda: (Invoice.invoice_date.desc(nulls="LAST"), Invoice.name),
}


def base_query(model: type[BaseModel]) -> pw.ModelSelect:
    """All records of ``model`` with their customer joined, in list order."""
    if model is Customer:
        return Customer.select().order_by(*_ORDER[Customer](), Customer.id)
    return (
        model.select(model, CUSTOMER)
        .join(CUSTOMER, pw.JOIN.LEFT_OUTER, on=(model.customer == CUSTOMER.id), attr="customer")
        .order_by(*_ORDER[model](), model.id)
    )


# -- --where -----------------------------------------------------------------------


def where_fields(model: type[BaseModel]) -> list[str]:
    names = [f.name for f in fields_of(model)]
    collection = collection_for(model)
    if collection in M2M_FIELDS:
        names.append(M2M_FIELDS[collection])
    if collection == "invoices":
        names.append("status")
    return names


def _by_name(model: type[BaseModel], value: str) -> pw.ModelSelect:
    if model is Customer:
        return Customer.select(Customer.id).where(Customer.name_key == name_key(value))
    return model.select(model.id).where(pw.fn.LOWER(model.name) == pw.fn.LOWER(value.strip()))


def _condition(model: type[BaseModel], key: str, raw: str, ctx: ParseContext) -> pw.Node:
    collection = collection_for(model)
    if key == M2M_FIELDS.get(collection):
        through = getattr(model, key).through_model
        own = getattr(through, singular(collection))
        people = through.select(own).where(through.stakeholder.in_(_by_name(Stakeholder, raw)))
        return model.id.in_(people)
    field = model._meta.fields[key]
    if isinstance(field, RelationField):
        if not raw.strip():
            return field.is_null()
        return field.in_(_by_name(field.rel_model, raw))
    value = field.coerce(raw, ctx)
    if isinstance(field, MultiSelectField):
        if not value:
            return (field.is_null()) | (field == "[]")
        condition = field.includes(value[0])
        for option in value[1:]:
            condition &= field.includes(option)
        return condition
    if value is None:
        return field.is_null()
    if field.kind in _TEXT_KINDS:
        return pw.fn.LOWER(field) == pw.fn.LOWER(str(value))
    return field == value


def parse_where(
    model: type[BaseModel], pairs: Iterable[tuple[str, str]], ctx: ParseContext
) -> tuple[list[pw.Node], str | None]:
    """SQL conditions for ``--where`` pairs, and the effective status asked for (if any).

    Raises :class:`click.UsageError` naming an unknown field and the valid ones,
    or the field, the value and what it expects.
    """
    collection = collection_for(model)
    valid = where_fields(model)
    conditions: list[pw.Node] = []
    status: str | None = None
    for key, raw in pairs:
        if key not in valid:
            raise click.UsageError(
                f"--where: {collection} have no field {key!r}; fields: {', '.join(valid)}"
            )
        if collection == "invoices" and key == "status":
            key = "payment_status"
        try:
            if key == STATUS_FIELDS.get(collection):
                status = model._meta.fields[key].coerce(raw, ctx)
                continue
            conditions.append(_condition(model, key, raw, ctx))
        except FieldError as exc:
            raise click.UsageError(f"--where {key}={raw!r}: expected {exc.expected}") from None
    return conditions, status


def rows(records: Iterable[BaseModel], collection: str, today: date) -> list[list[str]]:
    return [[cell(r, today) for _, cell in COLUMNS[collection]] for r in records]
