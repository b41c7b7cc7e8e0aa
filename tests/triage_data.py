"""Builders for the triage and health tests: records made with save_record."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from kamtui.config import Settings
from kamtui.db.fields import ParseContext
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
from kamtui.domain.triage import triage
from kamtui.domain.triage_item import TriageItem
from kamtui.ops.records import save_record

TODAY = date(2026, 12, 4)  # a Friday
CTX = ParseContext(TODAY, now=datetime(2026, 12, 4, 9, 30))


def days(n: int) -> date:
    """``TODAY`` moved by ``n`` days."""
    return TODAY + timedelta(days=n)


def at(n: int, hour: int = 10) -> datetime:
    return datetime.combine(days(n), time(hour))


def ctx_on(n: int) -> ParseContext:
    """A context for a day ``n`` days from ``TODAY`` (records dated then)."""
    return ParseContext(days(n), now=at(n, 9))


def save(model: type[BaseModel], ctx: ParseContext = CTX, **values: Any) -> Any:
    return save_record(model, values, ctx, keep_timestamps="created_at" in values)


def customer(name: str = "Acme", **values: Any) -> Customer:
    values.setdefault("tier", "A")
    return save(Customer, name=name, **values)


def person(cust: Customer, name: str = "Anna Lee", **values: Any) -> Stakeholder:
    return save(Stakeholder, name=name, customer=cust, **values)


def meeting(cust: Customer, when: datetime, **values: Any) -> Meeting:
    values.setdefault("status", "Done")
    values.setdefault("meeting_type", "Cadence")
    return save(Meeting, customer=cust, date_time=when, **values)


def activity(cust: Customer | None, name: str = "Send deck", **values: Any) -> Activity:
    values.setdefault("type", "Task")
    return save(Activity, name=name, customer=cust, **values)


def invoice(cust: Customer, **values: Any) -> Invoice:
    values.setdefault("invoice_date", days(-40))
    values.setdefault("invoice_due_date", days(-10))
    values.setdefault("sent_date", days(-40))
    values.setdefault("invoice_amount", "1000")
    return save(Invoice, customer=cust, **values)


def contract(cust: Customer, name: str = "Main contract", **values: Any) -> Contract:
    values.setdefault("created_at", days(-400))
    return save(Contract, name=name, customer=cust, **values)


def project(cust: Customer, name: str = "Rollout", **values: Any) -> Project:
    return save(Project, name=name, customer=cust, **values)


def metric(cust: Customer, month: date, **values: Any) -> Metric:
    return save(Metric, customer=cust, month=month, **values)


def items(
    kind: str | None = None, today: date = TODAY, settings: Settings | None = None, **kw: Any
) -> list[TriageItem]:
    """Today's triage items, of one kind if given."""
    return triage(today, settings or Settings(), kinds=[kind] if kind else None, **kw)


def one(kind: str, today: date = TODAY, settings: Settings | None = None) -> TriageItem:
    found = items(kind, today, settings)
    assert len(found) == 1, found
    return found[0]
