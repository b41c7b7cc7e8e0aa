"""Triage items on screen: the grouped list and the keys that act on an item.

Home and the customer 360 both show triage items and act on them the same way
(``d`` done, ``z`` snooze, ``f`` follow-up, Enter open, ``c`` customer 360). What
each action *means* lives in :mod:`kamtui.ops.triage_actions`; this module only
draws the list and calls those operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kamtui.config import Settings
from kamtui.dates import format_date
from kamtui.domain.triage_item import SEVERITIES, TriageItem

KIND_LABELS = {
    "renewal": "Renewal",
    "contract_expired": "Contract expired",
    "contract_stalled": "Contract stalled",
    "invoice_to_send": "Invoice to send",
    "invoice_follow_up": "Invoice follow-up",
    "invoice_disputed": "Invoice disputed",
    "activity_overdue": "Activity overdue",
    "activity_due": "Activity due",
    "fup_unresolved": "FUP unresolved",
    "project_overdue": "Project overdue",
    "project_at_risk": "Project at risk",
    "risk_review": "Risk review",
    "next_steps_without_activity": "Next steps, no activity",
    "cadence_overdue": "Cadence overdue",
    "disengagement": "Disengagement",
    "meeting_to_update": "Meeting to update",
    "meeting_today": "Meeting today",
    "churn_risk": "Churn risk",
    "low_activation": "Low activation",
}
#: Severity in words (and a symbol), so it never depends on colour.
SEVERITY_LABELS = {"overdue": "! overdue", "today": "• today", "soon": "› soon", "info": "  info"}


def settings_of(app: Any) -> Settings:
    """The app's settings (defaults for a bare test app)."""
    return getattr(app, "settings", None) or Settings()


def what(item: TriageItem) -> str:
    """The kind in words and the record it is about."""
    kind = KIND_LABELS.get(item.kind, item.kind)
    if item.stage:
        kind += f" {item.stage}"
    return f"{kind}: {item.title}"


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def row_text(item: TriageItem, width: int, show_customer: bool = True) -> str:
    """One line: severity label, customer, what, due date, reason (cut to ``width``).

    The "what" column takes 45% of what the fixed columns leave, the reason the rest.
    """
    due = format_date(item.due) if item.due else "—"
    customer = 18 if width >= 100 else 14
    cells = [f"{SEVERITY_LABELS[item.severity]:<9}"]
    if show_customer:
        cells.append(f"{_fit(item.customer or '—', customer):<{customer}}")
    fixed = sum(len(cell) + 1 for cell in cells) + 16
    middle = max(20, min(40, (width - fixed) * 45 // 100))
    cells += [f"{_fit(what(item), middle):<{middle}}", f"{due:<15}"]
    head = " ".join(cells)
    return head + " " + _fit(item.reason, max(width - len(head) - 1, 0))


#: Rows drawn per severity: a list widget measures every row it holds, and a
#: 5,000-account portfolio has 18,000 items; the filters reach the rest.
GROUP_LIMIT = 200


class TriageList(OptionList):
    """Items grouped under a header per severity (``OVERDUE · 4``); headers are skipped."""

    DEFAULT_CSS = """
    TriageList { height: 1fr; border: none; padding: 0; background: $surface; }
    TriageList > .option-list--option-disabled { color: $text-accent; text-style: bold; }
    """

    def __init__(self, *, show_customer: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_customer = show_customer
        self.items: list[TriageItem] = []
        self._by_id: dict[str, TriageItem] = {}
        self.empty_text = "Nothing needs attention."

    @property
    def current(self) -> TriageItem | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._by_id.get(option.id or "")

    def _width(self) -> int:
        width = self.size.width or self.app.size.width
        return max(width - 2, 40)

    def show(self, items: Sequence[TriageItem]) -> None:
        """Show ``items`` (already ordered). The cursor stays on its item when the item
        is still there (another process changed something else), else on the row
        that took its place (the item was done or snoozed)."""
        at = self.highlighted
        kept = self.current
        self.items = list(items)
        self._by_id = {i.id: i for i in self.items}
        width = self._width()
        options: list[Option] = []
        for severity in SEVERITIES:
            group = [i for i in self.items if i.severity == severity]
            if not group:
                continue
            options.append(Option(f"{severity.upper()} · {len(group)}", disabled=True))
            for item in group[:GROUP_LIMIT]:
                options.append(Option(Text(row_text(item, width, self.show_customer)), id=item.id))
            if len(group) > GROUP_LIMIT:
                more = len(group) - GROUP_LIMIT
                options.append(
                    Option(f"  … {more:,} more {severity}: narrow with / (customer) or k (kind)",
                           disabled=True)
                )  # fmt: skip
        if not options:
            options.append(Option(self.empty_text, disabled=True))
        self.set_options(options)
        if kept is not None and any(o.id == kept.id for o in options):
            self.highlighted = self.get_option_index(kept.id)
        else:
            self._restore(at)
        if self.is_attached:
            self.screen.refresh_bindings()  # keys that act on an item may come or go

    def drop(self, item_id: str) -> None:
        """Take an item out at once (it was just done or snoozed): the cursor moves to
        the row that takes its place, and no key can act on it twice while the
        triage is read again."""
        if item_id in self._by_id:
            self.show([i for i in self.items if i.id != item_id])

    def _restore(self, at: int | None) -> None:
        enabled = [i for i, o in enumerate(self.options) if not o.disabled]
        if not enabled:
            self.highlighted = None
            return
        if at is None:
            self.highlighted = enabled[0]
            return
        after = [i for i in enabled if i >= at]
        self.highlighted = after[0] if after else enabled[-1]

    def on_resize(self) -> None:
        if self.items:
            self.show(self.items)


class TriageKeys:
    """Mixin for a screen with a :class:`TriageList`: the keys that act on its item.

    The screen provides ``ctx`` and ``reload_data()`` (re-read, keeping the cursor).
    """

    TRIAGE_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_item", "Open", id="triage.open"),
        Binding("d", "item_done", "Done", id="triage.done"),
        Binding("z", "item_snooze", "Snooze", id="triage.snooze"),
        Binding("f", "item_follow_up", "Follow-up", id="triage.follow_up"),
    ]

    def triage_list(self) -> TriageList:
        return self.query_one(TriageList)  # type: ignore[attr-defined]

    def current_item(self) -> TriageItem | None:
        try:
            return self.triage_list().current
        except Exception:  # noqa: BLE001 - no list mounted yet
            return None

    def _act(self, action: Any, item: TriageItem, *, settles: bool = False) -> None:
        """Run an operation on ``item``; a refused one is a message, never a crash.

        ``settles``: the item is dealt with, so it leaves the list at once.
        """
        from peewee import OperationalError

        from kamtui.ops.records import NotFound, ValidationError
        from kamtui.ops.triage_actions import TriageActionError

        screen: Any = self
        try:
            said = action()
        except (ValidationError, NotFound, TriageActionError, OperationalError) as exc:
            screen.notify(f"{item.title}: {exc}", severity="error")
            return
        screen.notify(said)
        if settles:
            self.triage_list().drop(item.id)
        screen.reload_data()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, TriageList):
            event.stop()
            self.action_open_item()

    def action_open_item(self) -> None:
        from kamtui.tui.navigation import open_record

        item = self.current_item()
        if item is not None:
            open_record(self.app, item.entity, item.record_id)  # type: ignore[attr-defined]

    def action_item_done(self) -> None:
        from kamtui.ops import triage_actions

        item = self.current_item()
        if item is None:
            return
        screen: Any = self
        settings = settings_of(screen.app)
        self._act(lambda: triage_actions.done(item, screen.ctx, settings), item, settles=True)

    def action_item_follow_up(self) -> None:
        from kamtui.ops import triage_actions

        item = self.current_item()
        if item is None:
            return
        screen: Any = self
        settings = settings_of(screen.app)

        self._act(lambda: triage_actions.follow_up(item, screen.ctx, settings), item)

    def action_item_snooze(self) -> None:
        from kamtui.tui.navigation import ask_snooze

        item = self.current_item()
        if item is not None:
            screen: Any = self

            def snoozed() -> None:
                self.triage_list().drop(item.id)
                screen.reload_data()

            ask_snooze(screen.app, item, after=snoozed)
