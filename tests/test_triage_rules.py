"""Every triage rule: the case that fires, its severity, and the cases that must not."""

from __future__ import annotations

import pytest
from triage_data import (
    activity,
    at,
    contract,
    customer,
    days,
    items,
    meeting,
    metric,
    one,
    person,
    project,
)

from kamtui.db.models import Activity, Stakeholder

pytestmark = pytest.mark.usefixtures("db")


# -- renewal / contract_expired / contract_stalled ----------------------------


@pytest.mark.parametrize(
    ("tier", "left", "severity"),
    [
        ("A", 180, "info"),
        ("A", 181, None),
        ("B", 120, "info"),
        ("B", 121, None),
        ("C", 90, "info"),
        ("C", 91, None),
        ("A", 31, "info"),
        ("A", 30, "soon"),
        ("C", 1, "soon"),
        ("C", 0, "today"),
    ],
)
def test_renewal_window_by_tier(tier: str, left: int, severity: str | None) -> None:
    customer(tier=tier, contract_start=days(-300), contract_end=days(left), arr="120000")
    found = items("renewal")
    assert [i.severity for i in found] == ([severity] if severity else [])
    if severity:
        assert f"{left} day" in found[0].reason and "120,000.00 at stake" in found[0].reason


def test_renewal_of_an_active_contract_replaces_the_same_customer_date() -> None:
    acme = customer(contract_end=days(60))
    contract(acme, status="Active", signed_at=days(-300), expiration_date=days(60), value="5000")
    item = one("renewal")
    assert (item.entity, item.title) == ("contract", "Main contract")
    assert "5,000.00 at stake" in item.reason


def test_no_renewal_for_a_churned_customer() -> None:
    customer(contract_end=days(10), lifecycle="Churned")
    assert items() == []


def test_contract_expired_the_day_after_expiration() -> None:
    acme = customer()
    contract(acme, status="Active", expiration_date=days(-1))
    item = one("contract_expired")
    assert item.severity == "overdue" and item.entity == "contract"
    assert items("contract_expired", today=days(-1)) == []  # the day itself: a renewal today
    assert one("renewal", today=days(-1)).severity == "today"


def test_contract_not_expired_when_a_newer_active_contract_runs() -> None:
    acme = customer()
    contract(acme, status="Active", expiration_date=days(-1))
    contract(acme, "Renewal", status="Active", created_at=days(-20), expiration_date=days(700))
    assert items("contract_expired") == []


def test_customer_past_contract_end_is_expired() -> None:
    customer(contract_start=days(-400), contract_end=days(-3))
    item = one("contract_expired")
    assert (item.entity, item.severity) == ("customer", "overdue")


@pytest.mark.parametrize(("age", "fires"), [(15, True), (14, False)])
def test_contract_stalled_after_14_days_without_milestone(age: int, fires: bool) -> None:
    acme = customer()
    contract(acme, "Renewal 2027", status="Draft", created_at=days(-age))
    found = items("contract_stalled")
    assert [i.severity for i in found] == (["overdue"] if fires else [])


def test_contract_stalled_counts_the_latest_milestone() -> None:
    acme = customer()
    contract(acme, status="Approval", created_at=days(-60), internally_approved_at=days(-5))
    assert items("contract_stalled") == []
    contract(acme, "Signed", status="Active", created_at=days(-60), expiration_date=days(900))
    assert items("contract_stalled") == []


# -- activities and projects --------------------------------------------------


@pytest.mark.parametrize(
    ("due", "kind", "severity"),
    [(-1, "activity_overdue", "overdue"), (0, "activity_due", "today"), (1, None, None)],
)
def test_activity_due_dates(due: int, kind: str | None, severity: str | None) -> None:
    activity(customer(), due_date=days(due))
    found = items()
    assert [(i.kind, i.severity) for i in found] == ([(kind, severity)] if kind else [])


def test_dates_and_tiers_written_by_other_tools_are_read_as_the_app_writes_them() -> None:
    # A due date stored with a time, a tier in lower case (raw SQL, another tool).
    task = activity(customer(), due_date=days(0))
    db = Activity._meta.database
    db.execute_sql(
        "UPDATE activity SET due_date = ? WHERE id = ?", (f"{days(0)} 00:00:00", task.id)
    )
    acme = customer("Lower", contract_start=days(-300), contract_end=days(150))
    db.execute_sql("UPDATE customer SET tier = 'a' WHERE id = ?", (acme.id,))
    assert db.execute_sql("SELECT due_date FROM activity").fetchone()[0].endswith("00:00:00")
    assert [i.kind for i in items("activity_due")] == ["activity_due"]
    assert "tier a renewal window of 180 days" in one("renewal").reason


def test_done_activity_and_churned_customer_make_no_item() -> None:
    activity(customer(), due_date=days(-3), status="Done")
    activity(customer("Gone", lifecycle="Churned"), due_date=days(-3))
    assert items() == []


def test_activity_without_customer_still_shows() -> None:
    activity(None, "Expense report", due_date=days(-2))
    item = one("activity_overdue")
    assert item.customer is None and item.tier is None


@pytest.mark.parametrize(("age", "fires"), [(8, True), (7, False)])
def test_fup_unresolved_after_7_days_without_due_date(age: int, fires: bool) -> None:
    activity(customer(), "Chase legal", type="FUP", created_at=at(-age, 9))
    assert [i.severity for i in items("fup_unresolved")] == (["overdue"] if fires else [])


def test_fup_with_due_date_or_task_is_not_unresolved() -> None:
    acme = customer()
    activity(acme, "Chase legal", type="FUP", due_date=days(3), created_at=at(-30))
    activity(acme, "Plan", type="Task", created_at=at(-30))
    assert items("fup_unresolved") == []


@pytest.mark.parametrize(
    ("deadline", "status", "fires"),
    [(-1, "In Progress", True), (0, "In Progress", False), (-1, "Done", False)],
)
def test_project_overdue(deadline: int, status: str, fires: bool) -> None:
    project(customer(), deadline=days(deadline), status=status)
    assert [i.severity for i in items("project_overdue")] == (["overdue"] if fires else [])


@pytest.mark.parametrize(
    ("health", "status", "fires"),
    [
        ("At Risk", "In Progress", True),
        ("Blocked", "Not Started", True),
        ("On Track", "In Progress", False),
        ("Blocked", "Done", False),
    ],
)
def test_project_at_risk(health: str, status: str, fires: bool) -> None:
    project(customer(), health_status=health, status=status, deadline=days(30))
    assert [i.severity for i in items("project_at_risk")] == (["soon"] if fires else [])


# -- people and meetings ------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "fires"),
    [("Decision Maker", True), ("Budget Owner", True), ("Influencer", False)],
)
def test_risk_review_when_a_key_person_departs(level: str, fires: bool) -> None:
    person(customer(), buying_level=level, status="Departed")
    found = items("risk_review")
    assert [i.severity for i in found] == (["overdue"] if fires else [])


def test_risk_review_without_a_departure_date_dates_from_the_last_change() -> None:
    # Data written by another tool can say Departed with no departed_on.
    gone = person(customer(), buying_level="Decision Maker", status="Departed")
    Stakeholder.update(departed_on=None).where(Stakeholder.id == gone.id).execute()
    [item] = items("risk_review")
    assert item.due == Stakeholder.get_by_id(gone.id).updated_at.date()


def test_risk_review_cleared_by_a_later_churn_risk_meeting_only() -> None:
    acme = customer()
    person(acme, buying_level="Decision Maker", status="Departed", departed_on=days(-10))
    meeting(acme, at(-20), purpose="Churn Risk")  # before the departure: does not count
    assert len(items("risk_review")) == 1
    meeting(acme, at(-2), purpose="Churn Risk, Renewals")
    assert items("risk_review") == []


@pytest.mark.parametrize(
    ("ago", "next_steps", "linked", "expected"),
    [
        (1, "Send the deck", False, "overdue"),
        (0, "Send the deck", False, "today"),
        (1, "Send the deck", True, None),
        (1, "", False, None),
        (31, "Send the deck", False, None),
    ],
)
def test_next_steps_without_activity(
    ago: int, next_steps: str, linked: bool, expected: str | None
) -> None:
    acme = customer()
    m = meeting(acme, at(-ago, 8), next_steps=next_steps)
    if linked:
        activity(acme, meeting=m, due_date=days(5))
    assert [i.severity for i in items("next_steps_without_activity")] == (
        [expected] if expected else []
    )


@pytest.mark.parametrize(
    ("cadence", "ago", "severity"),
    [
        ("High", 6, None),
        ("High", 7, "today"),
        ("High", 8, "overdue"),
        ("Moderate", 14, "today"),
        ("Moderate", 13, None),
        ("Check-in", 31, "overdue"),
        ("Check-in", 29, None),
    ],
)
def test_cadence_overdue(cadence: str, ago: int, severity: str | None) -> None:
    acme = customer(cadence=cadence)
    meeting(acme, at(-ago))
    found = items("cadence_overdue")
    assert [i.severity for i in found] == ([severity] if severity else [])
    if severity:
        assert days(-ago).isoformat() in found[0].reason


def test_cadence_ignores_skipped_meetings_and_logging_resets_it() -> None:
    acme = customer(cadence="High")
    meeting(acme, at(-10))
    meeting(acme, at(-2), status="Skipped by Customer")
    assert one("cadence_overdue").due == days(-3)
    meeting(acme, at(0, 8))
    assert items("cadence_overdue") == []


def test_cadence_without_any_meeting_counts_from_contract_start() -> None:
    customer(cadence="Moderate", contract_start=days(-20))
    assert one("cadence_overdue").due == days(-6)


def test_disengagement_after_two_skipped_meetings() -> None:
    acme = customer()
    meeting(acme, at(-30))
    meeting(acme, at(-20), status="Skipped by Customer")
    assert items("disengagement") == []
    meeting(acme, at(-10), status="Skipped by Customer")
    assert one("disengagement").severity == "soon"
    meeting(acme, at(-5), status="Skipped by KAM")
    assert items("disengagement") == []


@pytest.mark.parametrize(
    ("when", "status", "kind", "severity"),
    [
        (-1, "Scheduled", "meeting_to_update", "overdue"),
        (0, "Scheduled", "meeting_today", "info"),
        (1, "Scheduled", None, None),
        (-1, "Done", None, None),
    ],
)
def test_scheduled_meetings(when: int, status: str, kind: str | None, severity: str | None) -> None:
    meeting(customer(), at(when, 15), status=status, next_steps="")
    found = [i for i in items() if i.kind.startswith("meeting_")]
    assert [(i.kind, i.severity) for i in found] == ([(kind, severity)] if kind else [])


# -- activation and churn -----------------------------------------------------


@pytest.mark.parametrize(
    ("started", "mau", "fires"),
    [(-91, 49, True), (-90, 49, False), (-91, 50, False)],
)
def test_low_activation(started: int, mau: int, fires: bool) -> None:
    acme = customer(contract_start=days(started), contracted_licenses="100")
    metric(acme, days(-10), mau=str(mau))
    assert [i.severity for i in items("low_activation")] == (["soon"] if fires else [])


def test_churn_risk_at_or_above_60() -> None:
    risky = customer("Risky")
    calm = customer("Calm")
    for n in (5, 15, 25):
        meeting(risky, at(-n), mood="1")
        meeting(calm, at(-n), mood="5")
    metric(risky, days(-5), sponsor_health="1")
    item = one("churn_risk")
    assert (item.customer, item.severity) == ("Risky", "soon")
    # mood 1 -> 100 x 30, sponsor 1 -> 100 x 30, none skipped -> 0 x 20; no invoices
    # (left out): 6000 / 80 = 75
    assert "churn risk 75" in item.reason


def test_churn_risk_rising_15_points_in_30_days() -> None:
    acme = customer()
    for n in (40, 50, 60):
        meeting(acme, at(-n), mood="4")
    meeting(acme, at(-2), mood="1")
    meeting(acme, at(-3), mood="1")
    # 30 days ago: mood 4 -> 25 x 30 + none skipped 0 x 20 -> 750 / 50 = 15.
    # Now: mood (4+4+4+1+1)/5 = 2.8 -> 55 x 30 + 0 -> 1650 / 50 = 33: up 18, under 60.
    item = one("churn_risk")
    assert item.reason.startswith("up 18 points in 30 days")


def test_items_are_ordered_by_severity_tier_due_and_id() -> None:
    b = customer("Beta", tier="B")
    a = customer("Alpha", tier="A")
    activity(b, "b late", due_date=days(-5))
    activity(a, "a late", due_date=days(-1))
    activity(a, "a very late", due_date=days(-9))
    activity(b, "b today", due_date=days(0))
    titles = [i.title for i in items()]
    assert titles == ["a very late", "a late", "b late", "b today"]
