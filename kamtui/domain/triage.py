"""The triage of a portfolio: every rule over one snapshot, filtered and ordered.

:func:`triage` loads a snapshot (a fixed number of queries) and runs the rules;
:func:`compute_triage` is the pure part, for tests and callers that already hold
a snapshot. Items come back ordered by severity, tier (A first), due date, id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kamtui.config import Settings
from kamtui.domain.health import portfolio_health
from kamtui.domain.snapshot import Snapshot, load_snapshot
from kamtui.domain.triage_item import KINDS, TriageItem, apply_states, sort_items
from kamtui.domain.triage_rules import RULES, health_items

_HEALTH_KINDS = {"churn_risk", "low_activation"}


def compute_triage(
    snap: Snapshot,
    today: date,
    settings: Settings,
    *,
    kinds: Iterable[str] | None = None,
    include_hidden: bool = False,
) -> list[TriageItem]:
    """The items of ``snap`` for ``today``; snoozed/acknowledged ones only if asked."""
    wanted = set(kinds) if kinds else set(KINDS)
    items: list[TriageItem] = []
    for rule in RULES:
        items.extend(rule(snap, today, settings))
    if wanted & _HEALTH_KINDS:
        healths = {}
        if "churn_risk" in wanted:
            rise = (settings["churn.rise_days"],)
            healths = {h.customer_id: h for h in portfolio_health(snap, today, settings, rise)}
        items.extend(health_items(snap, today, settings, healths))
    items = [i for i in items if i.kind in wanted]
    return sort_items(apply_states(items, snap.states, today, include_hidden=include_hidden))


def triage(
    today: date,
    settings: Settings,
    *,
    customer_id: int | None = None,
    kinds: Iterable[str] | None = None,
    include_hidden: bool = False,
) -> list[TriageItem]:
    """The triage of the open database (or of one customer) for ``today``."""
    snap = load_snapshot(today, settings, customer_id)
    return compute_triage(snap, today, settings, kinds=kinds, include_hidden=include_hidden)


def find_item(item_id: str, today: date, settings: Settings) -> TriageItem | None:
    """The item with ``item_id`` in today's triage, snoozed or not."""
    for item in triage(today, settings, include_hidden=True):
        if item.id == item_id.strip():
            return item
    return None
