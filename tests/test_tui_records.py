"""Pilot tests: real key presses create, edit and delete a record of each entity."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tui_data import TODAY, make_app, portfolio, settle

from kamtui.db.entities import COLLECTIONS
from kamtui.db.models import Activity, Customer, Stakeholder
from kamtui.tui.app import SCREENS_BY_KEY
from kamtui.tui.dialogs.confirm import ConfirmDialog
from kamtui.tui.dialogs.form import RecordForm
from kamtui.tui.screens.list_screen import ListScreen
from kamtui.tui.widgets.field_row import FieldRow

KEY = {collection: key for key, collection in SCREENS_BY_KEY.items()}

# What to type for a new record of each entity (all at Initech, which has nothing),
# then one field to change when editing it, and how to find it in the database.
CREATE: dict[str, list[tuple[str, str]]] = {
    "customers": [("name", "Umbrella"), ("tier", "B")],
    "stakeholders": [("name", "Ivan Petrov"), ("customer", "initech"), ("email", "ivan@ini.com")],
    "meetings": [("customer", "initech"), ("date_time", "2026-12-01 10:00")],
    "activities": [("name", "Send deck"), ("customer", "initech"), ("due_date", "+3d")],
    "projects": [("name", "Data migration"), ("customer", "initech")],
    "contracts": [("customer", "initech"), ("created_at", "2026-11-02"), ("value", "900")],
    "metrics": [("customer", "initech"), ("month", "2026-11-01"), ("mau", "12")],
    "invoices": [("customer", "initech"), ("invoice_date", "2026-11-01"),
                 ("invoice_amount", "1500")],
}  # fmt: skip
EDIT = {
    "customers": ("industry", "Chemicals"),
    "stakeholders": ("role", "CFO"),
    "meetings": ("mood", "5"),
    "activities": ("owner", "Kim"),
    "projects": ("priority", "Low"),
    "contracts": ("value", "950"),
    "metrics": ("nps", "30"),
    "invoices": ("po_number", "PO-77"),
}
FINDER = {"customers": "Umbrella"}


async def type_into(pilot: Any, form: RecordForm, field: str, text: str) -> None:
    """Focus a field's editor and type as a person would (Enter picks a match)."""
    row = form.query_one(f"#row-{field}", FieldRow)
    if row.kind == "select":
        row.editor.focus()
        await pilot.press("enter")
        await pilot.pause()
        # Type-to-search in the open Select overlay, then take the highlight.
        await pilot.press(*text)
        await pilot.press("enter")
        await pilot.pause()
        return
    row.focus_editor()
    await pilot.pause()
    for key in ("ctrl+a", "ctrl+k") if row.kind != "longtext" else ():
        await pilot.press(key)
    await pilot.press(*text)
    await pilot.pause()
    if row.kind == "relation":
        await pilot.press("enter")
        await pilot.pause()


def value_of(record: Any, field: str) -> str:
    value = getattr(record, field)
    if field == "customer":
        return value.name.lower()
    return str(value)


async def open_list(pilot: Any, app: Any, collection: str) -> ListScreen:
    await pilot.press(KEY[collection])
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, ListScreen)
    return screen


async def open_form(pilot: Any, app: Any, collection: str, key: str = "n") -> RecordForm:
    """The form ``key`` opens on ``collection``'s list (``n`` new, ``e`` edit)."""
    await open_list(pilot, app, collection)
    await pilot.press(key)
    await settle(pilot, app)
    form = app.screen
    assert isinstance(form, RecordForm)
    return form


async def isolate(pilot: Any, app: Any, text: str) -> ListScreen:
    await pilot.press("slash", *text, "enter")
    await settle(pilot, app)
    return app.screen


@pytest.mark.parametrize("collection", list(COLLECTIONS))
async def test_create_edit_delete(db: Any, collection: str) -> None:
    portfolio()
    model = COLLECTIONS[collection]
    before = model.select().count()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app, collection)
        await pilot.press("n")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, RecordForm)
        for field, text in CREATE[collection]:
            await type_into(pilot, form, field, text)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen, getattr(app.screen, "query", lambda *_: None)
        assert model.select().count() == before + 1
        record = model.select().order_by(model.id.desc()).get()
        if collection == "activities":
            assert record.due_date == TODAY + timedelta(days=3)
        if collection != "customers":
            assert record.customer.name == "Initech"

        # Edit: find it with the filter, change one field, save.
        screen = await isolate(pilot, app, FINDER.get(collection, "Initech"))
        assert screen.table.total == 1
        assert screen.table.current.id == record.id
        await pilot.press("e")
        await settle(pilot, app)
        field, text = EDIT[collection]
        await type_into(pilot, app.screen, field, text)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        edited = model.get_by_id(record.id)
        assert str(getattr(edited, field)).startswith(text.split(".")[0])
        assert screen.table.cursor == 0

        # Delete, confirming.
        await pilot.press("x")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
        assert model.get_or_none(model.id == record.id) is None
        assert screen.table.total == 0


async def test_failed_save_keeps_what_was_typed(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app, "stakeholders")
        await type_into(pilot, form, "name", "Anna Smith")
        await type_into(pilot, form, "customer", "acme")
        await type_into(pilot, form, "email", "not-an-email")
        email = form.query_one("#row-email", FieldRow)
        assert email.has_class("-invalid")  # checked while typing
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form  # not saved, still open
        assert email.value() == "not-an-email"
        assert form.query_one("#row-name", FieldRow).value() == "Anna Smith"
        assert "email address" in (email.error or "")
        assert app.focused is email.editor  # the first bad field
        assert Stakeholder.select().where(Stakeholder.email == "not-an-email").count() == 0

        # Fix the email: the rule-level problem (name taken at Acme) is now shown.
        await type_into(pilot, form, "email", "anna2@acme.com")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        name = form.query_one("#row-name", FieldRow)
        assert app.screen is form
        assert "not used by another stakeholder" in (name.error or "")
        assert app.focused is name.editor

        # A relation refused by the save: the message goes once the field is edited.
        manager = form.query_one("#row-direct_manager", FieldRow)
        await type_into(pilot, form, "name", "Anna Smyth")
        manager.focus_editor()
        await pilot.press(*"nobody at all")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "existing stakeholder" in (manager.error or "")
        manager.focus_editor()
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        assert manager.error is None and not manager.has_class("-invalid")


async def test_relation_by_type_ahead_and_relative_date(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot, app, "activities")
        await pilot.press("n")
        await settle(pilot, app)
        form = app.screen
        await type_into(pilot, form, "name", "Ask for PO")
        row = form.query_one("#row-customer", FieldRow)
        row.focus_editor()
        await pilot.press(*"lob")  # part of "Globex"
        await pilot.pause()
        assert "Globex" in str(row.editor.options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert row.editor.text == "Globex"
        due = form.query_one("#row-due_date", FieldRow)
        due.focus_editor()
        await pilot.press(*"+3d")
        await pilot.pause()
        assert "Mon 07 Dec 2026" in str(due.query_one(".field-note").render())
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    made = Activity.get(Activity.name == "Ask for PO")
    assert made.customer.name == "Globex"
    assert made.due_date == date(2026, 12, 7)


async def test_new_stakeholder_inline_from_a_meeting(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot, app, "meetings")
        await pilot.press("n")
        await settle(pilot, app)
        meeting_form = app.screen
        await type_into(pilot, meeting_form, "customer", "globex")
        people = meeting_form.query_one("#row-stakeholders", FieldRow)
        people.focus_editor()
        await pilot.press(*"Dana New")
        await pilot.pause()
        await pilot.press("enter")  # no match: "new… Dana New" is the only choice
        await settle(pilot, app)
        assert isinstance(app.screen, RecordForm) and app.screen is not meeting_form
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is meeting_form
        assert people.editor.text == "Dana New"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    dana = Stakeholder.get(Stakeholder.name == "Dana New")
    assert dana.customer.name == "Globex"
    assert [m.customer.name for m in dana.meetings] == ["Globex"]


async def test_refuses_to_delete_a_customer_with_records(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app, "customers")
        assert screen.table.current.cells[0] == "Acme Corp"
        await pilot.press("x")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.refusal
        assert "2 stakeholders" in dialog.question and "Cannot delete" in dialog.question
        await pilot.press("y")  # not an answer to a refusal
        await pilot.press("escape")
        await settle(pilot, app)
    assert Customer.get_or_none(Customer.name == "Acme Corp") is not None


async def test_escape_asks_before_discarding_and_q_asks_before_quitting(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot, app, "customers")
        await pilot.press("n")
        await settle(pilot, app)
        await pilot.press(*"Half typed")
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, RecordForm)
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "unsaved" in app.screen.question
        await pilot.press("n")
        await settle(pilot, app)
        assert app.is_running


async def test_done_marks_activity_and_invoice(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(pilot, app, "activities")
        await isolate(pilot, app, "deck")
        assert screen.table.current.cells[1] == "Prepare QBR deck"
        await pilot.press("d")
        await settle(pilot, app)
        assert "Done" in screen.table.current.cells[4]
        screen = await open_list(pilot, app, "invoices")
        await isolate(pilot, app, "Acme")
        await pilot.press("d")
        await settle(pilot, app)
        assert "Paid" in screen.table.current.cells[2]
    task = Activity.get(Activity.name == "Prepare QBR deck")
    assert task.status == "Done" and task.done_at is not None


async def test_editing_a_meetings_attendees_offers_its_customers_people(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app, "meetings", "e")
        customer = form.record.customer.name
        people = form.query_one("#row-stakeholders", FieldRow)
        people.focus_editor()
        await pilot.press("end", *", a")  # the customer row is read-only: no editor
        await settle(pilot, app)
        assert app.is_running and app.screen is form
        offered = [str(o.prompt) for o in people.editor.options.options]
        assert offered[0].endswith(f"({customer})")  # the meeting's customer's people first


async def test_a_record_saved_elsewhere_meanwhile_asks_before_overwriting(db: Any) -> None:
    from datetime import datetime

    from tui_data import CTX

    from kamtui.db.fields import ParseContext
    from kamtui.ops.records import save_record

    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot, app, "customers")
        listing = await isolate(pilot, app, "initech")
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, RecordForm)
        await type_into(pilot, form, "notes", "mine")
        later = ParseContext(CTX.today, now=datetime(2026, 12, 4, 11, 0))
        save_record(Customer, {"tier": "A"}, later, Customer.get(Customer.name == "Initech"))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)  # not saved yet: asked
        assert Customer.get(Customer.name == "Initech").notes != "mine"
        await pilot.press("n")  # keep editing: the typing is still there
        await settle(pilot, app)
        assert app.screen is form and "mine" in str(form.values().get("notes"))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("y")  # save mine
        await settle(pilot, app)
        assert app.screen is listing
    assert Customer.get(Customer.name == "Initech").notes == "mine"


async def test_tab_in_a_relation_takes_the_match_and_moves_on(db: Any) -> None:
    portfolio()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, app, "activities")
        row = form.query_one("#row-customer", FieldRow)
        row.focus_editor()
        await pilot.press(*"lob", "tab")
        await pilot.pause()
        assert row.editor.text == "Globex" and row.editor.selected_id() is not None
        assert app.focused is not row.editor.input
