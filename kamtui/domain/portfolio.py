"""The portfolio in figures, for the home strip: accounts, ARR, renewals, risk, DSO.

Churned customers are left out of accounts, ARR, renewals and risk; receivables
and DSO count every customer, since money owed is owed whoever owes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kamtui.config import Settings
from kamtui.domain import derived
from kamtui.domain.health import CustomerHealth
from kamtui.domain.snapshot import Snapshot


@dataclass(frozen=True)
class PortfolioFigures:
    accounts_by_tier: dict[str, int]
    arr: Decimal
    arr_up_for_renewal: Decimal
    renewal_horizon_days: int
    arr_at_risk: Decimal
    overdue_receivables: Decimal
    dso: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "accounts_by_tier": self.accounts_by_tier,
            "arr": str(self.arr),
            "arr_up_for_renewal": str(self.arr_up_for_renewal),
            "renewal_horizon_days": self.renewal_horizon_days,
            "arr_at_risk": str(self.arr_at_risk),
            "overdue_receivables": str(self.overdue_receivables),
            "dso": None if self.dso is None else str(self.dso),
        }


def portfolio_figures(
    snap: Snapshot, healths: list[CustomerHealth], today: date, settings: Settings
) -> PortfolioFigures:
    """The figures of the home strip; ``healths`` from :func:`portfolio_health`."""
    horizon = settings["portfolio.renewal_horizon_days"]
    until = today + timedelta(days=horizon)
    tiers: Counter[str] = Counter()
    for cid, customer in snap.customers.items():
        if snap.active.get(cid) is not None:
            tiers[customer.tier or "-"] += 1
    arr = sum((derived.money(h.arr) for h in healths), derived.ZERO)
    renewing = sum(
        (derived.money(h.arr) for h in healths if h.renewal is not None and h.renewal <= until),
        derived.ZERO,
    )
    at_risk = sum((h.arr_at_risk for h in healths), derived.ZERO)
    overdue = sum((r.owed_on(today) for rs in snap.receivables.values() for r in rs), derived.ZERO)
    return PortfolioFigures(
        dict(sorted(tiers.items())),
        arr,
        renewing,
        horizon,
        at_risk,
        overdue,
        derived.weighted_dso(snap.invoices, today, settings["portfolio.dso_window_days"]),
    )


def load_portfolio(
    today: date, settings: Settings
) -> tuple[PortfolioFigures, list[CustomerHealth]]:
    """Load a snapshot and return the figures and every customer's health (riskiest first)."""
    from kamtui.domain.health import portfolio_health
    from kamtui.domain.snapshot import load_snapshot

    snap = load_snapshot(today, settings)
    healths = portfolio_health(snap, today, settings)
    return portfolio_figures(snap, healths, today, settings), healths
