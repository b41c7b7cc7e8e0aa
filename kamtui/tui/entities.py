"""How each of the eight entities is shown: list columns, quick filters, form order.

THE one description per entity. Field kinds, labels and options come from the
model (:func:`kamtui.db.entities.fields_of`); this module only says which fields
a list shows, how a column is read and sorted in SQL, and which quick filters a
person expects. Effective statuses are SQL ``CASE`` mirrors of
:mod:`kamtui.domain.derived` so they sort and filter in the database (a test
checks both agree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import peewee as pw

from kamtui.dates import format_date, format_datetime
from kamtui.db import choices as c
from kamtui.db.entities import COLLECTIONS, M2M_FIELDS, TITLES, fields_of
from kamtui.db.fields import Described
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

#: The ``currency`` setting; the app sets it when it starts (see :func:`set_currency`).
CURRENCY = "$"
#: The customer table joined under this alias wherever a list shows the customer.
CUSTOMER = Customer.alias("list_customer")

Expr = Callable[[date], Any]


def set_currency(symbol: str) -> None:
    """Amounts are shown with the user's currency symbol (a display setting, like a locale)."""
    global CURRENCY
    CURRENCY = symbol.strip()


def money_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{CURRENCY}{Decimal(str(value)):,.2f}"


def short_money(value: Any) -> str:
    """$3.57M, $361.5k, $950: for figures that must fit a narrow strip."""
    amount = float(value)
    if abs(amount) >= 1_000_000:
        return f"{CURRENCY}{amount / 1_000_000:,.2f}M"
    if abs(amount) >= 1_000:
        return f"{CURRENCY}{amount / 1_000:,.1f}k"
    return f"{CURRENCY}{amount:,.0f}"


def plain_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(plain_text(v) for v in value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


#: Status words get a symbol too, so they never rely on colour alone.
SYMBOLS = {
    "Overdue": "!",
    "Disputed": "!",
    "Blocked": "!",
    "Departed": "x",
    "At Risk": "~",
    "Partial": "~",
    "Done": "✓",
    "Paid": "✓",
    "Renewed": "↻",
}


def status_text(value: Any) -> str:
    if not value:
        return ""
    return f"{SYMBOLS.get(str(value), '·')} {value}"


FORMATS: dict[str, Callable[[Any], str]] = {
    "date": lambda v: format_date(_as_date(v)),
    "datetime": lambda v: format_datetime(_as_datetime(v)),
    "money": money_text,
    "status": status_text,
}


@dataclass(frozen=True)
class Column:
    """One list column: a SQL expression (read, sorted and searched in the database)."""

    key: str
    label: str
    expr: Expr
    kind: str = "text"
    width: int = 12
    #: A flexible column takes the room the fixed ones leave.
    flex: bool = False
    searchable: bool = True
    #: A column of fixed words (a select, a status): ``/`` matches the words in
    #: Python and filters with ``IN``, cheaper than ``LIKE`` on every row.
    options: tuple[str, ...] = ()

    @property
    def matches_text(self) -> bool:
        """Whether ``/`` searches this column (words, not numbers or dates)."""
        return self.searchable and self.kind in ("text", "status")

    @property
    def right(self) -> bool:
        return self.kind in ("money", "int", "number", "percent", "scale")

    def format(self, value: Any) -> str:
        return FORMATS.get(self.kind, plain_text)(value)


@dataclass(frozen=True)
class EntityView:
    collection: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    #: Name → SQL condition for ``today``; the first is "all" (None).
    quick_filters: dict[str, Expr | None] = field(default_factory=dict)
    #: Index of the column sorted by when the list opens, and its direction.
    sort: tuple[int, bool] = (0, False)
    #: Where the entity has a done state: what "done" means, in words.
    done_label: str | None = None

    @property
    def title(self) -> str:
        return TITLES[self.collection]

    @property
    def has_customer(self) -> bool:
        return "customer" in self.model._meta.fields or self.model is Customer

    @property
    def customer_id(self) -> pw.Node:
        return self.model.id if self.model is Customer else self.model.customer

    def form_fields(self) -> list[Described]:
        return fields_of(self.model)

    @property
    def m2m(self) -> str | None:
        return M2M_FIELDS.get(self.collection)


# -- effective statuses in SQL (mirrors of kamtui.domain.derived) -------------------


def activity_status_sql(today: date) -> pw.Node:
    done = c.ActivityStatus.DONE.value
    return pw.Case(
        None,
        ((Activity.status == done, done), (Activity.due_date < today, "Overdue")),
        c.ActivityStatus.PENDING.value,
    )


def invoice_status_sql(today: date) -> pw.Node:
    collected = pw.fn.COALESCE(Invoice.amount_collected, 0)
    due = Invoice.invoice_amount - pw.fn.COALESCE(Invoice.discount_applied, 0)
    paid = (Invoice.invoice_amount.is_null(False) & (collected >= due)) | (
        Invoice.invoice_amount.is_null() & (Invoice.payment_status == c.PaymentStatus.PAID.value)
    )
    return pw.Case(
        None,
        (
            (Invoice.payment_status == c.PaymentStatus.DISPUTED.value, "Disputed"),
            (paid, "Paid"),
            (Invoice.invoice_due_date < today, "Overdue"),
            (collected > 0, "Partial"),
        ),
        c.PaymentStatus.OPEN.value,
    )


def contract_status_sql(today: date) -> pw.Node:
    # "Renewed": the customer has a contract expiring later than this one.
    later = Contract.alias("later_contract")
    renewed = pw.fn.EXISTS(
        later.select(later.id).where(
            later.customer == Contract.customer,
            later.id != Contract.id,
            later.expiration_date > Contract.expiration_date,
        )
    )
    expired = (Contract.status == c.ContractStatus.ACTIVE.value) & (
        Contract.expiration_date < today
    )
    return pw.Case(
        None,
        ((expired & renewed, derived.RENEWED), (expired, c.ContractStatus.OVERDUE.value)),
        Contract.status,
    )


def _f(node: Any) -> Expr:
    return lambda today: node


def customer_column(width: int = 18) -> Column:
    return Column("customer", "Customer", _f(CUSTOMER.name), width=width)


def _col(model_field: Any, kind: str | None = None, width: int = 12, **kw: Any) -> Column:
    """A column reading a model field; its label is the field's own."""
    label = kw.pop("label", None) or model_field.label
    choices = getattr(model_field, "options", None)
    if choices is not None and model_field.kind == "select":
        kw.setdefault("options", tuple(option.value for option in choices))
    kind = kind or {"date": "date", "datetime": "datetime", "money": "money"}.get(
        model_field.kind, "int" if model_field.kind in ("int", "number", "scale") else "text"
    )
    return Column(model_field.name, label, _f(model_field), kind, width, **kw)


def _in(expr: Expr, *values: str) -> Expr:
    return lambda today: expr(today).in_(list(values))


VIEWS: dict[str, EntityView] = {
    "customers": EntityView(
        "customers",
        Customer,
        (
            _col(Customer.name, width=20, flex=True),
            _col(Customer.tier, width=4),
            _col(Customer.lifecycle, width=11, kind="status"),
            _col(Customer.cadence, width=9),
            _col(Customer.industry, width=14),
            _col(Customer.contract_end, width=15, searchable=False),
            _col(Customer.arr, width=14, searchable=False),
        ),
        quick_filters={
            "all": None,
            "active": lambda t: Customer.lifecycle != c.Lifecycle.CHURNED.value,
            "churned": lambda t: Customer.lifecycle == c.Lifecycle.CHURNED.value,
        },
    ),
    "stakeholders": EntityView(
        "stakeholders",
        Stakeholder,
        (
            _col(Stakeholder.name, width=18, flex=True),
            customer_column(),
            _col(Stakeholder.buying_level, width=14),
            _col(Stakeholder.role, width=14),
            _col(Stakeholder.status, width=11, kind="status"),
            _col(Stakeholder.email, width=22),
        ),
        quick_filters={
            "all": None,
            "active": lambda t: Stakeholder.status != c.StakeholderStatus.DEPARTED.value,
            "departed": lambda t: Stakeholder.status == c.StakeholderStatus.DEPARTED.value,
        },
    ),
    "meetings": EntityView(
        "meetings",
        Meeting,
        (
            _col(Meeting.date_time, width=21, searchable=False),
            _col(Meeting.name, width=20, flex=True),
            customer_column(),
            _col(Meeting.meeting_type, width=10, label="Type"),
            _col(Meeting.status, width=12, kind="status"),
            _col(Meeting.mood, width=4, kind="int"),
        ),
        quick_filters={
            "all": None,
            "scheduled": lambda t: Meeting.status == c.MeetingStatus.SCHEDULED.value,
            "done": lambda t: Meeting.status == c.MeetingStatus.DONE.value,
        },
        sort=(0, True),
    ),
    "activities": EntityView(
        "activities",
        Activity,
        (
            _col(Activity.due_date, width=15, searchable=False, label="Due"),
            _col(Activity.name, width=20, flex=True),
            customer_column(16),
            _col(Activity.type, width=9),
            Column(
                "status",
                "Status",
                activity_status_sql,
                "status",
                10,
                options=tuple(c.ActivityStatus),
            ),
            _col(Activity.owner, width=10),
        ),
        quick_filters={
            "all": None,
            "pending": _in(activity_status_sql, "Pending"),
            "overdue": _in(activity_status_sql, "Overdue"),
            "done": _in(activity_status_sql, "Done"),
        },
        done_label="Done",
    ),
    "projects": EntityView(
        "projects",
        Project,
        (
            _col(Project.name, width=20, flex=True),
            customer_column(),
            _col(Project.status, width=12, kind="status"),
            _col(Project.health_status, width=10, kind="status", label="Health"),
            _col(Project.priority, width=8),
            _col(Project.deadline, width=15, searchable=False),
        ),
        quick_filters={
            "all": None,
            "open": lambda t: Project.status != c.ProjectStatus.DONE.value,
            "done": lambda t: Project.status == c.ProjectStatus.DONE.value,
        },
        done_label="Done",
    ),
    "contracts": EntityView(
        "contracts",
        Contract,
        (
            _col(Contract.name, width=20, flex=True),
            customer_column(),
            Column(
                "status",
                "Status",
                contract_status_sql,
                "status",
                10,
                options=(*c.ContractStatus, derived.RENEWED),
            ),
            _col(Contract.signed_at, width=15, searchable=False, label="Signed"),
            _col(Contract.expiration_date, width=15, searchable=False, label="Expires"),
            _col(Contract.value, width=14, searchable=False),
        ),
        quick_filters={
            "all": None,
            "active": _in(contract_status_sql, "Active"),
            "overdue": _in(contract_status_sql, "Overdue"),
            "renewed": _in(contract_status_sql, derived.RENEWED),
        },
    ),
    "metrics": EntityView(
        "metrics",
        Metric,
        (
            Column("month", "Month", _f(Metric.month), "month", 8, searchable=False),
            customer_column(20),
            _col(Metric.mau, width=7),
            _col(Metric.nps, width=5),
            _col(Metric.csat, width=5),
            _col(Metric.sponsor_health, width=7, label="Sponsor"),
            _col(Metric.name, width=20, flex=True),
        ),
        sort=(0, True),
    ),
    "invoices": EntityView(
        "invoices",
        Invoice,
        (
            _col(Invoice.name, width=16, flex=True),
            customer_column(16),
            Column(
                "status",
                "Status",
                invoice_status_sql,
                "status",
                10,
                options=tuple(c.PaymentStatus),
            ),
            _col(Invoice.invoice_due_date, width=15, searchable=False, label="Due"),
            _col(Invoice.invoice_amount, width=13, searchable=False, label="Amount"),
            _col(Invoice.invoice_date, width=15, searchable=False, label="Date"),
        ),
        quick_filters={
            "all": None,
            "open": _in(invoice_status_sql, "Open", "Partial"),
            "overdue": _in(invoice_status_sql, "Overdue"),
            "paid": _in(invoice_status_sql, "Paid"),
        },
        sort=(5, True),
        done_label="Paid",
    ),
}
FORMATS["month"] = lambda v: _as_date(v).strftime("%Y-%m") if _as_date(v) else ""

assert list(VIEWS) == list(COLLECTIONS)


def view_of(collection: str) -> EntityView:
    return VIEWS[collection]
