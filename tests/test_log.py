"""Logging a meeting with its next steps: the pure ``by DATE`` split, the operation,
and ``kamtui log`` on the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database
from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Customer, Meeting, Stakeholder
from kamtui.domain.next_steps import split_due, step_lines
from kamtui.ops.meetings import log_meeting
from kamtui.ops.records import ValidationError, save_record

THU = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("line", "text", "due"),
    [
        ("Send deck by fri", "Send deck", date(2026, 12, 4)),
        ("Send deck by Friday.", "Send deck", date(2026, 12, 4)),
        ("Book demo by Dec 12", "Book demo", date(2026, 12, 12)),
        ("Book demo by 12/15/2026", "Book demo", date(2026, 12, 15)),
        ("Share notes by +3d", "Share notes", date(2026, 12, 6)),
        ("Ask Anna by phone by tomorrow", "Ask Anna by phone", date(2026, 12, 4)),
        ("- Renewal draft by next monday", "Renewal draft", date(2026, 12, 7)),
        ("Plan kickoff by Jan 15", "Plan kickoff", date(2027, 1, 15)),  # not last January
        ("Chase by yesterday", "Chase", date(2026, 12, 2)),  # asked for: already late
        ("Call by phone", "Call by phone", None),
        ("Review the 3 offers by 5", "Review the 3 offers by 5", None),
        ("Stand by", "Stand by", None),
        ("by fri", "by fri", None),  # nothing left to do: the line stays whole
        ("Nothing dated", "Nothing dated", None),
    ],
)
def test_split_due(line: str, text: str, due: date | None) -> None:
    step = split_due(line, THU)
    assert (step.text, step.due) == (text, due)


def test_split_due_follows_the_date_order() -> None:
    assert split_due("Sign by 03/04/2027", THU, "dmy").due == date(2027, 4, 3)
    assert split_due("Sign by 03/04/2027", THU, "mdy").due == date(2027, 3, 4)


def test_step_lines() -> None:
    assert step_lines("a\n\n  \nb ") == ["a", "b"]
    assert step_lines(["a", "", "b"]) == ["a", "b"]
    assert step_lines(None) == []


# -- the operation ---------------------------------------------------------------------


@pytest.fixture
def acme(db: object, ctx: ParseContext) -> Customer:
    customer = save_record(Customer, {"name": "Acme"}, ctx)
    save_record(Stakeholder, {"name": "Anna Lee", "customer": customer}, ctx)
    other = save_record(Customer, {"name": "Other"}, ctx)
    save_record(Stakeholder, {"name": "Olga", "customer": other}, ctx)
    return customer


THU_CTX = ParseContext(THU, now=datetime(2026, 12, 3, 16, 45))


def test_log_meeting_creates_meeting_and_fups(acme) -> None:
    logged = log_meeting(
        "acme",
        THU_CTX,
        stakeholders=["anna lee"],
        new_stakeholders=["Bob Stone"],
        meeting_type="qbr",
        purpose=["Renewals"],
        mood="4",
        review="Renewal on track",
        next_steps=["Send revised proposal", "Book demo by fri", "", "Ping legal by +7d"],
        owner="Kim",
    )
    meeting = Meeting.get_by_id(logged.meeting.id)
    assert meeting.customer.name == "Acme"
    assert meeting.date_time == datetime(2026, 12, 3, 16, 45)  # ctx.now by default
    assert (meeting.meeting_type, meeting.status, meeting.mood) == ("QBR", "Done", 4)
    assert meeting.purpose == ["Renewals"]
    assert sorted(s.name for s in meeting.stakeholders) == ["Anna Lee", "Bob Stone"]
    assert meeting.next_steps == "Send revised proposal\nBook demo by fri\nPing legal by +7d"
    assert [s.name for s in logged.created_stakeholders] == ["Bob Stone"]
    fups = list(Activity.select().order_by(Activity.id))
    assert [(a.name, a.due_date) for a in fups] == [
        ("Send revised proposal", date(2026, 12, 7)),  # Thu + 2 business days = Mon
        ("Book demo", date(2026, 12, 4)),
        ("Ping legal", date(2026, 12, 10)),
    ]
    for fup in fups:
        assert (fup.type, fup.status, fup.owner) == ("FUP", "Pending", "Kim")
        assert (fup.customer_id, fup.meeting_id) == (acme.id, meeting.id)
    assert [f.due_reason for f in logged.followups] == [
        "2 business days after the meeting",
        "by fri",
        "by +7d",
    ]


def test_business_days_count_from_the_meeting_day(acme) -> None:
    logged = log_meeting(acme, THU_CTX, when="2026-11-27 10:00", next_steps="Recap")  # a Friday
    assert logged.activities[0].due_date == date(2026, 12, 1)  # Fri + 2 = Tue


def test_due_overrides_the_default_but_not_a_lines_own_date(acme) -> None:
    logged = log_meeting(acme, THU_CTX, next_steps=["A", "B by +1d"], due="Dec 18")
    assert [a.due_date for a in logged.activities] == [date(2026, 12, 18), date(2026, 12, 4)]


def test_settings_give_the_owner_and_the_delay(acme) -> None:
    from kamtui.config import parse_settings

    settings = parse_settings({"user": {"name": "Kim"}, "followup": {"business_days": 5}})
    logged = log_meeting(acme, THU_CTX, next_steps=["A"], settings=settings)
    assert (logged.activities[0].owner, logged.activities[0].due_date) == (
        "Kim",
        date(2026, 12, 10),
    )


def test_an_existing_name_given_as_new_is_linked_not_duplicated(acme) -> None:
    logged = log_meeting(acme, THU_CTX, new_stakeholders=["ANNA LEE"])
    assert logged.created_stakeholders == []
    assert Stakeholder.select().where(Stakeholder.customer == acme).count() == 1
    assert [s.name for s in logged.meeting.stakeholders] == ["Anna Lee"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"mood": 7}, "mood"),
        ({"stakeholders": ["Olga"]}, "stakeholders"),  # another customer's person
        ({"next_steps": ["x" * 300]}, "name"),  # the second write fails...
        ({"due": "whenever"}, "due_date"),
        ({"meeting_type": "Party"}, "meeting_type"),
    ],
)
def test_one_bad_value_and_nothing_is_written(acme, kwargs, field) -> None:
    with pytest.raises(ValidationError) as caught:
        log_meeting(acme, THU_CTX, new_stakeholders=["Newbie"], **{"next_steps": ["A"]} | kwargs)
    assert field in caught.value.fields
    # ...and takes the meeting and the new stakeholder with it.
    assert Meeting.select().count() == 0
    assert Activity.select().count() == 0
    assert Stakeholder.get_or_none(Stakeholder.name == "Newbie") is None


# -- kamtui log ------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "cli.db"

    def run(*args: str, today: str = "2026-12-03"):
        result = runner.invoke(main, ["--db", str(db), "--today", today, *args])
        close_database()
        return result

    assert run("add", "customer", "name=Acme").exit_code == 0
    assert run("add", "stakeholder", "name=Anna Lee", "customer=Acme").exit_code == 0
    return run


def test_kamtui_log(cli) -> None:
    result = cli(
        "log", "Acme", "--type", "QBR", "--when", "today 15:00", "--with", "Anna Lee",
        "--new-with", "Bob", "--mood", "4", "--purpose", "Renewals", "--purpose", "expansion",
        "--review", "Good talk", "--next", "Send deck", "--next", "Book demo by fri",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Logged meeting Acme QBR 2026-12-03 (Acme)" in out
    assert "date_time = 2026-12-03 15:00 (Thu 03 Dec 2026 15:00)" in out
    assert "stakeholders = Anna Lee, Bob" in out
    assert "FUP 'Send deck' due 2026-12-07 (Mon 07 Dec 2026)" in out
    assert "FUP 'Book demo' due 2026-12-04 (Fri 04 Dec 2026) [by fri]" in out
    listed = cli("list", "activities", "--json")
    fups = json.loads(listed.output)
    assert [(a["name"], a["due_date"], a["meeting"]) for a in fups] == [
        ("Book demo", "2026-12-04", "Acme QBR 2026-12-03"),
        ("Send deck", "2026-12-07", "Acme QBR 2026-12-03"),
    ]


def test_kamtui_log_json_and_due(cli) -> None:
    result = cli("log", "Acme", "--when", "yesterday 9am", "--next", "A", "--due", "+1w", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["meeting"]["date_time"] == "2026-12-02 09:00:00"
    assert data["meeting"]["customer"] == "Acme"
    assert [a["due_date"] for a in data["activities"]] == ["2026-12-10"]


def test_kamtui_log_errors_are_clean(cli) -> None:
    result = cli("log", "Nobody", "--next", "A")
    assert result.exit_code == 1
    assert "Error: no customer named 'Nobody'" in result.output
    result = cli("log", "Acme", "--mood", "9", "--next", "A")
    assert result.exit_code == 1
    assert "mood '9' is not valid, expected a whole number from 1 to 5" in result.output
    assert "Traceback" not in result.output
    assert json.loads(cli("list", "meetings", "--json").output) == []


def test_by_a_weekday_counts_from_the_meeting_logged_late(acme) -> None:
    logged = log_meeting(
        acme, THU_CTX, when="2026-11-23 10:00", next_steps=["Send deck by fri", "Call by +7d"]
    )  # a Monday, logged ten days later
    assert [f.activity.due_date for f in logged.followups] == [
        date(2026, 11, 27),
        date(2026, 11, 30),
    ]


def test_a_done_log_completes_the_meeting_scheduled_that_day(acme) -> None:
    scheduled = save_record(
        Meeting,
        {"customer": acme, "meeting_type": "QBR", "status": "Scheduled",
         "date_time": "2026-12-03 15:00", "stakeholders": "Anna Lee"},
        THU_CTX,
    )  # fmt: skip
    other_day = save_record(
        Meeting,
        {"customer": acme, "status": "Scheduled", "date_time": "2026-12-10 15:00"},
        THU_CTX,
    )
    logged = log_meeting(acme, THU_CTX, mood=4, next_steps="Send the deck")
    assert logged.completed_scheduled and logged.meeting.id == scheduled.id
    meeting = Meeting.get_by_id(scheduled.id)
    assert (meeting.status, meeting.meeting_type, meeting.mood) == ("Done", "QBR", 4)
    assert meeting.date_time == datetime(2026, 12, 3, 15, 0)  # its time is kept
    assert [s.name for s in meeting.stakeholders] == ["Anna Lee"]
    assert logged.activities[0].meeting_id == scheduled.id
    assert Meeting.get_by_id(other_day.id).status == "Scheduled"
    assert Meeting.select().where(Meeting.customer == acme).count() == 2
    again = log_meeting(acme, THU_CTX, mood=3)  # nothing left scheduled today: a new one
    assert not again.completed_scheduled and again.meeting.id not in (scheduled.id, other_day.id)
