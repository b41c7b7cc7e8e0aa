"""Home (``1``): what needs attention today, today's agenda and the portfolio in figures.

The triage and the figures come from :func:`kamtui.domain.triage.triage_with_figures`
(one snapshot for both), computed in this process in a
thread worker (a few milliseconds on the demo portfolio) so a big portfolio never
freezes the keyboard. Acting on an item (``d``/``z``/``f``) goes through
:mod:`kamtui.ops.triage_actions` (keys from :class:`~kamtui.tui.triage_view.TriageKeys`,
shared with the customer 360); the list is re-read and the cursor keeps its row.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ClassVar

import peewee as pw
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static

from kamtui.config import Settings
from kamtui.dates import format_date
from kamtui.db import choices as c
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Customer, Meeting
from kamtui.domain.portfolio import PortfolioFigures
from kamtui.domain.triage_item import TriageItem
from kamtui.tui.entities import short_money
from kamtui.tui.triage_view import KIND_LABELS, TriageKeys, TriageList, settings_of, what
from kamtui.tui.widgets.key_bar import KeyBar
from kamtui.tui.workers import ReportsWorkerErrors


@dataclass
class HomeData:
    """Everything home shows, read in one go off the event loop."""

    items: list[TriageItem]
    figures: PortfolioFigures | None
    #: (time, meeting, customer, status) of today's meetings.
    meetings: list[tuple[datetime, str, str, str]] = field(default_factory=list)
    #: (activity, customer) of the pending activities due today.
    activities: list[tuple[str, str]] = field(default_factory=list)
    #: Owner of each activity item's activity (the owner filter reads it).
    owners: dict[int, str | None] = field(default_factory=dict)


def load_home(today: date, settings: Settings) -> HomeData:
    """Today's triage, the portfolio figures and today's agenda (a fixed number of queries)."""
    from kamtui.domain.triage import triage_with_figures

    items, figures = triage_with_figures(today, settings)
    start = datetime.combine(today, time.min)
    meetings = (
        Meeting.select(Meeting.date_time, Meeting.name, Customer.name, Meeting.status)
        .join(Customer, on=(Meeting.customer == Customer.id))
        .where(Meeting.date_time >= start, Meeting.date_time < start + timedelta(days=1))
        .order_by(Meeting.date_time)
        .limit(50)
        .tuples()
    )
    activities = (
        Activity.select(Activity.name, Customer.name)
        .join(Customer, pw.JOIN.LEFT_OUTER, on=(Activity.customer == Customer.id))
        .where(Activity.status == c.ActivityStatus.PENDING.value, Activity.due_date == today)
        .order_by(Activity.name)
        .limit(50)
        .tuples()
    )
    ids = [i.record_id for i in items if i.entity == "activity"]
    owners: dict[int, str | None] = {}
    for at in range(0, len(ids), 500):  # IN lists stay short on every backend
        query = Activity.select(Activity.id, Activity.owner).where(
            Activity.id.in_(ids[at : at + 500])
        )
        owners.update(query.tuples())
    return HomeData(
        items,
        figures,
        [(when, name or "", who or "", status or "") for when, name, who, status in meetings],
        [(name or "", who or "") for name, who in activities],
        owners,
    )


def figures_text(f: PortfolioFigures) -> str:
    """Accounts by tier, ARR, renewals, ARR at risk, overdue receivables, DSO."""
    tiers = " ".join(f"{tier} {n}" for tier, n in f.accounts_by_tier.items()) or "none"
    parts = [
        ("Accounts", f"{sum(f.accounts_by_tier.values())} ({tiers})"),
        ("ARR", short_money(f.arr)),
        (f"Renew ≤{f.renewal_horizon_days}d", short_money(f.arr_up_for_renewal)),
        ("ARR at risk", short_money(f.arr_at_risk)),
        ("Overdue AR", short_money(f.overdue_receivables)),
        ("DSO", "—" if f.dso is None else f"{f.dso}d"),
    ]
    return " │ ".join(f"{name} [b]{escape(value)}[/b]" for name, value in parts)


#: Past this many triage items home keeps them out of the garbage collector's walks.
BIG_TRIAGE = 10_000


class TriageHome(ReportsWorkerErrors, TriageKeys, Screen[None]):
    """The screen a KAM opens every morning."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *TriageKeys.TRIAGE_BINDINGS,
        Binding("c", "customer_360", "Customer 360", id="home.customer"),
        Binding("slash", "filter_customer", "Customer filter", id="home.filter"),
        Binding("k", "next_kind", "Kind", id="home.kind"),
        Binding("o", "next_owner", "Owner", id="home.owner"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="home.clear"),
        Binding("r", "reload", "Reload", show=False, id="home.reload"),
    ]
    # The reasons need the width: the agenda goes beside the list only on wide terminals.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (150, "-wide")]
    #: On a short terminal (80×24 over SSH) the triage list keeps most of the rows.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (34, "-tall")]
    DEFAULT_CSS = """
    TriageHome #home-figures { height: auto; padding: 0 1; background: $boost; }
    TriageHome #home-status { height: 1; padding: 0 1; color: $text-muted; }
    TriageHome #home-filter { height: 3; border: tall $accent; display: none; }
    TriageHome #home-main { height: 1fr; }
    TriageHome #home-triage, TriageHome #home-triage:focus { border: none; }
    TriageHome #home-reason { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    TriageHome #home-agenda { width: 40; height: 1fr; padding: 0 1; border-left: vkey $primary; }
    TriageHome.-narrow #home-main { layout: vertical; }
    TriageHome.-narrow #home-agenda {
        width: 1fr; height: auto; max-height: 7; border-left: none; border-top: hkey $primary;
    }
    TriageHome.-narrow.-short #home-agenda { max-height: 4; }
    TriageHome.-short #home-reason { max-height: 2; }
    """

    def __init__(self, ctx: ParseContext) -> None:
        super().__init__(id="home")
        self.ctx = ctx
        self.title = "Home"
        self.data: HomeData | None = None
        self.customer_text = ""
        self.kind: str | None = None
        #: None: everyone's items; else this owner's (and, for the user, unowned ones).
        self.owner: str | None = None
        #: True once the screen shows the data of the last reload (tests wait on it).
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("Reading the portfolio…", id="home-figures")
        yield Static("", id="home-status")
        yield Input(placeholder="part of a customer's name", id="home-filter")
        with Horizontal(id="home-main"):
            with Vertical():
                yield TriageList(id="home-triage")
                yield Static("", id="home-reason")
            yield Static("", id="home-agenda")
        yield KeyBar()

    def on_mount(self) -> None:
        # "Mine" by default where the user has said who they are.
        self.owner = settings_of(self.app)["user.name"] or None
        self.triage_list().focus()
        self.reload_data()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload_data()

    # -- loading ------------------------------------------------------------------

    def reload_data(self) -> None:
        """Re-read everything in a thread worker; the cursor keeps its row."""
        self.loaded = False
        today, settings = self.ctx.today, settings_of(self.app)

        def load() -> None:
            data = load_home(today, settings)
            self.app.call_from_thread(self._loaded, data)

        self.run_worker(load, thread=True, exclusive=True, group="home", exit_on_error=False)

    def _loaded(self, data: HomeData) -> None:
        self.data = data
        if len(data.items) > BIG_TRIAGE:
            # Tens of thousands of long-lived items: every full garbage collection
            # would walk them again, freezing each list screen's first mount for up to
            # a second. Collect once, then leave them out of later collections.
            gc.collect()
            gc.freeze()
        if data.figures is not None:
            self.query_one("#home-figures", Static).update(figures_text(data.figures))
        self._show()
        self._agenda()
        self.loaded = True

    def shown_items(self) -> list[TriageItem]:
        """The items that pass the customer, kind and owner filters."""
        if self.data is None:
            return []
        me = (settings_of(self.app)["user.name"] or "").casefold()
        text = self.customer_text.casefold()
        out = []
        for item in self.data.items:
            if text and text not in (item.customer or "").casefold():
                continue
            if self.kind and item.kind != self.kind:
                continue
            if self.owner is not None:
                owner = self.data.owners.get(item.record_id) if item.entity == "activity" else None
                if owner is None and self.owner.casefold() != me:
                    continue
                if owner is not None and owner.casefold() != self.owner.casefold():
                    continue
            out.append(item)
        return out

    def _show(self) -> None:
        items = self.shown_items()
        self.triage_list().show(items)
        total = len(self.data.items) if self.data else 0
        parts = [f"{len(items):,} of {total:,} items"]
        me = settings_of(self.app)["user.name"]
        if self.owner is None:
            parts.append("owner: everyone")
        else:
            parts.append(f"owner: {'mine' if self.owner == me else self.owner}")
        parts.append(f"kind: {KIND_LABELS.get(self.kind, self.kind) if self.kind else 'all'}")
        parts.append(f"customer: {self.customer_text or 'all'}")
        self.query_one("#home-status", Static).update(escape(" · ".join(parts)))
        self._show_reason()

    def _agenda(self) -> None:
        data = self.data
        if data is None:
            return
        lines = [f"[b]Today · {format_date(self.ctx.today)}[/b]"]
        for when, name, customer, status in data.meetings:
            lines.append(f"◷ {when:%H:%M} {escape(customer)}: {escape(name)} ({escape(status)})")
        for name, customer in data.activities:
            lines.append(f"□ due   {escape(customer)}: {escape(name)}")
        if len(lines) == 1:
            lines.append("Nothing scheduled, nothing due.")
        self.query_one("#home-agenda", Static).update("\n".join(lines))

    @on(OptionList.OptionHighlighted)
    def _show_reason(self) -> None:
        """The highlighted item in full: a row cuts the reason short at 80 columns."""
        item = self.current_item()
        text = ""
        if item is not None:
            due = f" · due {format_date(item.due)}" if item.due else ""
            text = f"[b]{escape(item.customer or '—')}[/b] · {escape(what(item))}{due}\n"
            text += escape(item.reason)
        self.query_one("#home-reason", Static).update(text)

    # -- what the app asks --------------------------------------------------------

    def focused_customer_id(self) -> int | None:
        item = self.current_item()
        return item.customer_id if item is not None else None

    # -- filters --------------------------------------------------------------------

    def action_filter_customer(self) -> None:
        box = self.query_one("#home-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#home-filter")
    def _customer_typed(self, event: Input.Changed) -> None:
        self.customer_text = event.value.strip()
        self._show()

    @on(Input.Submitted, "#home-filter")
    def _customer_done(self) -> None:
        self.triage_list().focus()

    def action_next_kind(self) -> None:
        """Cycle through the kinds present today (then back to all)."""
        kinds = sorted({i.kind for i in (self.data.items if self.data else [])})
        choices: list[str | None] = [None, *kinds]
        at = choices.index(self.kind) if self.kind in choices else 0
        self.kind = choices[(at + 1) % len(choices)]
        self._show()

    def action_next_owner(self) -> None:
        """Cycle: everyone → mine (where user.name is set) → each other owner."""
        me = settings_of(self.app)["user.name"] or None
        owners = sorted({o for o in (self.data.owners.values() if self.data else []) if o})
        choices: list[str | None] = [None]
        if me:
            choices.append(me)
        choices += [o for o in owners if o != me]
        at = choices.index(self.owner) if self.owner in choices else 0
        self.owner = choices[(at + 1) % len(choices)]
        self._show()

    def action_clear_filters(self) -> None:
        box = self.query_one("#home-filter", Input)
        box.value = ""
        box.display = False
        self.customer_text = ""
        self.kind = None
        self.owner = None
        self._show()
        self.triage_list().focus()

    def action_reload(self) -> None:
        self.reload_data()

    def action_customer_360(self) -> None:
        from kamtui.tui.navigation import open_360

        open_360(self.app, self.focused_customer_id())
