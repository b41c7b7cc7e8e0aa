"""Acting on items: snooze and acknowledge persist and clear themselves; done per kind."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from triage_data import (
    CTX,
    activity,
    at,
    ctx_on,
    customer,
    days,
    invoice,
    items,
    meeting,
    one,
    person,
    project,
)

from kamtui.config import Settings
from kamtui.db.connection import close_database, open_database
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Invoice, Meeting, Project
from kamtui.ops.records import save_record
from kamtui.ops.triage_actions import (
    TriageActionError,
    acknowledge,
    create_follow_up,
    done,
    item_by_id,
    reopen,
    snooze,
)

pytestmark = pytest.mark.usefixtures("db")
SETTINGS = Settings()


def test_snooze_hides_until_the_date_and_survives_a_restart(db_path: Path) -> None:
    activity(customer(), due_date=days(-1))
    item = one("activity_overdue")
    snooze(item, days(3), days(0))
    assert items("activity_overdue") == []
    close_database()
    open_database(str(db_path))
    assert items("activity_overdue", today=days(2)) == []
    hidden = items("activity_overdue", include_hidden=True)
    assert [(i.state, i.snoozed_until) for i in hidden] == [("snoozed", days(3))]
    assert one("activity_overdue", today=days(3)).state == "open"  # back on the day


def test_snooze_must_be_after_today() -> None:
    activity(customer(), due_date=days(-1))
    with pytest.raises(TriageActionError, match="after today"):
        snooze(one("activity_overdue"), days(0), days(0))


def test_acknowledge_holds_until_the_record_changes() -> None:
    acme = customer()
    project(acme, health_status="At Risk")
    acknowledge(one("project_at_risk"), CTX.moment)
    assert items("project_at_risk") == []
    assert items("project_at_risk", today=days(60)) == []  # no expiry by date
    record = Project.get()
    save_record(Project, {"delay_reason": "Vendor late"}, ctx_on(1), record)
    assert one("project_at_risk", today=days(1)).state == "open"


def test_reopen_undoes_a_snooze() -> None:
    activity(customer(), due_date=days(-1))
    item = one("activity_overdue")
    snooze(item, days(5), days(0))
    reopen(item)
    assert one("activity_overdue").state == "open"


def test_item_by_id_finds_todays_item_or_says_how_to_list_them() -> None:
    activity(customer(), due_date=days(-1))
    item = one("activity_overdue")
    assert item_by_id(item.id, days(0), SETTINGS) == item
    with pytest.raises(LookupError, match="kamtui triage --all"):
        item_by_id("activity_overdue:activity:999", days(0), SETTINGS)


def test_done_marks_an_activity_done_with_done_at() -> None:
    activity(customer(), due_date=days(-1))
    assert "marked Done" in done(one("activity_overdue"), CTX, SETTINGS)
    record = Activity.get()
    assert record.status == "Done" and record.done_at == CTX.now
    assert items() == []


def test_done_on_invoice_to_send_sets_the_sent_date() -> None:
    invoice(customer(), invoice_date=days(0), invoice_due_date=days(30), sent_date="")
    done(one("invoice_to_send"), CTX, SETTINGS)
    assert Invoice.get().sent_date == days(0)


def test_done_on_a_meeting_still_scheduled_marks_it_done() -> None:
    meeting(customer(), at(-1), status="Scheduled")
    done(one("meeting_to_update"), CTX, SETTINGS)
    assert Meeting.get().status == "Done"


def test_done_on_a_project_overdue_marks_it_done() -> None:
    project(customer(), deadline=days(-3), status="In Progress")
    done(one("project_overdue"), CTX, SETTINGS)
    assert Project.get().status == "Done"


@pytest.mark.parametrize("kind", ["risk_review", "project_at_risk"])
def test_done_on_a_review_kind_acknowledges_it(kind: str) -> None:
    acme = customer()
    person(acme, buying_level="Budget Owner", status="Departed")
    project(acme, health_status="Blocked")
    item = one(kind)
    said = done(item, CTX, SETTINGS)
    assert said.startswith(f"{item.title} acknowledged") and item.id not in said
    assert items(kind) == [] and items(kind, include_hidden=True)[0].state == "acknowledged"


def test_create_follow_up_links_the_record_and_is_due_in_two_business_days() -> None:
    acme = customer()
    inv = invoice(acme)
    fup = create_follow_up(one("invoice_follow_up"), CTX, SETTINGS)
    assert (fup.type, fup.status, fup.invoice_id, fup.customer_id) == ("FUP", "Pending", inv.id,
                                                                      acme.id)  # fmt: skip
    assert fup.due_date == days(4)  # Friday + 2 business days = Tuesday
    assert fup.name.startswith("Follow up: ")
    with pytest.raises(TriageActionError, match="already pending"):  # f pressed twice
        create_follow_up(one("invoice_follow_up"), CTX, SETTINGS)
    assert Activity.select().where(Activity.name == fup.name).count() == 1


def test_create_follow_up_for_an_activity_copies_its_links(db: Any) -> None:
    acme = customer()
    m = meeting(acme, at(-2))
    activity(acme, meeting=m, due_date=days(-1))
    fup = create_follow_up(one("activity_overdue"), CTX, SETTINGS, name="Ping", due=days(1))
    assert (fup.name, fup.meeting_id, fup.due_date) == ("Ping", m.id, days(1))


def test_snooze_clears_when_the_record_changes() -> None:
    act = activity(customer(), due_date=days(-1))
    snooze(one("activity_overdue"), days(10), days(0))
    later = ParseContext(days(0), now=CTX.now + timedelta(hours=2))
    save_record(Activity, {"notes": "called, no answer"}, later, act)
    assert one("activity_overdue").state == "open"


def test_done_on_an_invoice_follow_up_completes_its_pending_reminder() -> None:
    acme = customer()
    inv = invoice(acme)
    reminder = create_follow_up(one("invoice_follow_up"), CTX, SETTINGS)
    done(one("invoice_follow_up"), CTX, SETTINGS)
    fups = list(Activity.select().where(Activity.invoice == inv))
    assert [(a.id, a.status) for a in fups] == [(reminder.id, "Done")]  # one, not two


def test_follow_up_on_next_steps_without_activity_makes_one_fup_per_step() -> None:
    from kamtui.ops.triage_actions import follow_up

    acme = customer()
    talk = meeting(acme, at(-6), next_steps="Send the deck\nBook the QBR by fri")
    said = follow_up(one("next_steps_without_activity"), CTX, SETTINGS)
    fups = list(Activity.select().where(Activity.meeting == talk).order_by(Activity.id))
    assert [(a.name, a.type, a.status) for a in fups] == [
        ("Send the deck", "FUP", "Pending"),
        ("Book the QBR", "FUP", "Pending"),
    ]
    assert fups[0].due_date == days(4)  # Friday + 2 business days
    assert fups[1].due_date == days(0)  # "by fri" from the meeting (Sat 28 Nov)
    assert said.startswith("2 follow-ups from the next steps")
    assert items("next_steps_without_activity") == []
