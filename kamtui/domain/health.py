"""Account health: churn risk 0-100 with its explanation, its trend, mood and DSO.

The churn risk is the seed's "weighted average using 2 to 4 factors", each
normalised to 0-100 (higher = riskier):

* ``mood`` - average meeting mood (1-5) over the window: 5 -> 0, 1 -> 100;
* ``sponsor_health`` - the latest sponsor health (1-5) of the metrics: 5 -> 0, 1 -> 100;
* ``skipped_meetings`` - share of the window's meetings skipped by the customer;
* ``overdue_receivables`` - days the oldest unpaid invoice is past due, reaching
  100 at ``churn.receivables_full_days``.

A factor with no data is left out and the score is the weighted average of the
others (their weights share the missing one's), and the explanation says so.
Everything is computed from a :class:`~kamtui.domain.snapshot.Snapshot` "as of" a
day, counting only what was known then, so the trend compares like with like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from kamtui.config import Settings
from kamtui.db import choices as c
from kamtui.domain import derived
from kamtui.domain.snapshot import TREND_DAYS, Snapshot

FACTORS: dict[str, str] = {
    "mood": "Average meeting mood",
    "sponsor_health": "Sponsor health",
    "skipped_meetings": "Meetings skipped by the customer",
    "overdue_receivables": "Overdue receivables",
}


@dataclass(frozen=True)
class Factor:
    """One factor of a churn risk: what was measured and what it adds to the score."""

    key: str
    value: str
    normalised: float
    weight: float
    share: float = 0.0
    contribution: float = 0.0

    @property
    def label(self) -> str:
        return FACTORS[self.key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.key,
            "label": self.label,
            "value": self.value,
            "normalised": round(self.normalised, 1),
            "weight": self.weight,
            "share_percent": round(self.share, 1),
            "contribution": round(self.contribution, 1),
        }


@dataclass(frozen=True)
class ChurnRisk:
    """A churn risk (None when no factor has data) and why."""

    as_of: date
    score: int | None
    factors: tuple[Factor, ...]
    missing: tuple[str, ...]

    def explanation(self) -> list[str]:
        """The score in words, one line per factor, then the factors left out."""
        lines = [
            f"{f.label}: {f.value} -> risk {f.normalised:.0f}/100 x {f.share:.0f}% "
            f"= {f.contribution:.1f} points"
            for f in self.factors
        ]
        lines += [f"Left out, its weight shared by the others: {m}" for m in self.missing]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "score": self.score,
            "factors": [f.to_dict() for f in self.factors],
            "missing": list(self.missing),
        }


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min)


def _risk_of_scale(value: float) -> float:
    """A 1-5 score as a risk: 5 is no risk, 1 is full risk."""
    return max(0.0, min(100.0, (5 - value) / 4 * 100))


#: A measured factor: its risk 0-100 and the raw values its words are made of.
Measure = tuple[float, tuple[Any, ...]]
# Plain strings in the per-meeting loop: an enum member lookup costs 130 ns on 3.11.
_DONE, _SKIPPED = c.MeetingStatus.DONE.value, c.MeetingStatus.SKIPPED_BY_CUSTOMER.value


def _meetings(
    snap: Snapshot, cid: int, start: datetime, end: datetime
) -> tuple[Measure | None, Measure | None]:
    """The mood and skipped-meetings factors, from one pass over the window's meetings."""
    moods: list[int] = []
    held = skipped = 0
    for m in snap.meetings.get(cid, ()):
        if not start <= m.date_time < end:
            continue
        held += 1
        if m.status == _DONE:
            if m.mood is not None:
                moods.append(m.mood)
        elif m.status == _SKIPPED:
            skipped += 1
    mood = None
    if moods:
        avg = sum(moods) / len(moods)
        mood = _risk_of_scale(avg), (avg, len(moods))
    return mood, (skipped / held * 100, (skipped, held)) if held else None


def _sponsor(snap: Snapshot, cid: int, day: date, max_age: int) -> Measure | None:
    """The latest sponsor health up to ``day``, if not older than ``max_age`` days."""
    oldest = day - timedelta(days=max_age)
    for m in reversed(snap.metrics.get(cid, ())):  # oldest first in the snapshot
        if m.month > day or m.sponsor_health is None:
            continue
        if m.month < oldest:
            return None
        value = float(m.sponsor_health)
        return _risk_of_scale(value), (value, m.month)
    return None


def _receivables(snap: Snapshot, cid: int, day: date, full_days: int) -> Measure | None:
    first = snap.first_invoice.get(cid)
    if first is None or first > day:
        return None
    total = derived.ZERO
    oldest = 0
    for r in snap.receivables.get(cid, ()):
        owed = r.owed_on(day)
        if owed > 0:
            total += owed
            oldest = max(oldest, (day - r.due).days)
    if not total:
        return 0.0, (total, 0)
    return min(100.0, oldest / full_days * 100), (total, oldest)


def _described(key: str, raw: tuple[Any, ...]) -> str:
    """A measured factor's value in words."""
    if key == "mood":
        avg, count = raw
        return f"{avg:.1f}/5 over {count} meeting{'s' * (count != 1)}"
    if key == "sponsor_health":
        value, month = raw
        return f"{value:g}/5 ({month:%b %Y})"
    if key == "skipped_meetings":
        return "{} of {} meetings".format(*raw)
    total, oldest = raw
    return f"{total:,.2f} overdue, oldest {oldest} days past due" if total else "nothing overdue"


class ChurnParams(NamedTuple):
    """The settings the churn risk reads, looked up once per portfolio, not per score."""

    window_days: int
    sponsor_max_age_days: int
    receivables_full_days: int
    weights: dict[str, float]

    @classmethod
    def of(cls, settings: Settings) -> ChurnParams:
        return cls(
            settings["churn.window_days"],
            settings["churn.sponsor_health_max_age_days"],
            settings["churn.receivables_full_days"],
            {k: float(settings[f"churn.weights.{k}"]) for k in FACTORS},
        )


@lru_cache(maxsize=64)
def _window(day: date, days: int) -> tuple[datetime, datetime]:
    """From midnight ``days`` before ``day`` to the end of ``day`` (worked out once a day,
    not once per customer)."""
    return datetime.combine(day - timedelta(days=days), time.min), _end_of(day)


def _measure(snap: Snapshot, cid: int, day: date, params: ChurnParams) -> dict[str, Measure | None]:
    """Each factor of the churn risk as known on ``day``; ``None`` where it has no data."""
    mood, skipped = _meetings(snap, cid, *_window(day, params.window_days))
    return {
        "mood": mood,
        "sponsor_health": _sponsor(snap, cid, day, params.sponsor_max_age_days),
        "skipped_meetings": skipped,
        "overdue_receivables": _receivables(snap, cid, day, params.receivables_full_days),
    }


def _weights(measured: dict[str, Measure | None], params: ChurnParams) -> dict[str, float]:
    return {k: w for k, w in params.weights.items() if measured[k] is not None}


def rounded_score(points: float) -> int:
    """``points`` (0 or more) rounded half up, exactly as Decimal rounds the float's value.

    ``points - floor(points)`` is exact for scores, so no Decimal is needed (the
    triage rounds thousands of scores).
    """
    whole = math.floor(points)
    return whole + (points - whole >= 0.5)


def churn_score(snap: Snapshot, customer_id: int, day: date, params: ChurnParams) -> int | None:
    """The score of :func:`churn_risk` alone, without the words (the triage's fast path)."""
    measured = _measure(snap, customer_id, day, params)
    weights = _weights(measured, params)
    total = sum(weights.values())
    if total <= 0:
        return None
    # Summed term by term exactly as churn_risk's contributions, so both round alike.
    return rounded_score(sum(measured[k][0] * w / total for k, w in weights.items()))  # type: ignore[index]


def churn_risk(snap: Snapshot, customer_id: int, day: date, settings: Settings) -> ChurnRisk:
    """The churn risk of a customer as known on ``day``, with its explanation."""
    params = ChurnParams.of(settings)
    measured = _measure(snap, customer_id, day, params)
    window = params.window_days
    why_missing = {
        "mood": f"no meeting mood in the {window} days to {day.isoformat()}",
        "sponsor_health": "no sponsor health in the metrics of the last "
        f"{params.sponsor_max_age_days} days",
        "skipped_meetings": f"no meetings in the {window} days to {day.isoformat()}",
        "overdue_receivables": "no invoices yet",
    }
    missing = [f"{FACTORS[k]} ({why_missing[k]})" for k, v in measured.items() if v is None]
    weights = _weights(measured, params)
    total = sum(weights.values())
    if total <= 0:
        if weights:
            missing.append("every factor with data has weight 0")
        return ChurnRisk(day, None, (), tuple(missing))
    factors = tuple(
        Factor(
            key,
            _described(key, measured[key][1]),  # type: ignore[index]
            measured[key][0],  # type: ignore[index]
            weight,
            share=weight / total * 100,
            contribution=measured[key][0] * weight / total,  # type: ignore[index]
        )
        for key, weight in weights.items()
    )
    score = rounded_score(sum(f.contribution for f in factors))
    return ChurnRisk(day, score, factors, tuple(missing))


def mood_moving_average(moods: list[int], size: int = 5) -> list[Decimal]:
    """The moving average of ``moods`` (oldest first) over ``size`` meetings."""
    out = []
    for i in range(len(moods)):
        chunk = moods[max(0, i - size + 1) : i + 1]
        out.append((Decimal(sum(chunk)) / len(chunk)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return out


def latest_mood_average(snap: Snapshot, customer_id: int) -> Decimal | None:
    """The average mood of the customer's last meetings (the snapshot keeps 5)."""
    moods = [m.mood for m in snap.recent.get(customer_id, ()) if m.mood is not None]
    if not moods:
        return None
    return (Decimal(sum(moods)) / len(moods)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def next_renewal(snap: Snapshot, customer_id: int, today: date) -> date | None:
    """The next contract end: the customer's own, or an Active contract's expiration."""
    customer = snap.customers[customer_id]
    dates = [customer.contract_end] + [
        k.expiration_date
        for k in snap.contracts_by_customer.get(customer_id, ())
        if k.status == c.ContractStatus.ACTIVE
    ]
    upcoming = [d for d in dates if d is not None and d >= today]
    return min(upcoming) if upcoming else None


@dataclass(frozen=True)
class CustomerHealth:
    customer_id: int
    customer: str
    tier: str | None
    arr: Decimal | None
    risk: ChurnRisk
    #: Churn risk as known ``TREND_DAYS`` ago, e.g. ``{30: 41, 90: 35}``.
    earlier: dict[int, int | None]
    mood_average: Decimal | None
    dso: Decimal | None
    renewal: date | None

    @property
    def score(self) -> int | None:
        return self.risk.score

    def change(self, days: int) -> int | None:
        before = self.earlier.get(days)
        return None if before is None or self.score is None else self.score - before

    @property
    def arr_at_risk(self) -> Decimal:
        if self.score is None or not self.arr:
            return derived.ZERO
        return derived.money(self.arr * self.score / 100)

    def to_dict(self) -> dict[str, Any]:
        return {
            "customer": self.customer,
            "tier": self.tier,
            "churn_risk": self.score,
            "trend": {f"{d}_days_ago": self.earlier.get(d) for d in sorted(self.earlier)}
            | {f"change_{d}_days": self.change(d) for d in sorted(self.earlier)},
            "explanation": self.risk.explanation(),
            "factors": [f.to_dict() for f in self.risk.factors],
            "missing": list(self.risk.missing),
            "mood_average_last_5": None if self.mood_average is None else str(self.mood_average),
            "dso": None if self.dso is None else str(self.dso),
            "arr": None if self.arr is None else str(derived.money(self.arr)),
            "arr_at_risk": str(self.arr_at_risk),
            "renewal": self.renewal.isoformat() if self.renewal else None,
        }


def customer_health(
    snap: Snapshot,
    customer_id: int,
    today: date,
    settings: Settings,
    trend_days: tuple[int, ...] = TREND_DAYS,
    *,
    with_dso: bool = True,
) -> CustomerHealth:
    """The customer's churn risk now and ``trend_days`` ago, mood average and DSO."""
    customer = snap.customers[customer_id]
    earlier = {
        d: churn_risk(snap, customer_id, today - timedelta(days=d), settings).score
        for d in trend_days
    }
    return CustomerHealth(
        customer_id,
        customer.name,
        customer.tier,
        customer.arr,
        churn_risk(snap, customer_id, today, settings),
        earlier,
        latest_mood_average(snap, customer_id),
        derived.weighted_dso(
            snap.invoices_by_customer.get(customer_id, ()),
            today,
            settings["portfolio.dso_window_days"],
        )
        if with_dso
        else None,
        next_renewal(snap, customer_id, today),
    )


def portfolio_health(
    snap: Snapshot,
    today: date,
    settings: Settings,
    trend_days: tuple[int, ...] = TREND_DAYS,
    *,
    with_dso: bool = True,
) -> list[CustomerHealth]:
    """Every customer not churned, riskiest first (customers without a score last)."""
    healths = [
        customer_health(snap, cid, today, settings, trend_days, with_dso=with_dso)
        for cid in snap.active
    ]
    healths.sort(key=lambda h: (h.score is None, -(h.score or 0), h.customer.casefold()))
    return healths
