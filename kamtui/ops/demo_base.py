"""What the parts of the demo builder share: the seeded generator, dates, accounts.

Everything is dated relative to ``today``; nothing reads the clock.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from kamtui.db.fields import ParseContext
from kamtui.db.models import BaseModel, Contract, Customer, Invoice, Meeting, Project, Stakeholder
from kamtui.ops.records import save_record

#: Days between proactive touchpoints, by cadence (as the triage reads them).
CADENCE_DAYS = {"High": 7, "Moderate": 14, "Check-in": 30}
#: The renewal window by tier, in days.
RENEWAL_DAYS = {"A": 180, "B": 120, "C": 90}
#: How far ahead the demo plans meetings, activities and invoices.
HORIZON = 40


@dataclass
class Account:
    """One demo customer: its profile, its scenario roles and its saved records."""

    name: str
    tier: str
    cadence: str
    industry: str
    lifecycle: str
    kickoff: date
    term_start: date
    expiry: date
    billing: str
    arr: Decimal
    licenses: int
    features: int
    roles: set[str] = field(default_factory=set)
    record: Customer | None = None
    people: list[Stakeholder] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    contract: Contract | None = None
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.lifecycle != "Churned"

    def present(self, on: date) -> list[Stakeholder]:
        """The people who could attend a meeting on ``on`` (not on leave, not gone yet)."""
        return [
            p
            for p in self.people
            if p.status == "Active" or (p.status == "Departed" and p.departed_on > on)
        ]


class Demo:
    """The builder's state: ``today``, the random generator and the accounts."""

    def __init__(self, today: date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.ctx = ParseContext(today, now=datetime.combine(today, time(9)))
        self.accounts: list[Account] = []

    # -- dates --------------------------------------------------------------
    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, on: date, hour: int = 9, minute: int = 0) -> datetime:
        return datetime.combine(on, time(hour, minute))

    def meeting_time(self, on: date) -> datetime:
        hour, minute = self.rng.choice(((9, 30), (10, 0), (11, 0), (14, 0), (15, 30), (16, 0)))
        return self.at(on, hour, minute)

    # -- random helpers -----------------------------------------------------
    def money(self, low: float, high: float, step: int = 100) -> Decimal:
        return Decimal(self.rng.randrange(int(low), int(high), step))

    def dec(self, low: float, high: float, places: int = 1) -> Decimal:
        return Decimal(str(round(self.rng.uniform(low, high), places)))

    def pick(self, options: Any, k: int) -> list[Any]:
        return self.rng.sample(list(options), k)

    # -- writing ------------------------------------------------------------
    def save(self, model: type[BaseModel], created: datetime | date, **values: Any) -> Any:
        """Save through :func:`save_record` (validation applies), with history timestamps."""
        stamp = created if isinstance(created, datetime) else self.at(created)
        values.setdefault("updated_at", stamp)
        if model is not Contract:
            values["created_at"] = stamp
        return save_record(model, values, self.ctx, keep_timestamps=True)


def business_day(on: date, forward: bool = True) -> date:
    """``on``, or the nearest weekday after (or before) it."""
    step = timedelta(days=1 if forward else -1)
    while on.weekday() >= 5:
        on += step
    return on


def slug(text: str, sep: str = "") -> str:
    """ASCII letters and digits only: ``Müller`` → ``muller`` (for emails and URLs)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in word if ch.isalnum()) for word in plain.lower().split()]
    return sep.join(word for word in words if word)
