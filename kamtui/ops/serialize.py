"""Records as plain dictionaries: the shape of every export and of ``--json``.

Fields use the seed's snake_case names; relations are written as names; derived
values (DSO, activation, ...) are included, computed for ``today``, and ignored
when the document is imported again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee as pw

from kamtui.dates import next_month_start
from kamtui.db.entities import M2M_FIELDS, collection_for, fields_of
from kamtui.db.fields import RelationField
from kamtui.db.models import BaseModel, Customer, Meeting, Metric
from kamtui.domain import derived

DerivedFn = Callable[[BaseModel, date], Any]


def _customer_dso(record: Customer, today: date) -> Any:
    return derived.weighted_dso(record.invoices, today)


def _average_mood(record: Metric, today: date) -> Any:
    if record.month is None:
        return None
    start = datetime.combine(record.month, datetime.min.time())
    end_month = next_month_start(record.month)
    moods = [
        mood
        for (mood,) in Meeting.select(Meeting.mood)
        .where(
            Meeting.customer == record.customer_id,
            Meeting.mood.is_null(False),
            Meeting.date_time >= start,
            Meeting.date_time < datetime.combine(end_month, datetime.min.time()),
        )
        .tuples()
    ]
    if not moods:
        return None
    return (Decimal(sum(moods)) / len(moods)).quantize(Decimal("0.1"))


def _account_risk(record: Customer, today: date) -> Any:
    from kamtui.domain.risk_lookup import churn_risk_on

    return churn_risk_on(record.id, today, today)


def _churn_risk(record: Metric, today: date) -> Any:
    # The churn risk as known at the end of the metrics month (today for the current one).
    from kamtui.domain.risk_lookup import churn_risk_on

    if record.month is None:
        return None
    month_end = next_month_start(record.month)
    return churn_risk_on(record.customer_id, month_end - timedelta(days=1), today)


#: Read-only values per collection, computed for ``today``. Later layers (the
#: health engine) register more here, e.g. ``account_risk`` and ``churn_risk``.
DERIVED: dict[str, dict[str, DerivedFn]] = {
    "customers": {"dso": _customer_dso, "account_risk": _account_risk},
    "metrics": {
        "activation": lambda r, t: derived.activation(r.mau, r.customer.contracted_licenses),
        "adoption_spread": lambda r, t: derived.adoption_spread(
            r.depth_of_usage, r.customer.contracted_features
        ),
        "average_mood": _average_mood,
        "churn_risk": _churn_risk,
    },
    "invoices": {"dso": lambda r, t: derived.invoice_dso(r, t)},
}


def plain(value: Any) -> Any:
    """A JSON-ready form of a stored value."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return (
            str(value.quantize(Decimal("0.01"))) if value.as_tuple().exponent != 0 else str(value)
        )
    if isinstance(value, BaseModel):
        return str(value.name)
    return value


def record_dict(record: BaseModel, today: date, *, with_derived: bool = True) -> dict[str, Any]:
    """The record as a dictionary of snake_case fields, relations by name."""
    model = type(record)
    collection = collection_for(model)
    data: dict[str, Any] = {}
    for field in fields_of(model):
        if isinstance(field, RelationField):
            related_id = getattr(record, field.name + "_id")
            data[field.name] = str(getattr(record, field.name).name) if related_id else None
        else:
            data[field.name] = plain(getattr(record, field.name))
    m2m = M2M_FIELDS.get(collection)
    if m2m:
        data[m2m] = sorted(s.name for s in getattr(record, m2m).order_by(pw.SQL("1")))
    if with_derived:
        for name, fn in DERIVED.get(collection, {}).items():
            data[name] = plain(fn(record, today))
    data["created_at"] = plain(record.created_at)
    data["updated_at"] = plain(record.updated_at)
    return data


def derived_names(collection: str) -> set[str]:
    return set(DERIVED.get(collection, {}))
