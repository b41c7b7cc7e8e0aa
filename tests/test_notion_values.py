"""Notion cells read as Notion writes them: dates, links, checkboxes, headings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kamtui.exchange.cells import guard, split_titles, unguard
from kamtui.exchange.columns import database_collection, resolve_heading
from kamtui.exchange.notion_values import Link, parse_checkbox, parse_date_range, parse_links

D = date
T = datetime
HEX_A = "0123456789abcdef0123456789abcdef"
HEX_B = "fedcba9876543210fedcba9876543210"


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("December 4, 2026", "mdy", (D(2026, 12, 4), None)),
        ("December 4, 2026 2:30 PM", "mdy", (T(2026, 12, 4, 14, 30), None)),
        ("Dec 4, 2026 2:30 PM", "mdy", (T(2026, 12, 4, 14, 30), None)),
        (
            "November 5, 2025 6:00 AM (PST) → 7:30 AM",
            "mdy",
            (T(2025, 11, 5, 6, 0), T(2025, 11, 5, 7, 30)),
        ),
        (
            "November 5, 2025 10:00 PM (GMT+1) → November 6, 2025 1:00 AM (GMT+1)",
            "mdy",
            (T(2025, 11, 5, 22, 0), T(2025, 11, 6, 1, 0)),
        ),
        ("November 5, 2025 → November 7, 2025", "mdy", (D(2025, 11, 5), D(2025, 11, 7))),
        ("12/04/2026", "mdy", (D(2026, 12, 4), None)),
        ("12/04/2026", "dmy", (D(2026, 4, 12), None)),
        ("04/12/2026 14:30", "dmy", (T(2026, 12, 4, 14, 30), None)),
        ("2026/12/04", "mdy", (D(2026, 12, 4), None)),
        ("2026/12/04", "dmy", (D(2026, 12, 4), None)),  # year first is never day first
        ("2026-12-04", "dmy", (D(2026, 12, 4), None)),
        ("@December 4, 2026", "mdy", (D(2026, 12, 4), None)),
    ],
)
def test_notion_dates(text: str, order: str, expected: tuple) -> None:
    assert parse_date_range(text, order) == expected


@pytest.mark.parametrize("text", ["", "soon", "not a date at all"])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_date_range(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Acme, Inc. (https://www.notion.so/Acme-Inc-{HEX_A}?pvs=21), "
            f"Globex (https://www.notion.so/Globex-{HEX_B}?pvs=21)",
            [Link("Acme, Inc.", HEX_A), Link("Globex", HEX_B)],
        ),
        (
            f"Smith, John (../Stakeholders%20{HEX_A}.md), Jane Doe (../Stakeholders%20{HEX_A}.md)",
            [Link("Smith, John", HEX_A), Link("Jane Doe", HEX_A)],
        ),
        (
            f"Rollout (EU) (../Projects%20{HEX_A}/Rollout%20(EU)%20{HEX_B}.md)",
            [Link("Rollout (EU)", HEX_B)],
        ),
        ("Plain Title", [Link("Plain Title")]),
        ("", []),
    ],
)
def test_relation_links_split_on_the_link_not_the_comma(text: str, expected: list) -> None:
    assert parse_links(text) == expected


def test_links_without_urls_keep_known_titles_whole() -> None:
    assert parse_links("Smith, John, Jane Doe", {"Smith, John"}) == [
        Link("Smith, John"),
        Link("Jane Doe"),
    ]
    assert split_titles("A, B, C", {"b, c"}) == ["A", "B, C"]


@pytest.mark.parametrize(
    ("text", "expected"), [("Yes", True), ("No", False), ("", False), ("maybe", None)]
)
def test_checkboxes(text: str, expected: bool | None) -> None:
    assert parse_checkbox(text) is expected


@pytest.mark.parametrize(
    ("collection", "heading", "field"),
    [
        ("customers", "Contract Start", "contract_start"),
        ("customers", " contract_start ", "contract_start"),
        ("stakeholders", "Buying Level", "buying_level"),
        ("invoices", "Invoice Due Date", "invoice_due_date"),
        ("invoices", "Invoice Name", "name"),
        ("invoices", "Days Sales Outstanding (DSO)", "dso"),
        ("invoices", "PO Number", "po_number"),
        ("meetings", "Date/Time", "date_time"),
        ("meetings", "Purpose / Goal", "purpose"),
        ("meetings", "Meeting Type", "meeting_type"),
        ("activities", "Activity", "name"),
        ("activities", "Type", "type"),
        ("activities", "Duration or Category", "category"),
        ("projects", "Subtask / Parent Task", "parent"),
        ("projects", "Created At", "created_at"),
        ("metrics", "MAU (Monthly Active Users)", "mau"),
        ("metrics", "Meaningful / Proactive Interactions", "proactive_interactions"),
        ("metrics", "Ramp-up Rate", "ramp_up_rate"),
        ("contracts", "Expiration date", "expiration_date"),
        ("customers", "Region", None),
    ],
)
def test_seed_headings(collection: str, heading: str, field: str | None) -> None:
    assert resolve_heading(collection, heading) == field


@pytest.mark.parametrize(
    ("name", "collection"),
    [
        ("Customers", "customers"),
        ("customer", "customers"),
        ("Activities & Tasks", "activities"),
        ("Tasks", "activities"),
        ("Adoption & Success Metrics", "metrics"),
        ("Accounts Receivable", "invoices"),
        ("Invoices", "invoices"),
        ("STAKEHOLDER", "stakeholders"),
        ("Wiki", None),
    ],
)
def test_database_names(name: str, collection: str | None) -> None:
    assert database_collection(name) == collection


@pytest.mark.parametrize(
    "cell", ["=1+1", "+44 20 7946", "-20", "@SUM(A1)", "\tx", "\rx", "'quoted", "plain", ""]
)
def test_guard_round_trips_and_never_leaves_a_formula(cell: str) -> None:
    guarded = guard(cell)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard(guarded) == cell
