"""The kamtui JSON document: round trip, rejected imports, re-imports in place."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from conftest import TODAY

from kamtui.db.connection import close_database, open_database
from kamtui.db.entities import COLLECTIONS
from kamtui.db.fields import ParseContext
from kamtui.db.models import (
    Activity,
    Contract,
    Customer,
    Invoice,
    Metric,
    Project,
    Stakeholder,
)
from kamtui.exchange.json_io import DocumentError, export_document, import_document
from kamtui.exchange.loader import ImportFailed
from kamtui.ops.meetings import log_meeting
from kamtui.ops.records import save_record


def build_portfolio(ctx: ParseContext) -> None:
    """Every entity, every kind of field, relations of every shape."""
    save_record(
        Customer,
        {
            "name": "Acme Ünited",
            "contract_start": "2025-01-01",
            "contract_end": "Dec 31 2027",
            "industry": "Logistics",
            "cadence": "High",
            "channel": "Email, Zoom",
            "tier": "A",
            "arr": "120000.50",
            "contracted_licenses": 200,
            "contracted_features": 8,
            "notes": "Line one\nLine two — with a dash",
        },
        ctx,
    )
    save_record(Customer, {"name": "Beta", "lifecycle": "Churned", "tier": "C"}, ctx)
    save_record(
        Stakeholder,
        {"name": "Boss", "customer": "Acme Ünited", "buying_level": "Decision Maker"},
        ctx,
    )
    save_record(
        Stakeholder,
        {
            "name": "Anna Lee",
            "customer": "Acme Ünited",
            "email": "anna@acme.com",
            "linkedin": "linkedin.com/in/anna",
            "phone": "+44 20 7946 0958",
            "direct_manager": "Boss",
            "status": "Departed",
        },
        ctx,
    )
    save_record(Stakeholder, {"name": "Anna Lee", "customer": "Beta"}, ctx)  # same name elsewhere
    save_record(
        Project,
        {"name": "Rollout", "customer": "Acme Ünited", "responsible": "CSM, Solutions"},
        ctx,
    )
    save_record(
        Project,
        {
            "name": "Pilot",
            "customer": "Acme Ünited",
            "parent": "Rollout",
            "stakeholders": "Anna Lee, Boss",
            "artifact": "Jira, Meeting",
            "deadline": "2027-02-01",
            "health_status": "At Risk",
        },
        ctx,
    )
    save_record(
        Contract,
        {
            "customer": "Acme Ünited",
            "created_at": "2024-12-01",
            "signed_at": "2025-01-01",
            "expiration_date": "2027-12-31",
            "status": "Active",
            "value": "99999.99",
            "billing_frequency": "Yearly",
            "stakeholders": "Boss",
        },
        ctx,
    )
    save_record(
        Invoice,
        {
            "customer": "Acme Ünited",
            "billing_contact": "Boss",
            "invoice_date": "2026-07-01",
            "invoice_due_date": "2026-07-31",
            "invoice_amount": "10000",
            "tax_amount": "1900.10",
            "amount_collected": "4000",
            "po_number": "PO-77",
        },
        ctx,
    )
    save_record(
        Metric,
        {"customer": "Acme Ünited", "month": "2026-11", "mau": 150, "nps": -20, "csat": "4.5"},
        ctx,
    )
    log_meeting(
        "Acme Ünited",
        ctx,
        stakeholders=["Boss"],
        meeting_type="QBR",
        when="2026-12-03 15:00",
        purpose=["Renewals", "Expansion"],
        mood=4,
        review="Good",
        next_steps=["Send deck by fri", "Book demo"],
    )
    save_record(Activity, {"name": "Think about pricing"}, ctx)  # no customer at all
    save_record(Activity, {"name": "Done thing", "customer": "Beta", "status": "Done"}, ctx)


@pytest.fixture
def second_db(tmp_path: Path):
    """Switch to a fresh empty database (the first one is closed)."""

    def switch(name: str = "second.db") -> object:
        close_database()
        return open_database(str(tmp_path / name))

    yield switch
    close_database()


def test_round_trip_is_identical(db, ctx, second_db) -> None:
    build_portfolio(ctx)
    first = export_document(TODAY)
    assert all(first[c] for c in COLLECTIONS), "the fixture fills every collection"
    text = json.dumps(first, ensure_ascii=False, indent=2)
    second_db()
    report = import_document(json.loads(text), ctx)
    assert sum(report.created.values()) == sum(len(first[c]) for c in COLLECTIONS)
    again = export_document(TODAY)
    assert json.dumps(again, ensure_ascii=False, indent=2) == text


def test_bad_records_change_nothing_and_are_all_reported(db, ctx) -> None:
    build_portfolio(ctx)
    before = export_document(TODAY)
    document = {
        "format": "kamtui",
        "version": 1,
        "customers": [
            {"name": "Fresh Co"},  # good, but must not be written
            {"name": "Acme Ünited", "tier": "Z"},  # an update, bad
            {"name": "Gamma", "contract_start": "2027-01-01", "contract_end": "2026-01-01"},
        ],
        "stakeholders": [
            {"name": "Zed", "customer": "Fresh Co", "email": "zed-at-fresh"},
            {"name": "Ghost", "customer": "Nobody Inc"},
        ],
        "metrics": [{"customer": "Acme Ünited", "month": "2026-10", "nps": 150}],
        "invoices": [{"customer": "Acme Ünited", "invoice_amount": "12.345"}],
    }
    with pytest.raises(ImportFailed) as caught:
        import_document(document, ctx)
    located = {(p.where, p.field) for p in caught.value.report.problems}
    assert located == {
        ("customers[1]", "tier"),
        ("customers[2]", "contract_end"),
        ("stakeholders[0]", "email"),
        ("stakeholders[1]", "customer"),
        ("metrics[0]", "nps"),
        ("invoices[0]", "invoice_amount"),
    }
    text = str(caught.value)
    assert "nothing changed: 6 problem(s)" in text
    assert "stakeholders[0]: stakeholder 'Zed': email 'zed-at-fresh' is not valid" in text
    assert export_document(TODAY) == before
    assert Customer.get_or_none(Customer.name == "Fresh Co") is None


def test_skip_bad_writes_the_good_records_only(db, ctx) -> None:
    document = {
        "format": "kamtui",
        "version": 1,
        "customers": [{"name": "Good"}, {"name": "Bad", "arr": "-1"}],
        "stakeholders": [{"name": "Ann", "customer": "Good"}, {"name": "Bo", "customer": "Bad"}],
    }
    report = import_document(document, ctx, skip_bad=True)
    assert [r.where for r in report.skipped] == ["customers[1]", "stakeholders[1]"]
    assert [c.name for c in Customer.select()] == ["Good"]
    assert [s.name for s in Stakeholder.select()] == ["Ann"]


def test_dry_run_counts_and_writes_nothing(db, ctx) -> None:
    document = {"format": "kamtui", "version": 1, "customers": [{"name": "A"}, {"name": "B"}]}
    report = import_document(document, ctx, dry_run=True)
    assert report.created["customers"] == 2
    assert "2 would be created" in report.summary()
    assert Customer.select().count() == 0


def test_reimport_updates_in_place(db, ctx) -> None:
    build_portfolio(ctx)
    document = export_document(TODAY)
    counts = {c: len(document[c]) for c in COLLECTIONS}
    changed = copy.deepcopy(document)
    acme = next(c for c in changed["customers"] if c["name"] == "Acme Ünited")
    acme["tier"] = "B"
    changed["stakeholders"].append({"name": "New Person", "customer": "Beta"})
    report = import_document(changed, ctx)
    assert dict(report.updated) == {"customers": 1}
    assert dict(report.created) == {"stakeholders": 1}
    assert sum(report.unchanged.values()) == sum(counts.values()) - 1
    after = export_document(TODAY)
    assert {c: len(after[c]) for c in COLLECTIONS} == counts | {
        "stakeholders": counts["stakeholders"] + 1
    }
    assert Customer.get(Customer.name == "Acme Ünited").tier == "B"
    # Once more, unchanged: nothing is duplicated or touched.
    report = import_document(changed, ctx)
    assert not report.created and not report.updated


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "not a kamtui document"),
        ({"format": "notion"}, "not a kamtui document"),
        ({"format": "kamtui", "version": 2}, "unsupported kamtui document version 2"),
        ({"format": "kamtui", "version": 1, "clients": []}, "unknown collection(s) clients"),
        ({"format": "kamtui", "version": 1, "customers": {}}, "customers must be a list"),
        ({"format": "kamtui", "version": 1, "customers": ["x"]}, "customers[0] must be an object"),
    ],
)
def test_documents_of_the_wrong_shape(db, ctx, document, message) -> None:
    with pytest.raises(DocumentError, match=re.escape(message)):
        import_document(document, ctx)
