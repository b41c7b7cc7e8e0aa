"""What the customer 360 shows, read for one customer (every query narrowed to it).

Scores come from :mod:`kamtui.domain.health` (the same computation as
``kamtui health``); this module only reads rows and puts them into words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from rich.markup import escape

from kamtui.config import Settings
from kamtui.dates import format_date
from kamtui.db import choices as c
from kamtui.db.models import Contract, Customer, Meeting, Metric, Stakeholder
from kamtui.domain import derived
from kamtui.domain.health import CustomerHealth, customer_health, mood_moving_average
from kamtui.tui.entities import money_text

LEVEL_ORDER = [level.value for level in c.BuyingLevel]


@dataclass
class AccountSummary:
    customer: Customer
    health: CustomerHealth
    #: Mood moving average (last 5 meetings) at each meeting of the last 12 months.
    mood_trend: list[float]
    active_contract: Contract | None


def load_summary(customer: Customer, today: date, settings: Settings) -> AccountSummary:
    from kamtui.domain.snapshot import load_snapshot

    snap = load_snapshot(today, settings, customer.id)
    health = customer_health(snap, customer.id, today, settings)
    year_ago = datetime.combine(today - timedelta(days=365), time.min)
    moods = [
        mood
        for (mood,) in Meeting.select(Meeting.mood)
        .where(
            Meeting.customer == customer.id,
            Meeting.mood.is_null(False),
            Meeting.status == c.MeetingStatus.DONE.value,
            Meeting.date_time >= year_ago,
            Meeting.date_time < datetime.combine(today + timedelta(days=1), time.min),
        )
        .order_by(Meeting.date_time)
        .tuples()
    ]
    trend = [float(v) for v in mood_moving_average(moods)]
    active = (
        Contract.select()
        .where(Contract.customer == customer.id, Contract.status == c.ContractStatus.ACTIVE.value)
        .order_by(Contract.expiration_date.desc(nulls="LAST"))
        .first()
    )
    return AccountSummary(customer, health, trend, active)


def fields_text(s: AccountSummary, today: date) -> str:
    """The customer's own fields, its renewal countdown and the money at stake."""
    k = s.customer
    channel = ", ".join(k.channel or []) or "—"
    lines = [
        f"[b]{escape(k.name)}[/b]  tier {k.tier or '—'} · {k.lifecycle or '—'}",
        f"Cadence {k.cadence or '—'} · {escape(k.industry or '—')} · {escape(channel)}",
        f"Contract {format_date(k.contract_start) or '—'} → {format_date(k.contract_end) or '—'}",
    ]
    renewal = s.health.renewal
    if renewal is not None:
        days = (renewal - today).days
        lines.append(f"[b]Renews in {days} days[/b] ({format_date(renewal)})")
    else:
        lines.append("Renewal: no upcoming contract end")
    lines.append(f"ARR {money_text(k.arr) or '—'}")
    if s.active_contract is not None:
        lines.append(
            f"Active contract {escape(s.active_contract.name)}: "
            f"{money_text(s.active_contract.value) or '—'}"
        )
    lines.append(f"Licenses {k.contracted_licenses or '—'} · DSO {_num(s.health.dso)} days")
    return "\n".join(lines)


def _num(value: Any) -> str:
    return "—" if value is None else str(value)


def risk_text(h: CustomerHealth) -> str:
    """The churn risk, its 30/90-day trend and every factor's contribution."""
    score = "no data" if h.score is None else f"{h.score}/100"
    trend = []
    for days in sorted(h.earlier):
        change = h.change(days)
        moved = "" if change is None else f", {change:+d}"
        trend.append(f"{days} d ago {_num(h.earlier[days])}{moved}")
    lines = [f"[b]Churn risk {score}[/b]  ({'; '.join(trend) or 'no trend'})"]
    lines += [f" · {escape(line)}" for line in h.risk.explanation() or ["no factor has data"]]
    lines.append(f"ARR at risk {money_text(h.arr_at_risk)}")
    return "\n".join(lines)


def stakeholders_text(customer_id: int) -> str:
    """People by buying level; departed ones marked in words, not colour."""
    groups: dict[str, list[str]] = defaultdict(list)
    query = (
        Stakeholder.select(Stakeholder.name, Stakeholder.buying_level, Stakeholder.status,
                           Stakeholder.role)
        .where(Stakeholder.customer == customer_id)
        .order_by(Stakeholder.name)
        .limit(200)
        .tuples()
    )  # fmt: skip
    for name, level, status, role in query:
        text = escape(name) + (f" ({escape(role)})" if role else "")
        if status == c.StakeholderStatus.DEPARTED.value:
            text = f"x {text} [i]departed[/i]"
        elif status == c.StakeholderStatus.ON_LEAVE.value:
            text = f"~ {text} [i]on leave[/i]"
        groups[level or "No buying level"].append(text)
    if not groups:
        return "[b]Stakeholders[/b]\n none yet"
    lines = ["[b]Stakeholders[/b]"]
    for level in [*LEVEL_ORDER, "No buying level"]:
        for person in groups.get(level, []):
            lines.append(f" {level[:14]:<14} {person}")
    return "\n".join(lines)


def metric_series(customer: Customer, today: date) -> dict[str, list[float]]:
    """MAU, activation, NPS and CSAT over the last 12 months, oldest first."""
    since = today - timedelta(days=366)
    series: dict[str, list[float]] = {"MAU": [], "Activation %": [], "NPS": [], "CSAT": []}
    rows = (
        Metric.select(Metric.month, Metric.mau, Metric.nps, Metric.csat)
        .where(Metric.customer == customer.id, Metric.month >= since, Metric.month <= today)
        .order_by(Metric.month)
        .tuples()
    )
    for _month, mau, nps, csat in rows:
        if mau is not None:
            series["MAU"].append(float(mau))
            act = derived.activation(mau, customer.contracted_licenses)
            if act is not None:
                series["Activation %"].append(float(act))
        if nps is not None:
            series["NPS"].append(float(nps))
        if csat is not None:
            series["CSAT"].append(float(csat))
    return series
