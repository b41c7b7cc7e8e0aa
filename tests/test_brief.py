"""The one-page account brief."""

from __future__ import annotations

from click.testing import CliRunner

from kamtui.cli import main
from kamtui.config import Settings
from kamtui.db.connection import close_database, open_database
from kamtui.db.models import Activity, Invoice, Stakeholder
from kamtui.domain.health import customer_health
from kamtui.domain.snapshot import load_snapshot
from kamtui.exchange.brief import account_brief
from kamtui.ops.records import find_customer, save_record
from tests.test_csv import CTX, portfolio


def section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_brief_sections(db) -> None:
    portfolio()
    for model, values in (
        (Stakeholder, {"name": "Ina", "customer": "Acme, Inc.", "buying_level": "Budget Owner",
                       "role": "CFO | Finance"}),
        (Activity, {"name": "Late task", "customer": "Acme, Inc.", "due_date": "2026-11-30"}),
        (Invoice, {"customer": "Acme, Inc.", "invoice_date": "2026-10-01",
                   "invoice_due_date": "2026-10-31", "invoice_amount": "5000",
                   "amount_collected": "1000"}),
    ):  # fmt: skip
        save_record(model, values, CTX)
    text = account_brief(find_customer("acme, inc."), CTX.today)
    assert text.startswith("# Acme, Inc. — account brief\n")
    health = section(text, "Health")
    snap = load_snapshot(CTX.today, Settings(), find_customer("acme, inc.").id)
    risk = customer_health(snap, find_customer("acme, inc.").id, CTX.today, Settings()).risk
    assert risk.score is not None and f"Churn risk {risk.score}/100" in health
    assert all(line in health for line in risk.explanation())
    renewal = section(text, "Renewal")
    assert "Sat 04 Dec 2027" in renewal and "(365 days left)" in renewal
    assert "180 days for tier A" in renewal and "Mon 07 Jun 2027: not yet open" in renewal
    contacts = section(text, "Contacts by buying level")
    assert contacts.index("### Decision Maker") < contacts.index("### Budget Owner")
    assert "- Ina · CFO | Finance" in contacts
    assert "Smith, John — **Departed since Fri 04 Dec 2026**" in contacts
    meetings = section(text, "Last meetings")
    assert "| Send proposal; Book call |" in meetings
    activities = section(text, "Open activities")
    assert "- [ ] Late task — due Mon 30 Nov 2026 **(overdue)**" in activities
    assert activities.index("Late task") < activities.index("Send proposal")
    invoices = section(text, "Invoices")
    assert "outstanding **4,000.00**" in invoices
    assert (
        "| AcmeInc-oct26 | Thu 01 Oct 2026 | Sat 31 Oct 2026 | 5,000.00 | 4,000.00 | Overdue"
        in (invoices)
    )


def test_brief_command(tmp_path) -> None:
    db_path = tmp_path / "k.db"
    open_database(str(db_path))
    portfolio()
    close_database()
    result = CliRunner().invoke(main, ["--db", str(db_path), "brief", "@globex", "--format", "md"])
    close_database()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# @Globex — account brief")
    assert "Rollout" in section(result.output, "Open projects")
    missing = CliRunner().invoke(main, ["--db", str(db_path), "brief", "Nobody"])
    close_database()
    assert missing.exit_code == 1 and "no customer named 'Nobody'" in missing.output
