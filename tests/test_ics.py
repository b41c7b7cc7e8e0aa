"""The calendar export, read back by icalendar's own parser."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
from kamtui.db.entities import COLLECTIONS
from kamtui.db.models import Customer, Invoice, Meeting
from kamtui.exchange.csv_io import export_csv, files_in, plan_csv
from kamtui.exchange.ics import build_calendar, renewal_window_days
from kamtui.ops.records import save_record
from tests.test_csv import CTX, portfolio


def more() -> None:
    for model, values in (
        (Meeting, {"stakeholders": ["Jane Doe"], "status": "Scheduled",
                   "date_time": "2026-12-15 10:30", "purpose": "Renewals"}),
        (Invoice, {"customer": "@Globex", "invoice_date": "2026-11-01",
                   "invoice_due_date": "2026-12-01", "invoice_amount": "900"}),
        (Customer, {"name": "Gone Co", "lifecycle": "Churned", "tier": "A",
                    "contract_end": "2027-02-01"}),
    ):  # fmt: skip
        save_record(model, values, CTX)


def parse(data: bytes) -> dict[str, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    items = [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]
    return {str(item["summary"]): item for item in items}


def test_every_expected_event_and_todo(db) -> None:
    portfolio()
    more()
    items = parse(build_calendar(CTX.today))
    assert set(items) == {
        "Renewal window opens: Acme, Inc.",
        "Contract ends: Acme, Inc.",
        "Renewal window opens: Acme, Inc. Contract 2026",
        "Contract expires: Acme, Inc. Contract 2026",
        "Invoice due: Globex-nov26 (@Globex)",  # the paid Acme invoice is left out
        "Project deadline: Rollout (@Globex)",  # its subproject has no deadline
        "Globex sync (@Globex)",
        "Acme, Inc. Meeting 2026-12-15 (Acme, Inc.)",  # the Done QBR is left out
        "Send proposal (Acme, Inc.)",  # the Done activity is left out; churned Gone Co too
    }
    renewal = items["Renewal window opens: Acme, Inc."]
    assert renewal.decoded("dtstart") == date(2027, 12, 4) - timedelta(days=180)
    alarms = items["Contract ends: Acme, Inc."].walk("VALARM")
    assert sorted(a.decoded("trigger") for a in alarms) == [timedelta(days=-30), timedelta(-7)]
    meeting = items["Acme, Inc. Meeting 2026-12-15 (Acme, Inc.)"]
    assert meeting.decoded("dtstart") == datetime(2026, 12, 15, 10, 30)
    assert str(meeting["attendee"]) == "mailto:jane@acme.example"
    assert meeting["attendee"].params["CN"] == "Jane Doe"
    todo = items["Send proposal (Acme, Inc.)"]
    assert todo.name == "VTODO" and todo.decoded("due") == date(2026, 12, 8)
    assert all(str(i["uid"]).endswith("@kamtui") for i in items.values())


def test_uids_are_stable_across_exports_and_reimports(tmp_path: Path) -> None:
    open_database(str(tmp_path / "a.db"))
    portfolio()
    first = build_calendar(CTX.today)
    second = build_calendar(CTX.today)
    export_csv(COLLECTIONS, tmp_path / "csv", CTX.today)
    close_database()
    assert first == second
    open_database(str(tmp_path / "b.db"))
    try:
        plan_csv(files_in(tmp_path / "csv")).apply(CTX)
        again = build_calendar(CTX.today)
    finally:
        close_database()
    uids = {s: str(i["uid"]) for s, i in parse(first).items()}
    assert uids == {s: str(i["uid"]) for s, i in parse(again).items()}
    assert len(set(uids.values())) == len(uids)


def test_date_range_and_file_output(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    open_database(str(db_path))
    portfolio()
    close_database()
    out = tmp_path / "kam.ics"
    args = ["--db", str(db_path), "--today", "2026-12-04", "ics", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--from", "2026-12-01", "--to", "2026-12-31"])
    close_database()
    assert result.exit_code == 0, result.output
    assert set(parse(out.read_bytes())) == {
        "Globex sync (@Globex)",
        "Send proposal (Acme, Inc.)",
    }


def test_renewal_windows_per_tier() -> None:
    assert [renewal_window_days(t) for t in ("A", "B", "C", None)] == [180, 120, 90, 90]
