"""The list screens: SQL statuses agree with the domain, filters, sorts and paging."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from tui_data import TODAY, _save, make_app, portfolio, settle

from kamtui.db.models import Activity, Customer, Invoice, Meeting
from kamtui.domain import derived
from kamtui.tui import listing
from kamtui.tui.entities import (
    activity_status_sql,
    contract_status_sql,
    invoice_status_sql,
    view_of,
)
from kamtui.tui.listing import ListQuery
from kamtui.tui.screens.list_screen import ListScreen
from kamtui.tui.widgets.paged_table import layout


def test_sql_statuses_agree_with_the_domain(db: Any) -> None:
    portfolio()
    cases = [
        ("1000", None, None, "Open", "2026-12-30"),
        ("1000", "1000", None, "Open", "2026-11-01"),
        ("1000", "200", None, "Open", "2026-11-01"),
        ("1000", "200", None, "Open", "2026-12-30"),
        ("1000", "900", "100", "Open", "2026-11-01"),
        (None, None, None, "Paid", "2026-11-01"),
        ("1000", None, None, "Disputed", "2026-11-01"),
        ("1000", "0", "1200", "Open", "2026-11-01"),
    ]
    customer = Customer.get(Customer.name == "Initech")
    for n, (amount, collected, discount, status, due) in enumerate(cases):
        Invoice.create(name=f"i{n}", customer=customer, invoice_amount=amount,
                       amount_collected=collected, discount_applied=discount,
                       payment_status=status, invoice_date=date(2026, 10, 1),
                       invoice_due_date=date.fromisoformat(due))  # fmt: skip
    for invoice in Invoice.select(Invoice, invoice_status_sql(TODAY).alias("sql_status")):
        assert invoice.sql_status == derived.invoice_status(invoice, TODAY), invoice.name
    for activity in Activity.select(Activity, activity_status_sql(TODAY).alias("sql_status")):
        expected = derived.activity_status(activity.status, activity.due_date, TODAY)
        assert activity.sql_status == expected


def test_quick_filters_and_text_filter_in_sql(db: Any) -> None:
    portfolio()
    activities = ListQuery.default(view_of("activities"), TODAY)
    assert activities.with_(quick="overdue").count() == 2  # Send revised…, Chase invoice
    assert activities.with_(quick="done").count() == 1
    assert activities.with_(quick="pending").count() == 1
    # Words match across columns (customer name, status words), all words must match.
    assert activities.with_(text="globex").count() == 2
    assert activities.with_(text="globex overdue").count() == 0
    assert activities.with_(text="acme overdue").count() == 2
    invoices = ListQuery.default(view_of("invoices"), TODAY)
    assert invoices.with_(quick="paid").count() == 1
    assert invoices.with_(quick="overdue").count() == 1
    assert invoices.with_(quick="open").count() == 1
    people = ListQuery.default(view_of("stakeholders"), TODAY)
    assert [r.cells[0] for r in people.with_(quick="departed").page(0, 10)] == ["Bob Jones"]


def test_paging_reads_the_same_rows_forwards_and_backwards(db: Any) -> None:
    portfolio()
    customer = Customer.get(Customer.name == "Initech")
    Activity.insert_many(
        [{"name": f"bulk {i:04d}", "customer": customer.id,
          "due_date": date(2026, 1, 1 + i % 28), "status": "Pending"} for i in range(450)]
    ).execute()  # fmt: skip
    query = ListQuery.default(view_of("activities"), TODAY)
    total = query.count()
    forwards = query.page(0, total)
    assert [r.id for r in query.page(total - 30, 30, total)] == [r.id for r in forwards[-30:]]
    assert [r.id for r in query.page(200, 30, total)] == [r.id for r in forwards[200:230]]
    # Sorted by customer (a joined column), descending.
    by_customer = query.with_(sort=2, descending=True)
    names = [r.cells[2] for r in by_customer.page(0, total, total)]
    assert names == sorted(names, reverse=True)


def test_a_filtered_list_is_sorted_not_walked_along_an_index(db: Any) -> None:
    """A rare word must not make SQLite read the whole table in index order."""
    portfolio()
    customer = Customer.get(Customer.name == "Initech")
    Meeting.insert_many(
        [{"name": f"sync {i:03d}", "customer": customer.id, "status": "Done",
          "date_time": datetime(2026, 1, 1, 9) + timedelta(hours=i)} for i in range(300)]
    ).execute()  # fmt: skip
    meetings = ListQuery.default(view_of("meetings"), TODAY)
    assert view_of("meetings").columns[meetings.sort].key == "date_time"  # indexed

    def plan(query: ListQuery) -> str:
        ids = query._query(Meeting.id).order_by(*query._order(False)).limit(100)
        sql, params = ids.sql()
        return " ".join(row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))

    assert "TEMP B-TREE" not in plan(meetings)  # unfiltered: read in index order, stop early
    for filtered in (meetings.with_(text="sync 1"), meetings.with_(quick="done")):
        assert "TEMP B-TREE FOR ORDER BY" in plan(filtered)
        rows = filtered.page(0, 400)
        stamps = [Meeting.get_by_id(r.id).date_time for r in rows]
        assert stamps == sorted(stamps, reverse=meetings.descending)  # still in order
    assert len(meetings.with_(text="sync").page(0, 400)) == 300


def test_a_filtered_first_page_read_from_the_index_head_is_the_sorted_page(
    db: Any, monkeypatch: Any
) -> None:
    portfolio()
    customer = Customer.get(Customer.name == "Initech")
    Activity.insert_many(
        [{"name": f"bulk {i:03d}" if i % 3 else f"other {i:03d}", "customer": customer.id,
          "status": "Done" if i % 4 else "Pending",
          "due_date": None if i % 7 == 0 else date(2026, 1, 1) + timedelta(days=i % 40)}
         for i in range(300)]
    ).execute()  # fmt: skip
    monkeypatch.setattr(listing, "PROBE", 80)
    activities = ListQuery.default(view_of("activities"), TODAY)
    assert activities._walkable()  # due_date leads an index
    for query in (
        activities.with_(text="bulk"),
        activities.with_(text="bulk", descending=True),
        activities.with_(text="bulk", quick="done"),
        activities.with_(text="other"),  # too few in the first 80 rows: sorted in full
    ):
        probed = query._probe(40)
        # A page over PROBE rows is never probed: the list sorted in full.
        full = [r.id for r in query.page(0, 100)][:40]
        assert [r.id for r in query.page(0, 40)] == full
        if query.text == "bulk":
            assert probed == full  # read from the index's head
    assert activities.with_(text="other")._probe(40) is None


def test_typing_on_narrows_a_list_that_can_only_shrink(db: Any) -> None:
    portfolio()
    activities = ListQuery.default(view_of("activities"), TODAY)
    rene = activities.with_(text="rene")
    assert activities.with_(text="renew").narrows(rene)
    assert activities.with_(text="Acme renew").narrows(rene)  # a word added
    # SQLite's LIKE folds ASCII letters only: another case is read afresh.
    assert not activities.with_(text="RENEW").narrows(rene)
    assert not activities.with_(text="mÜ").narrows(activities.with_(text="mü"))
    assert not rene.narrows(activities.with_(text="renew"))  # shorter: may grow
    assert not rene.narrows(rene)
    assert not activities.with_(text="renew", quick="done").narrows(rene)
    chase = activities.with_(text="chase")
    assert chase.within([]).count() == 0
    ids = [r.id for r in chase.page(0, 10)]
    assert [r.id for r in chase.within(ids).page(0, 10)] == ids


@pytest.fixture
def narrowed(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The ids each filter read was narrowed to (ListQuery.within, spied on)."""
    calls: list[list[int]] = []
    within = ListQuery.within

    def spy(self: ListQuery, ids: list[int]) -> ListQuery:
        calls.append(ids)
        return within(self, ids)

    monkeypatch.setattr(ListQuery, "within", spy)
    return calls


async def _list_screen(pilot: Any, app: Any) -> ListScreen:
    """The list screen the app opened on, once its rows are shown."""
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, ListScreen)
    return screen


async def test_keys_typed_on_in_a_short_list_read_only_its_rows(
    db: Any, narrowed: list[list[int]]
) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        await pilot.press("slash", "s", "e")
        await settle(pilot, app)
        seen = screen.table.total
        await pilot.press(*"nd")
        await settle(pilot, app)
        fresh = ListQuery.default(view_of("activities"), TODAY).with_(text="send")
        assert screen.table.total == fresh.count() < seen
        assert [screen.table._rows[i].id for i in range(screen.table.total)] == [
            r.id for r in fresh.page(0, 100)
        ]
        assert narrowed and len(narrowed[-1]) <= seen  # read among the rows shown
        await pilot.press("backspace")  # a shorter word may match more: read afresh
        await settle(pilot, app)
        assert screen.table.total == fresh.with_(text="sen").count()


async def test_no_narrowing_while_another_read_is_on_its_way(
    db: Any, narrowed: list[list[int]]
) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        await pilot.press("slash", "s", "e")
        await settle(pilot, app)
        narrowed.clear()
        screen._reading = True  # say, a refresh after a change made elsewhere
        await pilot.press("n")
        await settle(pilot, app)
        assert narrowed == [] and not screen._reading
        fresh = ListQuery.default(view_of("activities"), TODAY).with_(text="sen")
        assert screen.table.total == fresh.count()


async def test_a_failed_count_leaves_the_first_page_and_says_so(db: Any, monkeypatch: Any) -> None:
    portfolio()
    customer = Customer.get(Customer.name == "Initech")
    Activity.insert_many(
        [{"name": f"bulk {i:03d}", "customer": customer.id} for i in range(150)]
    ).execute()

    def locked(self: ListQuery) -> int:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(ListQuery, "count", locked)
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        assert screen.ready and screen.table.total == 100  # the first page, usable
        assert "100+ rows (not counted)" in str(screen.query_one("#list-status").render())
        assert any("database is locked" in str(n.message) for n in app._notifications)


def test_layout_gives_spare_room_to_the_flexible_column() -> None:
    columns = view_of("activities").columns
    widths = layout(columns, 120)
    assert sum(widths) + len(widths) - 1 == 120
    assert widths[1] == max(widths)


async def test_filter_sort_and_end_in_the_app(db: Any) -> None:
    portfolio()
    customer = Customer.get(Customer.name == "Initech")
    Activity.insert_many(
        [{"name": f"bulk {i:04d}", "customer": customer.id, "status": "Pending",
          "due_date": date(2027, 1, 1)} for i in range(1234)]
    ).execute()  # fmt: skip
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        assert screen.table.total == 1238  # the first 100 rows showed, then the count
        assert "1,238 rows" in str(screen.query_one("#list-status").render())
        await pilot.press("end")
        await settle(pilot, app)
        last = Activity.select().order_by(Activity.due_date.desc(), Activity.id.desc()).get()
        assert screen.table.cursor == 1237 and screen.table.current.id == last.id
        await pilot.press("slash", *"chase")
        await settle(pilot, app)
        assert screen.table.total == 1
        assert screen.table.current.cells[1] == "Chase invoice"
        await pilot.press("escape")
        await settle(pilot, app)
        assert screen.table.total == 1238
        await pilot.press("f", "f")  # all → pending → overdue
        await settle(pilot, app)
        assert screen.state.quick == "overdue" and screen.table.total == 2
        await pilot.press("s")  # sort by the next column: Activity name
        await settle(pilot, app)
        assert [screen.table._rows[i].cells[1] for i in range(2)] == [
            "Chase invoice",
            "Send revised proposal to Anna",
        ]
        await pilot.press("S")
        await settle(pilot, app)
        assert screen.table.current.cells[1] == "Send revised proposal to Anna"
        await pilot.press("o")  # only this row's customer
        await settle(pilot, app)
        assert screen.state.customer_id == Customer.get(Customer.name == "Acme Corp").id
        assert "only Acme Corp" in str(screen.query_one("#list-status").render())


async def test_the_first_rows_show_while_the_list_is_counted(db: Any) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        state, generation = screen.state, screen._generation
        first = state.page(0, 2)
        screen._loaded(generation, state, None, first, 0, 0)  # a full page, not yet counted
        await pilot.pause()
        status = str(screen.query_one("#list-status").render())
        assert "2+ rows (counting…)" in status and not screen.ready
        assert screen.table.current.id == first[0].id  # usable at once
        screen._counted(generation - 1, 99)  # a stale count is ignored
        assert screen.counting
        screen._counted(generation, 4)
        await pilot.pause()
        assert screen.ready and screen.table.total == 4
        assert "4 rows" in str(screen.query_one("#list-status").render())


async def test_end_while_counting_goes_to_the_real_end_once_counted(db: Any) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        state, generation = screen.state, screen._generation
        screen._loaded(generation, state, None, state.page(0, 2), 0, 0)  # 2 of 4 rows
        await pilot.press("end")
        assert screen.table.cursor == 1  # the end so far
        screen._counted(generation, 4)
        await pilot.pause()
        assert screen.table.cursor == 3


async def test_a_list_catches_up_with_records_saved_on_another_screen(db: Any) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _list_screen(pilot, app)
        await pilot.press("slash", *"follo")
        await settle(pilot, app)
        before = screen.table.total
        await pilot.press("enter", "1")
        await settle(pilot, app)
        _save(Activity, name="Follow up with Globex", customer="Globex")
        await pilot.press("5")  # back: the list reads again, no r needed
        await settle(pilot, app)
        assert screen.table.total == before + 1
        await pilot.press("slash", "end", "w")  # typing on: "follow"
        await settle(pilot, app)
        assert screen.table.total == before + 1


async def test_keys_typed_while_a_list_opens_are_keys_not_filter_text(db: Any) -> None:
    portfolio()
    app = make_app(start="home")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("7", "8")  # Contracts, then at once Metrics
        await settle(pilot, app)
        assert isinstance(app.screen, ListScreen)
        assert app.screen.view.collection == "metrics"
        await pilot.press("7")
        await settle(pilot, app)
        assert app.screen.view.collection == "contracts"  # type: ignore[attr-defined]
        assert app.screen.state.text == ""  # type: ignore[attr-defined]


async def test_detail_lists_related_records(db: Any) -> None:
    portfolio()
    app = make_app(start="contracts")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"acme", "enter")
        await settle(pilot, app)
        await pilot.press("v")
        await settle(pilot, app)
        text = str(app.screen.query_one("#detail-body").query("Static")[1].render())
        assert "Signed" in text and "(+11 days)" in text  # 2024-11-20 → 2024-12-01
        fields = str(app.screen.query_one("#detail-body").query("Static")[0].render())
        assert "$120,000.00" in fields and "['" not in fields
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        await pilot.press("v")  # Anna Smith: her meeting and activity are listed
        await settle(pilot, app)
        tables = app.screen.query("DataTable")
        assert [t.row_count for t in tables] == [1, 1, 1]
        tables.first().focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Meeting" in app.screen.title


async def test_amounts_show_the_currency_setting(db: Any) -> None:
    from tui_data import CTX

    from kamtui.config import Settings
    from kamtui.tui.app import KamtuiApp
    from kamtui.tui.entities import money_text

    portfolio()
    money = [i for i, c in enumerate(view_of("invoices").columns) if c.kind == "money"]
    assert money
    app = KamtuiApp("test.db", CTX, start="invoices", settings=Settings({"currency": "€"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        row = app.screen.table.current
        assert row is not None
        assert all(row.cells[i].startswith("€") for i in money if row.cells[i])
        assert any(row.cells[i] for i in money)
    KamtuiApp("test.db", CTX)  # an app on default settings shows dollars again
    assert money_text(1) == "$1.00"


async def test_escape_clears_every_filter(db: Any) -> None:
    portfolio()
    app = make_app(start="activities")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        total = screen.table.total
        await pilot.press("f", "o", "slash", *"send", "enter")
        await settle(pilot, app)
        state = screen.state
        assert state.quick != "all" and state.customer_id is not None and state.text == "send"
        await pilot.press("escape")
        await settle(pilot, app)
        state = screen.state
        assert (state.text, state.quick, state.customer_id) == ("", "all", None)
        assert screen.table.total == total


def test_an_expired_contract_a_later_one_replaced_shows_as_renewed(db: Any) -> None:
    from tui_data import CTX

    from kamtui.db.models import Contract
    from kamtui.ops.records import save_record

    portfolio()
    for name, expires in (("Old", "2026-06-30"), ("New", "2027-06-30")):
        save_record(Contract, {"name": name, "customer": "Globex", "status": "Active",
                               "expiration_date": expires}, CTX)  # fmt: skip
    save_record(Contract, {"name": "Lapsed", "customer": "Initech", "status": "Active",
                           "expiration_date": "2026-06-30"}, CTX)  # fmt: skip
    status = {
        c.name: c.sql_status
        for c in Contract.select(Contract.name, contract_status_sql(TODAY).alias("sql_status"))
    }
    assert (status["Old"], status["New"], status["Lapsed"]) == ("Renewed", "Active", "Overdue")
    contracts = ListQuery.default(view_of("contracts"), TODAY)
    names = {r.cells[0] for r in contracts.with_(quick="renewed").page(0, 50)}
    assert "Old" in names and "New" not in names and "Lapsed" not in names
    active = {r.cells[0] for r in contracts.with_(quick="active").page(0, 50)}
    assert "New" in active and "Old" not in active


async def test_right_and_left_scroll_the_columns_an_80_column_screen_cuts(db: Any) -> None:
    portfolio()
    app = make_app(start="invoices")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        table = app.screen.table
        row = table.current
        assert row is not None and row.cells[-1]

        def line() -> str:  # the cursor's row, as drawn
            return table.render_line(table.cursor - table.top + 1).text

        assert table.render_line(0).text.rstrip().endswith("▸")
        assert row.cells[-1] not in line()
        for _ in range(len(table.columns)):
            await pilot.press("right")
        await pilot.pause()
        header = table.render_line(0).text
        assert "◂" in header and not header.rstrip().endswith("▸")
        assert row.cells[-1] in line() and line().startswith(row.cells[0][:10])
        await pilot.press(*["left"] * len(table.columns))
        await pilot.pause()
        assert table.column_offset == 0
