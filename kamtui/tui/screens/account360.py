"""Customer 360 (``c`` on a customer anywhere, Enter in the customer list).

Top: the customer's triage items (acted on with the same keys as home), its
fields, churn risk with the engine's explanation and trend, the mood sparkline
and stakeholders by buying level. Below, one tab per kind of record.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from kamtui.dates import format_date, format_datetime
from kamtui.db import choices as c
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Contract, Customer, Invoice, Meeting, Project
from kamtui.domain import derived
from kamtui.tui.account_data import (
    fields_text,
    load_summary,
    metric_series,
    risk_text,
    stakeholders_text,
)
from kamtui.tui.entities import money_text, status_text
from kamtui.tui.triage_view import TriageKeys, TriageList, settings_of
from kamtui.tui.widgets.bars import Bars
from kamtui.tui.widgets.key_bar import KeyBar

SHOWN = 200
TABS = ("meetings", "activities", "projects", "contracts", "metrics", "invoices")


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] + (f" (+{len(lines) - 1} more)" if len(lines) > 1 else "")


#: The scale each metric is drawn on (None: up to its largest value).
SCALES: dict[str, tuple[float, float | None]] = {
    "MAU": (0, None),
    "Activation %": (0, 100),
    "NPS": (-100, 100),
    "CSAT": (1, 5),
}


class Account360(TriageKeys, Screen[None]):
    """Everything about one account on one screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *TriageKeys.TRIAGE_BINDINGS,
        Binding("escape,backspace", "back", "Back", id="a360.back"),
        Binding("e", "edit_customer", "Edit customer", id="a360.edit"),
        Binding("t", "next_tab", "Next tab", id="a360.tab"),
    ]
    #: Side by side from 100 columns, one above the other below; on a short terminal
    #: the account's summary and its triage give most of the height to the tabs.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (34, "-tall")]
    DEFAULT_CSS = """
    Account360 #a360-top { height: auto; max-height: 17; layout: horizontal; }
    Account360.-narrow #a360-top { layout: vertical; }
    Account360.-short #a360-top { max-height: 8; }
    Account360.-short #a360-triage { max-height: 4; }
    Account360 #a360-left { width: 56; height: auto; padding: 0 1; }
    Account360.-narrow #a360-left { width: 1fr; }
    Account360 #a360-risk { width: 1fr; height: auto; padding: 0 1; }
    Account360 #a360-people { margin-top: 1; }
    Account360 .spark-label { color: $text-muted; height: 1; }
    Account360 #a360-triage { height: auto; max-height: 7; border-top: solid $border; }
    Account360 TabbedContent { height: 1fr; }
    Account360 DataTable { height: 1fr; }
    Account360 .tab-note { color: $text-muted; height: 1; }
    """

    def __init__(self, customer_id: int, ctx: ParseContext) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.ctx = ctx
        self.customer = Customer.get_by_id(customer_id)
        self.title = f"Customer 360: {self.customer.name}"
        self._ids: dict[str, list[tuple[type, int]]] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="a360-top"):
            with Vertical(id="a360-left"):
                yield Static("", id="a360-fields")
                yield Static("Mood", classes="spark-label", id="a360-mood-label")
                yield Bars(1, 5, id="a360-mood")
                yield Static("", id="a360-people")
            yield Static("", id="a360-risk")
        triage = TriageList(show_customer=False, id="a360-triage")
        triage.empty_text = "No triage item for this customer today."
        yield triage
        with TabbedContent(id="a360-tabs"):
            for tab in TABS:
                with TabPane(tab.capitalize(), id=f"tab-{tab}"):
                    if tab == "metrics":
                        with Vertical(id="a360-metrics"):
                            for name in SCALES:
                                yield Static(name, classes="spark-label", id=f"label-{_key(name)}")
                                yield Bars(*SCALES[name], id=f"spark-{_key(name)}")
                    else:
                        yield Static("", classes="tab-note", id=f"note-{tab}")
                        yield DataTable(cursor_type="row", id=f"table-{tab}", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload_data()
        self.triage_list().focus()

    # -- data -----------------------------------------------------------------------

    def reload_data(self) -> None:
        """Re-read the account (cursors stay on their rows). Customer-scoped: fast."""
        from kamtui.domain.triage import triage

        customer = Customer.get_or_none(Customer.id == self.customer_id)
        if customer is None:
            self.notify("This customer no longer exists", severity="warning")
            self.dismiss(None)
            return
        self.customer = customer
        today, settings = self.ctx.today, settings_of(self.app)
        summary = load_summary(customer, today, settings)
        #: The engine's health, as shown (tests compare it with the engine's own).
        self.health = summary.health
        self.query_one("#a360-fields", Static).update(fields_text(summary, today))
        self.query_one("#a360-risk", Static).update(risk_text(summary.health))
        self.query_one("#a360-mood", Bars).show(summary.mood_trend)
        self.query_one("#a360-mood-label", Static).update(
            "Mood moving average, 12 months: "
            + (
                f"{summary.mood_trend[0]:.1f} → {summary.mood_trend[-1]:.1f}"
                if summary.mood_trend
                else "no meeting mood yet"
            )
        )
        self.query_one("#a360-people", Static).update(stakeholders_text(customer.id))
        self.triage_list().show(triage(today, settings, customer_id=customer.id))
        self._fill_tables()
        self._fill_metrics()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload_data()

    def _table(self, tab: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        table = self.query_one(f"#table-{tab}", DataTable)
        at = table.cursor_row
        table.clear(columns=True)
        texts = [[str(cell) for cell in cells] for _model, _rid, *cells in rows]
        for index, label in enumerate(columns):
            # Widths set here: a table in a hidden tab cannot measure itself.
            width = max([len(label), *(len(t[index]) for t in texts)])
            table.add_column(label, width=min(width, 48))
        ids = []
        for (model, rid, *_cells), text in zip(rows, texts, strict=True):
            table.add_row(*text)
            ids.append((model, rid))
        self._ids[tab] = ids
        if rows:
            table.move_cursor(row=min(at, len(rows) - 1))

    def _fill_tables(self) -> None:
        cid, today = self.customer_id, self.ctx.today
        meetings = (
            Meeting.select()
            .where(Meeting.customer == cid)
            .order_by(Meeting.date_time.desc(nulls="LAST"))
            .limit(SHOWN)
        )
        self._table(
            "meetings",
            ["When", "Type", "Status", "Mood", "Next steps", "Review"],
            [
                (Meeting, m.id, format_datetime(m.date_time), m.meeting_type or "",
                 status_text(m.status), m.mood or "—", _first_line(m.next_steps)[:48],
                 _first_line(m.review)[:40])
                for m in meetings
            ],
        )  # fmt: skip
        activities = (
            Activity.select()
            .where(Activity.customer == cid, Activity.status != c.ActivityStatus.DONE.value)
            .order_by(Activity.due_date.asc(nulls="LAST"), Activity.id)
            .limit(SHOWN)
        )
        self._table(
            "activities",
            ["Activity", "Type", "Due", "Status", "Owner"],
            [
                (Activity, a.id, a.name, a.type or "", format_date(a.due_date),
                 status_text(derived.activity_status(a.status, a.due_date, today)), a.owner or "")
                for a in activities
            ],
        )  # fmt: skip
        projects = (
            Project.select()
            .where(Project.customer == cid)
            .order_by(Project.deadline.asc(nulls="LAST"))
        )
        self._table(
            "projects",
            ["Project", "Status", "Health", "Priority", "Deadline"],
            [
                (Project, p.id, p.name, status_text(p.status), status_text(p.health_status) or "—",
                 p.priority or "", format_date(p.deadline))
                for p in projects.limit(SHOWN)
            ],
        )  # fmt: skip
        contracts = (
            Contract.select()
            .where(Contract.customer == cid)
            .order_by(Contract.expiration_date.desc(nulls="LAST"))
        )
        self._table(
            "contracts",
            ["Contract", "Status", "Created", "Signed", "Expires", "Value"],
            [
                (Contract, k.id, k.name, status_text(k.status), format_date(k.created_at),
                 format_date(k.signed_at), format_date(k.expiration_date), money_text(k.value))
                for k in contracts.limit(SHOWN)
            ],
        )  # fmt: skip
        invoices = list(
            Invoice.select()
            .where(Invoice.customer == cid)
            .order_by(Invoice.invoice_date.desc(nulls="LAST"))
            .limit(SHOWN)
        )
        self._table(
            "invoices",
            ["Invoice", "Date", "Due", "Amount", "Collected", "Status", "DSO"],
            [
                (Invoice, i.id, i.name, format_date(i.invoice_date),
                 format_date(i.invoice_due_date), money_text(i.invoice_amount),
                 money_text(i.amount_collected), status_text(derived.invoice_status(i, today)),
                 _opt(derived.invoice_dso(i, today)))
                for i in invoices
            ],
        )  # fmt: skip
        dso = self.health.dso
        self.query_one("#note-invoices", Static).update(
            f"Customer DSO (amount-weighted): {'—' if dso is None else f'{dso} days'}"
        )
        self.query_one("#note-meetings", Static).update("Newest first")
        self.query_one("#note-activities", Static).update("Open activities, soonest due first")
        self.query_one("#note-projects", Static).update("Health: On Track / ~ At Risk / ! Blocked")
        self.query_one("#note-contracts", Static).update("Newest expiration first")

    def _fill_metrics(self) -> None:
        for name, values in metric_series(self.customer, self.ctx.today).items():
            self.query_one(f"#spark-{_key(name)}", Bars).show(values)
            label = self.query_one(f"#label-{_key(name)}", Static)
            if values:
                label.update(
                    f"{name}: {_g(values[-1])} now · min {_g(min(values))} · max "
                    f"{_g(max(values))} · {len(values)} months"
                )
            else:
                label.update(f"{name}: no data in the last 12 months")

    # -- keys -----------------------------------------------------------------------

    def focused_customer_id(self) -> int | None:
        return self.customer_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith("item_") or action == "open_item":
            # The triage keys act on the triage list only, not on a tab's table, and
            # leave the footer's room to the others when it has no item.
            listing = self.triage_list()
            return listing.has_focus and bool(listing.items)
        return True

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        from kamtui.tui.navigation import open_detail

        tab = (event.data_table.id or "").removeprefix("table-")
        ids = self._ids.get(tab, [])
        if event.cursor_row < len(ids):
            model, rid = ids[event.cursor_row]
            record = model.get_or_none(model.id == rid)
            if record is not None:
                open_detail(self.app, record)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        at = TABS.index((tabs.active or "tab-meetings").removeprefix("tab-"))
        tabs.active = f"tab-{TABS[(at + 1) % len(TABS)]}"

    def action_edit_customer(self) -> None:
        from kamtui.tui.dialogs.form import RecordForm
        from kamtui.tui.entities import view_of

        def saved(record: Any) -> None:
            if record is not None:
                self.reload_data()

        self.app.push_screen(RecordForm(view_of("customers"), self.ctx, self.customer), saved)


def _key(name: str) -> str:
    return name.split()[0].lower()


def _g(value: float) -> str:
    return f"{value:g}"


def _opt(value: Any) -> str:
    return "—" if value is None else str(value)
