"""How fast the triage and the health scores are on a big portfolio; prints JSON.

    python benchmarks/generate.py --db /tmp/big.db
    python benchmarks/bench_triage.py --db /tmp/big.db [--today 2026-12-04]

Figures in milliseconds (best of ``--repeat`` runs, and the first, cold, run),
the number of SQL queries each computation ran, and the peak memory (RSS) of
the process. Targets: whole portfolio < 1,000 ms, one customer < 50 ms, < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from kamtui.config import Settings
from kamtui.db.connection import open_database
from kamtui.db.models import Customer
from kamtui.domain.health import portfolio_health
from kamtui.domain.portfolio import portfolio_figures
from kamtui.domain.snapshot import load_snapshot
from kamtui.domain.triage import triage


class QueryCounter:
    """Counts the SQL statements the database runs while active."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.count = 0
        self._original = db.execute_sql

    def __enter__(self) -> QueryCounter:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return self._original(*args, **kwargs)

        self.db.execute_sql = counted
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.execute_sql = self._original


def timed(db: Any, fn: Callable[[], Any], repeat: int) -> dict[str, Any]:
    runs = []
    result = None
    with QueryCounter(db) as counter:
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()
            runs.append((time.perf_counter() - started) * 1000)
    return {
        "first_ms": round(runs[0], 1),
        "best_ms": round(min(runs), 1),
        "runs_ms": [round(r, 1) for r in runs],
        "queries_per_run": counter.count // repeat,
        "result_size": len(result) if hasattr(result, "__len__") else None,
    }


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database made by benchmarks/generate.py")
    parser.add_argument("--today", default="2026-12-04")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    settings = Settings()
    db = open_database(args.db)
    out: dict[str, Any] = {"rss_after_open_mb": peak_rss_mb()}
    out["customers"] = Customer.select().count()

    out["portfolio_triage"] = timed(db, lambda: triage(today, settings), args.repeat)
    items = triage(today, settings)
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    out["portfolio_triage"]["items_by_kind"] = dict(sorted(kinds.items()))

    ids = [cid for (cid,) in Customer.select(Customer.id).order_by(Customer.id).tuples()]
    sample = ids[:: max(1, len(ids) // 25)][:25]
    one = []
    with QueryCounter(db) as counter:
        for cid in sample:
            started = time.perf_counter()
            triage(today, settings, customer_id=cid)
            one.append((time.perf_counter() - started) * 1000)
    out["one_customer_triage"] = {
        "customers_sampled": len(sample),
        "median_ms": round(statistics.median(one), 1),
        "max_ms": round(max(one), 1),
        "queries_per_run": counter.count // len(sample),
    }

    def health_all() -> list[Any]:
        snap = load_snapshot(today, settings, health_only=True)
        healths = portfolio_health(snap, today, settings)
        portfolio_figures(snap, healths, today, settings)
        return healths

    out["portfolio_health_with_trend_and_figures"] = timed(db, health_all, args.repeat)
    out["peak_rss_mb"] = peak_rss_mb()
    out["targets"] = {"portfolio_triage_ms": 1000, "one_customer_ms": 50, "rss_mb": 300}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
