"""Importing Notion exports built here the way Notion writes them.

A zip holding a ``-Part-1.zip``; one CSV per database (UTF-8 with a BOM, CRLF,
quoted multi-line cells), ``_all.csv`` next to a view's CSV that holds fewer
rows; a ``.md`` page per row; relations as Notion links (URL and relative
Markdown forms) with commas and parentheses in titles; every date form Notion
writes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
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
from kamtui.exchange.loader import ImportFailed
from kamtui.exchange.notion import plan_notion

DB_IDS = {
    name: hashlib.md5(name.encode()).hexdigest()
    for name in (
        "Customers",
        "Stakeholders",
        "Meetings",
        "Activities & Tasks",
        "Projects",
        "Contracts",
        "Adoption & Success Metrics",
        "Accounts Receivable",
    )
}


def page_id(db: str, title: str) -> str:
    return hashlib.md5(f"{db}/{title}".encode()).hexdigest()


def url_link(db: str, title: str) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in title).split())
    return f"{title} (https://www.notion.so/{slug}-{page_id(db, title)}?pvs=21)"


def md_link(db: str, title: str) -> str:
    return f"{title} (../{quote(db)}%20{DB_IDS[db]}.md)"


def page_link(db: str, title: str) -> str:
    """The relative link to the page itself, as Notion writes it inside a database."""
    return f"{title} (../{quote(db)}%20{DB_IDS[db]}/{quote(title)}%20{page_id(db, title)}.md)"


TABLES: dict[str, list[list[str]]] = {
    "Customers": [
        ["Name", "Contract Start", "Contract End", "Industry", "Cadence", "Channel", "Tier",
         "Region", "Stakeholders", "Notes"],
        ["Acme, Inc.", "December 4, 2025", "12/04/2027", "Manufacturing", "high",
         "Email, Zoom", "A", "EMEA", "Jane Doe (../Stakeholders%20x.md)", "Key logo"],
        ["Globex", "January 1, 2026 → December 31, 2026", "", "Energy", "Check-in",
         "WhatsApp", "b", "", "", ""],
    ],
    "Stakeholders": [
        ["Name", "Customer", "Role", "Buying Level", "Email", "LinkedIn", "Status", "Phone",
         "Direct Manager", "Birthday", "Meetings"],
        ["Jane Doe", url_link("Customers", "Acme, Inc."), "CFO", "decision maker",
         "jane@acme.example", "https://www.linkedin.com/in/janedoe", "Active",
         "+1 555 0100", "", "March 3", ""],
        ["Smith, John", page_link("Customers", "Acme, Inc."), "Ops Lead", "Influencer",
         "john@acme.example", "", "On Leave", "", url_link("Stakeholders", "Jane Doe"), "", ""],
        ["Bob Stone", md_link("Customers", "Globex"), "CEO", "Budget Owner", "", "",
         "Active", "", "", "", ""],
    ],
    "Meetings": [
        ["Name", "Date/Time", "Status", "Stakeholders", "Purpose / Goal", "Meeting Type",
         "Next Steps", "Review", "Mood", "Activities & Tasks"],
        ["Acme QBR", "Dec 4, 2026 2:30 PM", "Done",
         f"{url_link('Stakeholders', 'Jane Doe')}, {url_link('Stakeholders', 'Smith, John')}",
         "Renewals, invoicing", "QBR", "Send proposal\r\nBook follow-up",
         "Went well.\r\nPricing discussed.", "4", ""],
        ["Globex kickoff", "November 5, 2025 6:00 AM (PST) → 7:30 AM", "scheduled",
         md_link("Stakeholders", "Bob Stone"), "Projects", "Onboarding", "", "", "", ""],
    ],
    "Activities & Tasks": [
        ["Activity", "Type", "Status", "Due Date", "Customer", "Stakeholder", "Meeting",
         "Project", "Owner", "Notes", "Done", "Created time"],
        ["Send proposal", "FUP", "Pending", "December 8, 2026", url_link("Customers", "Acme, Inc."),
         url_link("Stakeholders", "Jane Doe"), url_link("Meetings", "Acme QBR"), "",
         "Ana Lima, Bruno Costa", "Include the \"gold\" tier", "No",
         "December 4, 2026 3:05 PM"],
        ["Call Bob", "Call", "Pending", "Dec 1, 2026", md_link("Customers", "Globex"),
         md_link("Stakeholders", "Bob Stone"), "", url_link("Projects", "Rollout (EU)"),
         "Ana Lima", "", "Yes", "November 30, 2026 10:00 AM"],
    ],
    "Projects": [
        ["Name", "Customer", "Stakeholders", "Status", "Priority", "Deadline",
         "Expected Results", "Responsible", "Artifact", "Subtask / Parent Task", "Created At"],
        ["Rollout (EU)", md_link("Customers", "Globex"), md_link("Stakeholders", "Bob Stone"),
         "In Progress", "High", "2027/03/31", "Live in 3 countries", "CSM, Support",
         "Jira, Email", "", "October 1, 2026 9:00 AM"],
        ["Rollout (EU) – Spain", md_link("Customers", "Globex"), "", "Not Started", "Mid",
         "04/30/2027", "", "CSM", "", url_link("Projects", "Rollout (EU)"),
         "October 2, 2026 9:00 AM"],
    ],
    "Contracts": [
        ["Name", "Customer", "Stakeholders", "Status", "Created at", "Internally approved at",
         "Externally approved at", "Signed at", "Expiration date", "Penalties"],
        ["Acme MSA 2026", url_link("Customers", "Acme, Inc."),
         f"{url_link('Stakeholders', 'Jane Doe')}, {url_link('Stakeholders', 'Smith, John')}",
         "Active", "Jan 5, 2026", "January 6, 2026", "01/10/2026", "January 15, 2026",
         "January 14, 2027", "2% per day late"],
    ],
    "Adoption & Success Metrics": [
        ["Name", "Customer", "Month", "MAU (Monthly Active Users)",
         "Activation (% of active licenses vs contracted)", "NPS", "CSAT", "Comment"],
        ["Acme 2026-11", url_link("Customers", "Acme, Inc."), "November 1, 2026", "1,200",
         "48%", "-20", "4.5", "Seasonal dip"],
    ],
    "Accounts Receivable": [
        ["Invoice Name", "Customer", "Billing Contact", "Invoice Date", "Invoice Due Date",
         "Invoice Amount", "Amount Collected", "Payment Status", "PO Number"],
        ["AcmeInc-jul26", url_link("Customers", "Acme, Inc."),
         url_link("Stakeholders", "Smith, John"), "July 1, 2026", "July 31, 2026",
         "$12,000.00", "$12,000.00", "paid", "4500012345"],
    ],
}  # fmt: skip


def notion_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def export_files(tables: dict[str, list[list[str]]] | None = None) -> dict[str, bytes]:
    """The files of a Notion export: database CSVs (view + _all) and row pages."""
    tables = tables or TABLES
    files: dict[str, bytes] = {"KAM Hub 11111111111111111111111111111111.md": b"# KAM Hub\n"}
    for db, rows in tables.items():
        folder = f"KAM Hub 11111111111111111111111111111111/{db} {DB_IDS[db]}"
        # The view's CSV holds only its first row: the importer must read _all.
        files[f"{folder}.csv"] = notion_csv(rows[:2])
        files[f"{folder}_all.csv"] = notion_csv(rows)
        for row in rows[1:]:
            body = f"# {row[0]}\n\nImported: yes\n".encode()
            files[f"{folder}/{row[0]} {page_id(db, row[0])}.md"] = body
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_export(tmp_path: Path, tables: dict[str, list[list[str]]] | None = None) -> Path:
    """A zip of zips, as Notion sends large exports."""
    inner = zip_bytes(export_files(tables))
    path = tmp_path / "Export-7f3a.zip"
    path.write_bytes(zip_bytes({"Export-7f3a-Part-1.zip": inner}))
    return path


def run(db_path: Path, *args: str) -> object:
    result = CliRunner().invoke(main, ["--db", str(db_path), "--today", "2026-12-04", *args])
    close_database()
    return result


def test_every_entity_and_relation_is_restored(db, ctx, tmp_path: Path) -> None:
    plan = plan_notion(write_export(tmp_path), ctx)
    report = plan.apply(ctx)
    assert sum(report.created.values()) == 14
    assert report.created["customers"] == 2  # the view's CSV has 1: _all was read

    acme = Customer.get(Customer.name == "Acme, Inc.")
    assert (acme.contract_start, acme.contract_end) == (date(2025, 12, 4), date(2027, 12, 4))
    assert (acme.cadence, acme.channel, acme.tier) == ("High", ["Email", "Zoom"], "A")
    globex = Customer.get(Customer.name == "Globex")
    assert (globex.contract_start, globex.contract_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert globex.tier == "B"

    jane = Stakeholder.get(Stakeholder.name == "Jane Doe")
    john = Stakeholder.get(Stakeholder.name == "Smith, John")
    assert jane.customer == acme and john.customer == acme
    assert jane.buying_level == "Decision Maker"
    assert john.direct_manager == jane
    assert Stakeholder.get(Stakeholder.name == "Bob Stone").customer == globex

    qbr = Meeting.get(Meeting.name == "Acme QBR")
    assert qbr.customer == acme  # derived from the stakeholders
    assert qbr.date_time == datetime(2026, 12, 4, 14, 30)
    assert sorted(s.name for s in qbr.stakeholders) == ["Jane Doe", "Smith, John"]
    assert qbr.purpose == ["Renewals", "Invoicing"]
    assert qbr.next_steps == "Send proposal\nBook follow-up"
    kickoff = Meeting.get(Meeting.name == "Globex kickoff")
    assert (kickoff.date_time, kickoff.status) == (datetime(2025, 11, 5, 6, 0), "Scheduled")
    assert kickoff.customer == globex

    proposal = Activity.get(Activity.name == "Send proposal")
    assert (proposal.customer, proposal.stakeholder, proposal.meeting) == (acme, jane, qbr)
    assert proposal.owner == "Ana Lima, Bruno Costa"
    assert proposal.created_at == datetime(2026, 12, 4, 15, 5)
    assert proposal.status == "Pending" and proposal.due_date == date(2026, 12, 8)
    call = Activity.get(Activity.name == "Call Bob")
    assert call.status == "Done"  # the Done checkbox
    assert call.project.name == "Rollout (EU)"

    rollout = Project.get(Project.name == "Rollout (EU)")
    spain = Project.get(Project.name == "Rollout (EU) – Spain")
    assert spain.parent == rollout
    assert rollout.deadline == date(2027, 3, 31) and spain.deadline == date(2027, 4, 30)
    assert rollout.responsible == ["CSM", "Support"] and rollout.artifact == ["Jira", "Email"]
    assert [s.name for s in rollout.stakeholders] == ["Bob Stone"]

    contract = Contract.get()
    assert contract.customer == acme
    assert sorted(s.name for s in contract.stakeholders) == ["Jane Doe", "Smith, John"]
    assert (contract.created_at, contract.externally_approved_at) == (
        date(2026, 1, 5),
        date(2026, 1, 10),
    )
    metric = Metric.get()
    assert (metric.month, metric.mau, metric.nps) == (date(2026, 11, 1), 1200, -20)
    invoice = Invoice.get()
    assert invoice.billing_contact == john
    assert (invoice.invoice_amount, invoice.payment_status) == (Decimal("12000.00"), "Paid")


def test_unknown_columns_are_reported_and_kept(db, ctx, tmp_path: Path) -> None:
    plan = plan_notion(write_export(tmp_path), ctx)
    plan.apply(ctx)
    notices = "\n".join(plan.notices)
    assert "'Region'" in notices and "'Birthday'" in notices and "'Comment'" in notices
    assert "'Meetings'" in notices  # an inverse relation: skipped, but said so
    acme = Customer.get(Customer.name == "Acme, Inc.")
    assert acme.notes.startswith("Key logo\n\nFrom Notion:\n")
    assert "Region: EMEA" in acme.notes
    assert "Jane Doe: Birthday: March 3" in acme.notes  # stakeholders have no notes field
    assert "Acme 2026-11: Comment: Seasonal dip" in acme.notes
    assert "Region" not in (Customer.get(Customer.name == "Globex").notes or "")


def test_reimport_updates_in_place(db, ctx, tmp_path: Path) -> None:
    path = write_export(tmp_path)
    plan_notion(path, ctx).apply(ctx)
    counts = {m.__name__: m.select().count() for m in (Customer, Stakeholder, Meeting, Activity)}
    again = plan_notion(path, ctx).apply(ctx)
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert sum(again.unchanged.values()) == 14
    assert counts == {
        m.__name__: m.select().count() for m in (Customer, Stakeholder, Meeting, Activity)
    }


def test_unpacked_folder_imports_like_the_zip(db, ctx, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    for name, data in export_files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    assert sum(plan_notion(folder, ctx).apply(ctx).created.values()) == 14


def _with_bad_tier() -> dict[str, list[list[str]]]:
    tables = {k: [list(r) for r in v] for k, v in TABLES.items()}
    tables["Customers"][2][6] = "Platinum"
    return tables


def test_unknown_option_rejects_the_row_listing_options(db, ctx, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failure:
        plan_notion(write_export(tmp_path, _with_bad_tier()), ctx).apply(ctx)
    message = str(failure.value)
    assert "tier 'Platinum'" in message and "one of A, B, C" in message
    assert "Customers" in message and "line 3" in message
    assert Customer.select().count() == 0


def test_bad_row_leaves_the_database_file_byte_for_byte(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    assert run(db_path, "import", "notion", str(write_export(tmp_path))).exit_code == 0
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    tables = _with_bad_tier()
    tables["Customers"][1][9] = "A good change that must be rolled back too"
    bob = md_link("Stakeholders", "Bob Stone")
    tables["Meetings"].append(["New meeting", "Dec 5, 2026 9:00", "Scheduled", bob, *[""] * 6])
    result = run(db_path, "import", "notion", str(write_export(bad, tables)))
    assert result.exit_code == 1
    assert "nothing changed" in result.output
    assert "column 'Tier'" in result.output
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_skip_bad_writes_a_report_per_skipped_row(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    report = tmp_path / "skipped.csv"
    args = ["import", "notion", str(write_export(tmp_path, _with_bad_tier()))]
    result = run(db_path, *args, "--skip-bad", "--report", str(report))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) >= 1
    tier = next(r for r in rows if r["column"] == "Tier")
    assert tier["file"].endswith(f"Customers {DB_IDS['Customers']}_all.csv")
    assert (tier["line"], tier["value"], tier["record"]) == ("3", "Platinum", "Globex")
    assert "one of A, B, C" in tier["reason"]
    open_database(str(db_path))
    try:
        assert [c.name for c in Customer.select()] == ["Acme, Inc."]
    finally:
        close_database()


def test_dry_run_changes_nothing_and_says_what_would_happen(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    result = run(db_path, "import", "notion", str(write_export(tmp_path)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "14 would be created" in result.output
    open_database(str(db_path))
    try:
        assert Customer.select().count() == 0
    finally:
        close_database()
