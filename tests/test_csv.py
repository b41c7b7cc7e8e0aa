"""CSV export and import: foreign headings, bad rows, formula guard, round trip."""

from __future__ import annotations

import csv
import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
from kamtui.db.entities import COLLECTIONS
from kamtui.db.fields import ParseContext
from kamtui.db.models import (
    Activity,
    Contract,
    Customer,
    Invoice,
    Meeting,
    Metric,
    Project,
    Stakeholder,
)
from kamtui.exchange.cells import FORMULA_STARTS
from kamtui.exchange.csv_io import CsvError, export_csv, files_in, plan_csv
from kamtui.exchange.json_io import export_document
from kamtui.exchange.loader import ImportFailed
from kamtui.ops.records import save_record

CTX = ParseContext(datetime(2026, 12, 4).date(), now=datetime(2026, 12, 4, 9, 30))


def portfolio() -> None:
    """A small portfolio with every entity and the values CSV finds hard."""
    add = lambda model, **values: save_record(model, values, CTX)  # noqa: E731
    add(
        Customer,
        name="Acme, Inc.",
        tier="A",
        channel="Email, Zoom",
        arr="120000.50",
        contract_start="2025-12-04",
        contract_end="2027-12-04",
        industry="Manufacturing",
        notes='=HYPERLINK("http://evil.example","click")\nline two, with "quotes"',
    )
    add(Customer, name="@Globex", tier="B", cadence="Check-in", notes="-negative start")
    add(Customer, name="Émile & Fils", lifecycle="Onboarding")
    add(
        Stakeholder,
        name="Jane Doe",
        customer="Acme, Inc.",
        buying_level="Decision Maker",
        email="jane@acme.example",
        phone="+44 20 7946 0958",
        linkedin="https://www.linkedin.com/in/janedoe",
    )
    add(
        Stakeholder,
        name="Smith, John",
        customer="Acme, Inc.",
        direct_manager="Jane Doe",
        status="Departed",
    )
    add(Stakeholder, name="Bob", customer="@Globex", role="+CEO")
    add(
        Meeting,
        stakeholders=["Jane Doe", "Smith, John"],
        meeting_type="QBR",
        date_time="2026-11-20 14:30",
        purpose="Renewals, Invoicing",
        mood="4",
        next_steps="Send proposal\r\nBook call",
        review="\tindented",
    )
    add(
        Meeting,
        name="Globex sync",
        customer="@Globex",
        status="Scheduled",
        date_time="2026-12-10 09:00",
    )
    add(
        Project,
        name="Rollout",
        customer="@Globex",
        stakeholders="Bob",
        deadline="2027-03-31",
        responsible="CSM, Support",
        artifact="Jira",
    )
    add(Project, name="Rollout – Spain", customer="@Globex", parent="Rollout")
    add(
        Contract,
        customer="Acme, Inc.",
        status="Active",
        created_at="2026-01-05",
        signed_at="2026-01-15",
        expiration_date="2027-01-14",
        value="50000",
        stakeholders=["Jane Doe"],
    )
    add(Metric, customer="Acme, Inc.", month="2026-11-01", mau="1200", nps="-20", csat="4.5")
    add(
        Invoice,
        customer="Acme, Inc.",
        invoice_date="2026-07-01",
        invoice_due_date="2026-07-31",
        invoice_amount="12000",
        amount_collected="12000",
        billing_contact="Smith, John",
    )
    add(
        Activity,
        name="Send proposal",
        customer="Acme, Inc.",
        stakeholder="Jane Doe",
        meeting=Meeting.get(Meeting.meeting_type == "QBR").name,
        due_date="2026-12-08",
        owner="Ana Lima, Bruno Costa",
    )
    add(Activity, name="Chase invoice", customer="Acme, Inc.", type="FUP", status="Done",
        invoice="AcmeInc-jul26")  # fmt: skip


def test_export_then_reimport_into_an_empty_database_is_identical(tmp_path: Path) -> None:
    open_database(str(tmp_path / "first.db"))
    portfolio()
    original = export_document(CTX.today)
    export_csv(COLLECTIONS, tmp_path / "csv", CTX.today)
    close_database()

    # A spreadsheet-like reader sees every record, and never a formula.
    for path in (tmp_path / "csv").glob("*.csv"):
        assert path.stat().st_mode & 0o777 == 0o600  # customer data: the owner's only
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        collection = path.stem
        assert len(rows) - 1 == len(original[collection]), collection
        for row in rows:
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row), (path, row)

    open_database(str(tmp_path / "second.db"))
    try:
        # Imported at another moment: every timestamp must still come from the files.
        later = ParseContext(CTX.today, now=datetime(2026, 12, 4, 17, 45))
        report = plan_csv(files_in(tmp_path / "csv")).apply(later)
        assert sum(report.created.values()) == sum(len(original[c]) for c in COLLECTIONS)
        assert export_document(CTX.today) == original
        again = plan_csv(files_in(tmp_path / "csv")).apply(later)
        assert sum(again.unchanged.values()) == sum(report.created.values())
    finally:
        close_database()


def test_formula_cells_are_guarded_and_restored(db, tmp_path: Path) -> None:
    portfolio()
    export_csv(["customers", "stakeholders"], tmp_path, CTX.today)
    customers = {r["name"]: r for r in csv.DictReader((tmp_path / "customers.csv").open())}
    assert "'@Globex" in customers
    assert customers["Acme, Inc."]["notes"].startswith("'=HYPERLINK")
    assert customers["'@Globex"]["notes"] == "'-negative start"
    people = {r["name"]: r for r in csv.DictReader((tmp_path / "stakeholders.csv").open())}
    assert people["Jane Doe"]["phone"] == "'+44 20 7946 0958"
    assert people["Bob"]["customer"] == "'@Globex"


FOREIGN = (
    "Company Name;Renewal Date;Account Tier;Segment;Sales Rep;Comments\r\n"
    "Initech;03/04/2027;a;NULL;Ann;\r\n"
    '"Umbrella; Corp";12/31/2026;C;Pharma;Bob;"two\r\nlines"\r\n'
    "Hooli;;B\r\n"
)
MAP = [
    "Company Name=name",
    "Renewal Date=contract_end",
    "Account Tier=tier",
    "Segment=sub_segment",
    "Sales Rep=",
    "Comments=notes",
]


def test_foreign_headings_through_map(db, tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_bytes(b"\xef\xbb\xbf" + FOREIGN.encode())
    report = plan_csv([("customers", path)], dict(m.split("=") for m in MAP)).apply(CTX)
    assert report.created["customers"] == 3
    initech = Customer.get(Customer.name == "Initech")
    assert (initech.tier, initech.sub_segment, str(initech.contract_end)) == (
        "A",
        None,
        "2027-03-04",
    )
    umbrella = Customer.get(Customer.name == "Umbrella; Corp")
    assert umbrella.notes == "two\r\nlines" and umbrella.sub_segment == "Pharma"
    assert Customer.get(Customer.name == "Hooli").tier == "B"  # a short, ragged row


def test_unknown_headings_stop_before_anything_is_read(db, tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text(FOREIGN)
    with pytest.raises(CsvError, match=r"unknown column\(s\) 'Company Name'.*--map"):
        plan_csv([("customers", path)])
    with pytest.raises(CsvError, match="'nme' is not a field of customers"):
        plan_csv([("customers", path)], {"Company Name": "nme"})


def test_bad_rows_reject_everything_or_are_skipped_and_reported(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    good = tmp_path / "good.csv"
    good.write_text("name,tier\nKeep Co,A\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,tier,contract_start,contract_end\n"
                   "New Co,B,2026-01-01,2026-12-31\n"
                   "Bad Tier Co,Z,,\n"
                   "Backwards Co,A,2026-06-01,2026-01-01\n"
                   "Ragged Co,A,,,extra\n")  # fmt: skip

    def run(*args: str) -> object:
        result = CliRunner().invoke(main, ["--db", str(db_path), "--today", "2026-12-04", *args])
        close_database()
        return result

    assert run("import", "csv", "customers", str(good)).exit_code == 0
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    failed = run("import", "csv", "customer", str(bad))
    assert failed.exit_code == 1 and "nothing changed: 3 problem(s)" in failed.output
    assert "bad.csv line 3, column 'tier' (Bad Tier Co): 'Z': expected one of A, B, C" in (
        failed.output
    )
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before

    dry = run("import", "csv", "customers", str(bad), "--dry-run")
    assert dry.exit_code == 1 and "1 would be created" in dry.output
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before

    report = tmp_path / "skipped.csv"
    skipped = run("import", "csv", "customers", str(bad), "--skip-bad", "--report", str(report))
    assert skipped.exit_code == 0, skipped.output
    lines = list(csv.DictReader(report.open()))
    assert [(r["file"], r["line"], r["column"], r["record"]) for r in lines] == [
        ("bad.csv", "5", "", "Ragged Co"),
        ("bad.csv", "3", "tier", "Bad Tier Co"),
        ("bad.csv", "4", "contract_end", "Backwards Co"),
    ]
    assert "after contract_start" in lines[2]["reason"]
    open_database(str(db_path))
    try:
        assert sorted(c.name for c in Customer.select()) == ["Keep Co", "New Co"]
    finally:
        close_database()


def test_import_failed_lists_every_bad_row(db, tmp_path: Path) -> None:
    path = tmp_path / "stakeholders.csv"
    path.write_text("name,customer,email\nAnn,Nobody Inc,ann@x.example\nBen,,not-an-email\n")
    with pytest.raises(ImportFailed) as failure:
        plan_csv([("stakeholders", path)]).apply(CTX)
    problems = failure.value.report.problems
    assert [(p.where, p.field) for p in problems] == [
        ("stakeholders.csv line 2", "customer"),
        ("stakeholders.csv line 3", "email"),
    ]
    assert Stakeholder.select().count() == 0


def test_map_options_on_the_command_line(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    path = tmp_path / "crm.csv"
    path.write_bytes(b"\xef\xbb\xbf" + FOREIGN.encode())
    maps = [arg for m in MAP for arg in ("--map", m)]
    args = ["--db", str(db_path), "--today", "2026-12-04", "import", "csv", "customers"]
    result = CliRunner().invoke(main, [*args, str(path), *maps])
    close_database()
    assert result.exit_code == 0, result.output
    assert "3 were created" in result.output
    unmapped = CliRunner().invoke(main, [*args, str(path)])
    close_database()
    assert unmapped.exit_code == 1 and "unknown column(s) 'Company Name'" in unmapped.output
