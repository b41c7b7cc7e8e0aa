"""The whole portfolio's triage runs a fixed number of queries, whatever its size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from triage_data import activity, at, contract, customer, days, invoice, meeting, metric, person

from kamtui.config import Settings
from kamtui.domain.health import portfolio_health
from kamtui.domain.snapshot import load_snapshot
from kamtui.domain.triage import triage


@contextmanager
def counting(db: Any) -> Iterator[list[str]]:
    """Every SQL statement ``db`` runs inside the block."""
    seen: list[str] = []
    original = db.execute_sql

    def counted(sql: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return original(sql, *args, **kwargs)

    db.execute_sql = counted
    try:
        yield seen
    finally:
        db.execute_sql = original


def build(start: int, stop: int) -> None:
    """Customers ``start`` to ``stop - 1``, each with a record for every rule."""
    for i in range(start, stop):
        acme = customer(f"Customer {i}", cadence="High", contract_end=days(30 + i))
        person(acme, "Boss", buying_level="Decision Maker", status="Departed")
        meeting(acme, at(-3), mood="2", next_steps="Send the deck")
        meeting(acme, at(-20), status="Skipped by Customer")
        activity(acme, due_date=days(-1))
        invoice(acme)
        contract(acme, status="Draft", created_at=days(-30))
        metric(acme, days(-20), sponsor_health="2", mau="10")


def _count(db: Any, fn: Any) -> int:
    with counting(db) as seen:
        fn()
    return len(seen)


@pytest.mark.parametrize("fn", ["triage", "health"])
def test_same_query_count_for_3_and_30_customers(db: Any, fn: str) -> None:
    settings = Settings()
    run = {
        "triage": lambda: triage(days(0), settings),
        "health": lambda: portfolio_health(load_snapshot(days(0), settings), days(0), settings),
    }[fn]
    build(0, 3)
    small = _count(db, run)
    assert len(run()) >= 3
    build(3, 30)
    with counting(db) as seen:
        result = run()
    assert len(seen) == small
    assert small <= 16
    assert len({getattr(r, "customer_id", None) for r in result}) >= 30


def test_home_reads_the_triage_and_the_figures_from_one_snapshot(db: Any) -> None:
    from kamtui.domain.portfolio import load_portfolio
    from kamtui.domain.triage import triage_with_figures

    settings = Settings()
    build(0, 5)
    with counting(db) as seen:
        items, figures = triage_with_figures(days(0), settings)
    assert len(seen) == _count(db, lambda: triage(days(0), settings))  # one snapshot's queries
    alone = triage(days(0), settings)
    assert [(i.id, i.reason) for i in items] == [(i.id, i.reason) for i in alone]
    assert figures == load_portfolio(days(0), settings)[0]
