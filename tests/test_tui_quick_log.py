"""The quick meeting log (``m``): real key presses, checked in the database."""

from __future__ import annotations

from typing import Any

from tui_data import CTX, TODAY, portfolio
from tui_harness import Harness, settle

from kamtui.config import Settings
from kamtui.dates import add_business_days
from kamtui.db.models import Activity, Customer, Meeting, Stakeholder
from kamtui.domain.triage import triage
from kamtui.tui.dialogs.quick_log import QuickLog
from kamtui.tui.screens.account360 import Account360

#: Keys that are not the text typed into a field: what the 15-keystroke budget counts.
SPECIAL = {"m", "space", "tab", "shift+tab", "enter", "ctrl+s", "escape", "1", "2", "3", "4", "5"}


def _acme() -> Customer:
    return Customer.get(Customer.name == "Acme Corp")


def _on_acme(app: Any) -> Account360:
    return Account360(_acme().id, app.ctx)


async def _open_log(pilot: Any) -> Any:
    """Press m once the screen below is ready; the quick log dialog."""
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    return pilot.app.screen


def _cadence_items(customer: str) -> list[Any]:
    return [
        i for i in triage(TODAY, Settings(), kinds=["cadence_overdue"]) if i.customer == customer
    ]


class Keys:
    """Presses keys through the pilot and counts the ones that are not text."""

    def __init__(self, pilot: Any) -> None:
        self.pilot = pilot
        self.count = 0

    async def key(self, *keys: str) -> None:
        for key in keys:
            assert key in SPECIAL, key
            self.count += 1
            await self.pilot.press(key)
            await self.pilot.pause()

    async def text(self, text: str) -> None:
        # Typed text is free; a newline between next steps is text too.
        for char in text:
            await self.pilot.press("enter" if char == "\n" else char)
        await self.pilot.pause()


async def test_cadence_call_with_two_next_steps_creates_the_meeting_and_its_fups(db: Any) -> None:
    portfolio()
    assert _cadence_items("Acme Corp"), "the test data should have Acme's cadence overdue"
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = Keys(pilot)
        await keys.key("m")
        await settle(pilot)
        assert isinstance(app.screen, QuickLog)
        await keys.key("space", "tab", "4", "tab")  # attendee, mood, to review
        await keys.text("Walked through the renewal")
        await keys.key("tab")  # to next steps
        await keys.text("Send the deck\nBook the QBR by fri")
        await keys.key("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLog)
    assert keys.count <= 15
    meeting = Meeting.select().where(Meeting.review == "Walked through the renewal").get()
    assert meeting.customer.name == "Acme Corp"
    assert (meeting.meeting_type, meeting.status, meeting.mood) == ("Cadence", "Done", 4)
    assert meeting.date_time == CTX.moment.replace(second=0)
    assert [s.name for s in meeting.stakeholders] == ["Anna Smith"]
    fups = list(Activity.select().where(Activity.meeting == meeting).order_by(Activity.id))
    assert [(a.name, a.type, a.status) for a in fups] == [
        ("Send the deck", "FUP", "Pending"),
        ("Book the QBR", "FUP", "Pending"),
    ]
    assert fups[0].due_date == add_business_days(TODAY, 2)
    assert fups[1].due_date.weekday() == 4 and fups[1].due_date > TODAY
    assert _cadence_items("Acme Corp") == []


async def test_the_cadence_call_budget_is_counted(db: Any) -> None:
    """The shortest cadence log: open, tick one attendee, mood, one next step, save."""
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = Keys(pilot)
        await keys.key("m", "space", "tab", "3", "tab", "tab")
        await keys.text("Send the usage report")
        await keys.key("ctrl+s")
        await settle(pilot)
    assert keys.count == 7
    fup = Activity.get(Activity.name == "Send the usage report")
    assert fup.meeting.mood == 3 and fup.customer.name == "Acme Corp"


async def test_customer_by_type_ahead_offers_its_active_people_first(db: Any) -> None:
    portfolio()
    app = Harness(lambda a: QuickLog(a.ctx), CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"acm")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, QuickLog)
        assert dialog.customer_id() == _acme().id
        attendees = dialog.query_one("#ql-attendees")
        labels = [str(attendees.get_option_at_index(i).prompt) for i in range(2)]
        assert labels[0].startswith("Anna Smith") and "(Departed)" in labels[1]
        assert app.focused is attendees


async def test_new_attendee_and_when_typed_in_words(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_log(pilot)
        dialog.query_one("#ql-new").focus()
        await pilot.press(*"Dana Lee")
        dialog.query_one("#ql-when").focus()
        await pilot.press(*"yesterday 15:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
    meeting = Meeting.select().order_by(Meeting.id.desc()).get()
    assert meeting.date_time.isoformat() == "2026-12-03T15:00:00"
    assert [s.name for s in meeting.stakeholders] == ["Dana Lee"]
    assert Stakeholder.get(Stakeholder.name == "Dana Lee").customer.name == "Acme Corp"


async def test_a_bad_time_keeps_everything_typed(db: Any) -> None:
    portfolio()
    before = Meeting.select().count()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_log(pilot)
        dialog.query_one("#ql-next").focus()
        await pilot.press(*"Send the deck")
        dialog.query_one("#ql-when").focus()
        await pilot.press(*"someday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "When" in str(dialog.query_one("#ql-errors").render())
        assert dialog.values()["next_steps"] == "Send the deck"
        await pilot.press("backspace")  # editing: the old complaint goes
        await pilot.pause()
        assert str(dialog.query_one("#ql-errors").render()).strip() == ""
    assert Meeting.select().count() == before


def test_quick_log_snapshot(db: Any, snap_compare: Any) -> None:
    portfolio()

    async def run_before(pilot: Any) -> None:
        await _open_log(pilot)
        await pilot.press("space", "tab", "4", "tab")
        await pilot.press(*"Renewal on track")

    app = Harness(_on_acme, CTX)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_mood_number_keys_work_outside_the_mood_row(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = Keys(pilot)
        await keys.key("m", "space", "4")  # focus is on the attendees, not the mood row
        assert app.screen.focused.id == "ql-attendees"
        await keys.key("tab", "tab", "tab")  # mood row, review, next steps
        await keys.text("Send the usage report")
        await keys.key("ctrl+s")
        await settle(pilot)
    assert Activity.get(Activity.name == "Send the usage report").meeting.mood == 4


async def test_a_bad_time_is_explained_and_the_field_keeps_its_width(db: Any) -> None:
    portfolio()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_log(pilot)
        when = dialog.query_one("#ql-when")
        when.focus()
        await pilot.press(*"yesterday 25:00")
        await pilot.pause()
        note = str(dialog.query_one("#ql-when-note").render())
        assert "a time of day after 'yesterday'" in note
        assert when.size.width >= 20
        # Digits typed into a text field stay text: they do not set the mood.
        assert dialog.values()["mood"] is None


async def test_logging_the_day_of_a_scheduled_meeting_completes_it(db: Any) -> None:
    from datetime import datetime

    from kamtui.ops.records import save_record

    portfolio()
    scheduled = save_record(
        Meeting,
        {"customer": "Acme Corp", "meeting_type": "QBR", "status": "Scheduled",
         "date_time": "2026-12-04 15:00", "stakeholders": "Anna Smith"},
        CTX,
    )  # fmt: skip
    before = Meeting.select().count()
    app = Harness(_on_acme, CTX)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_log(pilot)
        note = str(dialog.query_one("#ql-completes").render())
        assert "Completes the QBR scheduled at 15:00" in note
        assert list(dialog.query_one("#ql-attendees").selected) == [_acme_person("Anna Smith")]
        assert dialog.query_one("#ql-type").value == "QBR"
        await pilot.press("4", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLog)
    assert Meeting.select().count() == before
    done = Meeting.get_by_id(scheduled.id)
    assert (done.status, done.mood, done.date_time) == ("Done", 4, datetime(2026, 12, 4, 15, 0))


def _acme_person(name: str) -> int:
    return Stakeholder.get(Stakeholder.name == name, Stakeholder.customer == _acme()).id
