"""Auto-generated names for meetings, contracts, invoices and metrics.

Pure functions: the caller passes the names already taken for the customer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime


def unique(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken`` (case-insensitive)."""
    lowered = {name.casefold() for name in taken}
    if base.casefold() not in lowered:
        return base
    n = 2
    while f"{base}-{n}".casefold() in lowered:
        n += 1
    return f"{base}-{n}"


def compact(customer: str) -> str:
    """``Customer A`` → ``CustomerA``: the customer part of an invoice name."""
    return re.sub(r"[^0-9A-Za-z]+", "", customer.title() if customer.islower() else customer) or (
        "Customer"
    )


def invoice_name(customer: str, invoice_date: date | None, taken: Collection[str]) -> str:
    """The seed's pattern: ``CustomerA-jul26``."""
    when = invoice_date.strftime("%b%y").lower() if invoice_date else "draft"
    return unique(f"{compact(customer)}-{when}", taken)


def meeting_name(
    customer: str, meeting_type: str | None, when: datetime | None, taken: Collection[str]
) -> str:
    kind = meeting_type or "Meeting"
    day = when.strftime("%Y-%m-%d") if when else "undated"
    return unique(f"{customer} {kind} {day}", taken)


def contract_name(customer: str, start: date | None, taken: Collection[str]) -> str:
    year = start.year if start else "draft"
    return unique(f"{customer} Contract {year}", taken)


def metric_name(customer: str, month: date | None, taken: Collection[str]) -> str:
    label = month.strftime("%Y-%m") if month else "undated"
    return unique(f"{customer} {label}", taken)
