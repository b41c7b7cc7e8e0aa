"""A triage item: what needs the KAM's attention, its id, order and snooze state.

The rules live in :mod:`kamtui.domain.triage_rules`; this module holds the item,
its order (severity, tier, due date, id), the kinds, and the snooze /
acknowledgement filter. Everything here is pure: it takes a
:class:`~kamtui.domain.snapshot.Snapshot`, ``today`` and the settings.

Kinds are a public interface (scripts read them): never rename one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

SEVERITIES = ("overdue", "today", "soon", "info")
KINDS = (
    "renewal",
    "contract_expired",
    "contract_stalled",
    "invoice_to_send",
    "invoice_follow_up",
    "invoice_disputed",
    "activity_overdue",
    "activity_due",
    "fup_unresolved",
    "project_overdue",
    "project_at_risk",
    "risk_review",
    "next_steps_without_activity",
    "cadence_overdue",
    "disengagement",
    "meeting_to_update",
    "meeting_today",
    "churn_risk",
    "low_activation",
)
_TIERS = {"A": 0, "B": 1, "C": 2}


class UnknownKind(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown triage kind {kind!r}: expected one of {', '.join(KINDS)}")


def check_kinds(kinds: list[str] | tuple[str, ...]) -> list[str]:
    """``kinds`` lower-cased (``-`` read as ``_``); raises :class:`UnknownKind`."""
    out = []
    for kind in kinds:
        key = kind.strip().lower().replace("-", "_")
        if key not in KINDS:
            raise UnknownKind(kind)
        out.append(key)
    return out


def item_id(kind: str, entity: str, record_id: int, stage: int | None = None) -> str:
    """A stable id: the kind and the record; an invoice follow-up adds its stage."""
    suffix = f":{stage}" if stage is not None else ""
    return f"{kind}:{entity}:{record_id}{suffix}"


_SEVERITY_RANK = {s: n for n, s in enumerate(SEVERITIES)}


class TriageItem(NamedTuple):
    """One thing to look at. ``fingerprint`` changes when the record behind it does.

    A named tuple, not a dataclass: a big portfolio makes tens of thousands of
    items per triage, and a tuple is built three times faster than a frozen dataclass.
    """

    kind: str
    severity: str
    customer: str | None
    entity: str
    record_id: int
    title: str
    due: date | None
    reason: str
    tier: str | None = None
    customer_id: int | None = None
    stage: int | None = None
    fingerprint: str = ""
    #: ``open``, or ``snoozed``/``acknowledged`` (shown only with ``--all``).
    state: str = "open"
    snoozed_until: date | None = None

    @property
    def id(self) -> str:
        return item_id(self.kind, self.entity, self.record_id, self.stage)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            _SEVERITY_RANK[self.severity],
            _TIERS.get(self.tier or "", 3),
            self.due or date.max,
            self.id,
        )

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        del data["fingerprint"]
        if self.stage is None:
            del data["stage"]
        data["id"] = self.id
        data["due"] = self.due.isoformat() if self.due else None
        data["snoozed_until"] = self.snoozed_until.isoformat() if self.snoozed_until else None
        return data


def sort_items(items: list[TriageItem]) -> list[TriageItem]:
    return sorted(items, key=TriageItem.sort_key)


def apply_states(
    items: list[TriageItem], states: dict[str, Any], today: date, *, include_hidden: bool = False
) -> list[TriageItem]:
    """Hide snoozed and acknowledged items, or mark them when ``include_hidden``.

    A snooze lasts until its date (the item is back that day); both a snooze and an
    acknowledgement stop applying once the item's fingerprint changes, i.e. when
    the record behind it changed.
    """
    if not states:
        return list(items)
    out = []
    for item in items:
        state = states.get(item.id)
        current = state is not None and (state.fingerprint or "") == item.fingerprint
        if current and state.snoozed_until is not None and state.snoozed_until > today:
            item = item._replace(state="snoozed", snoozed_until=state.snoozed_until)
        elif current and state.acknowledged_at is not None:
            item = item._replace(state="acknowledged")
        if item.state == "open" or include_hidden:
            out.append(item)
    return out
