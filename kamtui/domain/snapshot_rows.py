"""The rows a :class:`~kamtui.domain.snapshot.Snapshot` holds, and how to read them fast.

Rows are read from the raw cursor and converted here with ``fromisoformat``:
peewee's own converters try several formats per value and cost more than the
queries themselves on a big portfolio. PostgreSQL returns typed values, which
pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw


def to_date(value: Any) -> date:
    if type(value) is str:  # SQLite's text, the common case first
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def to_datetime(value: Any) -> datetime:
    if type(value) is str:
        return datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.min.time())


def to_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


Converter = Callable[[Any], Any] | None


def _column(values: tuple[Any, ...], fn: Callable[[Any], Any]) -> list[Any]:
    # SQLite's text in the exact ISO form is parsed by the C parser directly; anything
    # else (PostgreSQL's typed values, a date written with a time) takes ``fn``.
    fast = _FAST.get(fn)
    if fast is not None:
        try:
            return [None if v is None else fast(v) for v in values]
        except (TypeError, ValueError):
            pass
    return [None if v is None else fn(v) for v in values]


def fetch(db: pw.Database, query: pw.Query, make: Callable[..., Any], *convert: Converter) -> list:
    """Run ``query`` on ``db``; each column converted, then ``make(*row)`` per row."""
    rows = db.execute(query).fetchall()
    if not rows:
        return []
    # Column by column: a comprehension per column is much faster than a loop per row.
    columns: list[Any] = list(zip(*rows, strict=True))
    for i, fn in enumerate(convert):
        if fn is not None:
            columns[i] = _column(columns[i], fn)
    return list(map(make, *columns))


D, T, N = to_date, to_datetime, to_decimal
_FAST: dict[Callable[[Any], Any], Callable[[str], Any]] = {
    to_date: date.fromisoformat,
    to_datetime: datetime.fromisoformat,
}


class CustomerRow(NamedTuple):
    id: int
    name: str
    tier: str | None
    cadence: str | None
    lifecycle: str | None
    contract_start: date | None
    contract_end: date | None
    arr: Decimal | None
    contracted_licenses: int | None
    created_at: datetime | None
    updated_at: Any


class ContractRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    status: str | None
    created_at: date | None
    internally_approved_at: date | None
    externally_approved_at: date | None
    signed_at: date | None
    expiration_date: date | None
    value: Decimal | None
    updated_at: Any


class InvoiceRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    invoice_date: date | None
    invoice_due_date: date | None
    sent_date: date | None
    received_date: date | None
    invoice_amount: Decimal | None
    discount_applied: Decimal | None
    amount_collected: Decimal | None
    payment_status: str | None
    paid_date: date | None
    updated_at: Any


class ActivityRow(NamedTuple):
    id: int
    customer_id: int | None
    name: str
    type: str | None
    due_date: date | None
    owner: str | None
    created_at: datetime | None
    updated_at: Any


class MeetingRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    date_time: datetime | None
    status: str | None
    mood: int | None
    updated_at: Any


class HeldMeetingRow(NamedTuple):
    """A meeting that took place, as the health windows read it."""

    id: int
    customer_id: int
    date_time: datetime
    status: str | None
    mood: int | None


class StakeholderRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    buying_level: str | None
    departed_on: date | None
    updated_at: Any


class ProjectRow(NamedTuple):
    id: int
    customer_id: int
    name: str
    status: str | None
    deadline: date | None
    health_status: str | None
    updated_at: Any


class MetricRow(NamedTuple):
    customer_id: int
    month: date
    mau: int | None
    sponsor_health: Decimal | None


class StateRow(NamedTuple):
    item_id: str
    snoozed_until: date | None
    acknowledged_at: datetime | None
    fingerprint: str | None
