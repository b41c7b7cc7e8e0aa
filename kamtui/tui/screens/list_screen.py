"""The one list screen, driven by an entity's description (:mod:`kamtui.tui.entities`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from kamtui.db.entities import counted
from kamtui.db.fields import ParseContext
from kamtui.db.models import BaseModel, Customer, database
from kamtui.db.watch import data_token
from kamtui.ops.done import mark_done
from kamtui.ops.records import DependentsError, delete_record, delete_warning, dependents, label
from kamtui.tui.dialogs.confirm import ConfirmDialog
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.entities import EntityView
from kamtui.tui.listing import ListQuery, Row
from kamtui.tui.widgets.key_bar import KeyBar
from kamtui.tui.widgets.paged_table import BLOCK, PagedTable
from kamtui.tui.workers import ReportsWorkerErrors


class FilterBox(Input):
    """The ``/`` filter: its footer says how to get back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Back to the list", id="filter.done"),
        Binding("escape", "screen.clear", "Clear the filter", id="filter.clear"),
    ]


class ListScreen(ReportsWorkerErrors, Screen[None]):
    """Browse, filter, sort and edit every record of one entity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="list.new"),
        Binding("e", "edit", "Edit", id="list.edit"),
        Binding("enter", "open", "Open", show=False, id="list.open"),
        Binding("v", "detail", "View", show=False, id="list.detail"),
        Binding("x", "delete", "Delete", id="list.delete"),
        Binding("d", "done", "Done", id="list.done"),
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("f", "quick", "Quick filter", key_display="f", id="list.quick"),
        Binding("o", "only_customer", "Only this customer", show=False, id="list.customer"),
        Binding("s", "sort", "Sort", id="list.sort"),
        Binding("S", "reverse", "Reverse sort", show=False, id="list.reverse"),
        Binding("r", "reload", "Reload", show=False, id="list.reload"),
        Binding("escape", "clear", "Clear filters", show=False, id="list.clear"),
    ]

    def __init__(self, view: EntityView, ctx: ParseContext) -> None:
        super().__init__(id=f"list-{view.collection}")
        self.view = view
        self.ctx = ctx
        self.state = ListQuery.default(view, ctx.today)
        #: The query whose rows the table shows (tests and the benchmark wait on it).
        self.shown: ListQuery | None = None
        self._generation = 0
        #: True while the rows shown are the first page of a list still being counted.
        self.counting = False
        #: True from a reload until its rows and count are shown.
        self._reading = False
        #: The count of the list shown failed (its first page is shown).
        self._uncounted = False
        #: The data as it was when the latest reload began, and when the rows shown
        #: were read (see :meth:`reload`).
        self._read_token: object = None
        self._shown_token: object = None
        self._customer_name = ""
        self.title = view.title

    #: The table has the keys from the first frame: keys typed while the screen
    #: opens must not land in the (hidden) filter box.
    AUTO_FOCUS = "#table"

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("", id="list-status")
        box = FilterBox(placeholder="filter: words to find in the visible columns", id="filter")
        box.display = False
        yield box
        yield PagedTable(self.view.columns, id="table")
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.reload(cursor=0)

    def on_screen_resume(self) -> None:
        # Back from another screen where records may have been saved: catch up.
        if self.shown is not None and data_token(database.obj) != self._shown_token:
            self.reload()

    # -- loading ------------------------------------------------------------------

    def reload(self, cursor: int | None = None) -> None:
        """Re-read the count and the page under the cursor, off the event loop."""
        # Typing on in the filter of a short list looks only among the rows shown:
        # no scan of the table for each key once the list fits on a page. Not while
        # another read is on its way (a refresh after a change elsewhere, say): the
        # rows shown may be older than the data.
        read = state = self.state
        token = data_token(database.obj)
        settled = self.shown is not None and not self._reading and token == self._shown_token
        known = self.table.every_row() if settled else None
        if known is not None and len(known) < BLOCK and state.narrows(self.shown):  # type: ignore[arg-type]
            read = state.within([row.id for row in known])
        self._generation += 1
        self._reading = True
        self._read_token = token
        generation = self._generation
        want = self.table.cursor if cursor is None else cursor

        def load() -> None:
            if want >= BLOCK:
                total = read.count()
                at = max(min(want, total - 1), 0)
                start = at // BLOCK * BLOCK
                rows = read.page(start, BLOCK, total)
                self.app.call_from_thread(self._loaded, generation, state, total, rows, start, at)
                return
            # The first page needs no count to be read (a filter key, a sort): its rows
            # go on screen first, and the count (a second scan of the table) follows,
            # unless the page held the whole list.
            pool = ThreadPoolExecutor(1)
            counting = pool.submit(read.count)
            pool.shutdown(wait=False)
            rows = read.page(0, BLOCK)
            at = max(min(want, len(rows) - 1), 0)
            if len(rows) < BLOCK:
                self.app.call_from_thread(self._loaded, generation, state, len(rows), rows, 0, at)
                return
            self.app.call_from_thread(self._loaded, generation, state, None, rows, 0, at)
            try:
                total = counting.result()
            except Exception:
                self.app.call_from_thread(self._counted, generation, None)
                raise  # the worker's error is reported as a message
            self.app.call_from_thread(self._counted, generation, total)

        self.run_worker(load, thread=True, group="reload", exit_on_error=False)

    def _loaded(
        self,
        generation: int,
        state: ListQuery,
        total: int | None,
        rows: list[Row],
        start: int,
        at: int,
    ) -> None:
        """Show ``rows``; a ``total`` of None means it is still being counted."""
        if generation != self._generation:
            return
        self.table.sort = (state.sort, state.descending)
        self.table.load(
            state.page, len(rows) if total is None else total, rows, start, at,
            provisional=total is None,
        )  # fmt: skip
        self._shown_token = self._read_token  # a stale generation returned above
        self.counting = total is None
        self._reading = self.counting
        self._uncounted = False
        self.shown = state
        self._show_status()

    def _counted(self, generation: int, total: int | None) -> None:
        """The list's size (None: the count failed, the first page stays as it is)."""
        if generation != self._generation:
            return
        if total is not None:
            self.table.set_total(total)
        self.counting = self._reading = False
        self._uncounted = total is None
        self._show_status()

    @property
    def ready(self) -> bool:
        """True once the table shows the current query, its visible rows and its size."""
        return self.shown == self.state and not self.table.loading and not self.counting

    def _show_status(self) -> None:
        state = self.state
        total = self.table.total
        if self.counting or self._uncounted:
            how = "counting…" if self.counting else "not counted"
            parts = [f"{self.view.title}: {total:,}+ rows ({how})"]
        else:
            parts = [f"{self.view.title}: {total:,} row{'s' * (total != 1)}"]
        if state.quick != "all":
            parts.append(f"showing {state.quick}")
        if state.customer_id is not None:
            parts.append(f"only {self._customer_name}")
        if state.text:
            parts.append(f"matching “{state.text}”")
        column = self.view.columns[state.sort]
        parts.append(f"sorted by {column.label} {'▼' if state.descending else '▲'}")
        self.query_one("#list-status", Static).update(" · ".join(parts))

    # -- helpers --------------------------------------------------------------------

    def _change(self, **changes: object) -> None:
        self.state = self.state.with_(**changes)
        self.reload(cursor=0)

    def current_record(self) -> BaseModel | None:
        row = self.table.current
        if row is None:
            return None
        return self.view.model.get_or_none(self.view.model.id == row.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.view.done_label is not None
        if action == "quick":
            return bool(self.view.quick_filters)
        if action == "only_customer":
            return self.view.has_customer
        return True

    # -- actions ----------------------------------------------------------------------

    def action_new(self) -> None:
        prefill = {}
        if self.state.customer_id is not None and self.view.model is not Customer:
            prefill["customer"] = Customer.get_or_none(Customer.id == self.state.customer_id)
        self.app.push_screen(RecordForm(self.view, self.ctx, prefill=prefill), self._saved)

    def focused_customer_id(self) -> int | None:
        """The customer of the highlighted row (``m`` and ``c`` act on it)."""
        row = self.table.current
        return row.customer_id if row is not None else None

    def action_open(self) -> None:
        """Enter: a customer opens its 360, any other record its form."""
        row = self.table.current
        if self.view.model is Customer:
            from kamtui.tui.navigation import open_360

            if row is not None:
                open_360(self.app, row.id)
        else:
            self.action_edit()

    def action_edit(self) -> None:
        record = self.current_record()
        if record is not None:
            self.app.push_screen(RecordForm(self.view, self.ctx, record), self._saved)

    def _saved(self, record: BaseModel | None) -> None:
        if record is not None:
            self.notify(f"Saved {label(record)}")
            self.reload()
        self.table.focus()

    def action_detail(self) -> None:
        record = self.current_record()
        if record is not None:
            from kamtui.tui.screens.detail import DetailScreen

            self.app.push_screen(DetailScreen(record, self.ctx))

    def action_delete(self) -> None:
        record = self.current_record()
        if record is None:
            return
        counts = dependents(record)
        what = label(record)
        if counts:
            listed = ", ".join(counted(n, name) for name, n in counts.items())
            self.app.push_screen(
                ConfirmDialog(
                    f"Cannot delete {what}: it has {listed}.\nDelete or move those first.",
                    refusal=True,
                )
            )
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                delete_record(record)
            except DependentsError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(f"Deleted {what}")
            self.reload()

        self.app.push_screen(
            ConfirmDialog(f"Delete {what}?\n{delete_warning(record)}", yes="Delete"), answered
        )

    def action_done(self) -> None:
        record = self.current_record()
        if record is None or self.view.done_label is None:
            return
        mark_done(record, self.ctx)
        self.notify(f"{label(record)}: {self.view.done_label}")
        self.reload()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        self._change(text=event.value.strip())

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_clear(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        box.display = False
        state = self.state
        if state.text or state.quick != "all" or state.customer_id is not None:
            self._change(text="", quick="all", customer_id=None)
        self.table.focus()

    def action_quick(self) -> None:
        names = list(self.view.quick_filters)
        following = names[(names.index(self.state.quick) + 1) % len(names)]
        self._change(quick=following)

    def action_only_customer(self) -> None:
        if self.state.customer_id is not None:
            self._change(customer_id=None)
            return
        row = self.table.current
        if row is None or row.customer_id is None:
            return
        self.show_customer(row.customer_id)

    def show_customer(self, customer_id: int | None) -> None:
        """Show only ``customer_id``'s records (None: everyone's)."""
        customer = Customer.get_or_none(Customer.id == customer_id) if customer_id else None
        self._customer_name = customer.name if customer else ""
        self._change(customer_id=customer.id if customer else None)

    def action_sort(self) -> None:
        self._change(sort=(self.state.sort + 1) % len(self.view.columns), descending=False)

    def action_reverse(self) -> None:
        self._change(descending=not self.state.descending)

    def action_reload(self) -> None:
        self.reload()

    @on(PagedTable.HeaderClicked)
    def _header_clicked(self, event: PagedTable.HeaderClicked) -> None:
        if event.column == self.state.sort:
            self._change(descending=not self.state.descending)
        else:
            self._change(sort=event.column, descending=False)
