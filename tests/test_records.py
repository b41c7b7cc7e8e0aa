"""Integrity: each validation with its message, unique customers, deletion without orphans."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kamtui.db.fields import ParseContext
from kamtui.db.models import (
    ALL_MODELS,
    Activity,
    Contract,
    ContractStakeholder,
    Customer,
    Invoice,
    Meeting,
    MeetingStakeholder,
    Metric,
    Project,
    ProjectStakeholder,
    Stakeholder,
    database,
)
from kamtui.ops.records import (
    DependentsError,
    NotFound,
    ValidationError,
    delete_record,
    delete_warning,
    find_record,
    save_record,
    unlinked,
)


@pytest.fixture
def acme(db: object, ctx: ParseContext) -> Customer:
    return save_record(Customer, {"name": "Acme"}, ctx)


def refused(model: type, values: dict[str, Any], ctx: ParseContext, instance=None) -> str:
    """The message of the one problem saving ``values`` raises; nothing is saved."""
    with pytest.raises(ValidationError) as caught:
        save_record(model, values, ctx, instance)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0])


# -- field validations, each with its message ------------------------------------------

BAD_VALUES = [
    # (model, field, bad value, words of the expectation)
    (Stakeholder, "email", "anna(at)acme.com", "an email address like name@company.com"),
    (Stakeholder, "email", "anna@acme", "an email address like name@company.com"),
    (Stakeholder, "linkedin", "https://twitter.com/anna", "a LinkedIn profile URL"),
    (Stakeholder, "linkedin", "anna-lee", "a LinkedIn profile URL"),
    (Stakeholder, "phone", "12ab34", "a phone number of 6 to 15 digits"),
    (Stakeholder, "phone", "12345", "a phone number of 6 to 15 digits"),
    (Stakeholder, "buying_level", "Boss", "one of Decision Maker, Influencer"),
    (Invoice, "invoice_amount", "-1", "an amount of money of at least 0 with at most 2 decimals"),
    (Invoice, "tax_amount", "10.555", "an amount of money of at least 0 with at most 2 decimals"),
    (Invoice, "amount_collected", "lots", "an amount of money"),
    (Metric, "goal_completion_rate", "101", "a percentage from 0 to 100"),
    (Metric, "maturity", "-5%", "a percentage from 0 to 100"),
    (Metric, "nps", "101", "a whole number from -100 to 100"),
    (Metric, "nps", "-101", "a whole number from -100 to 100"),
    (Metric, "nps", "9.5", "a whole number from -100 to 100"),
    (Metric, "csat", "0", "a score from 1 to 5"),
    (Metric, "csat", "5.5", "a score from 1 to 5"),
    (Metric, "sponsor_health", "4.25", "a score from 1 to 5"),
    (Meeting, "mood", "0", "a whole number from 1 to 5"),
    (Meeting, "mood", "6", "a whole number from 1 to 5"),
    (Meeting, "date_time", "someday", "a date and time such as 2026-12-04 14:30"),
    (Activity, "due_date", "32/13/2026", "a date such as 2026-12-04"),
    (Customer, "contracted_licenses", "-3", "a whole number of at least 0"),
]


@pytest.mark.parametrize(("model", "field", "value", "expected"), BAD_VALUES)
def test_bad_value_names_record_field_value_and_expectation(
    acme, ctx, model, field, value, expected
) -> None:
    values = {"name": "Rec 1", field: value}
    if model is not Customer:
        values["customer"] = "Acme"
    before = model.select().count()
    message = refused(model, values, ctx)
    assert "'Rec 1'" in message
    assert f"{field} {value!r} is not valid" in message
    assert f"expected {expected}" in message
    assert model.select().count() == before


GOOD_VALUES = [
    (Stakeholder, "email", " anna.lee+kam@acme.co.uk ", "anna.lee+kam@acme.co.uk"),
    (Stakeholder, "linkedin", "linkedin.com/in/anna-lee", "https://linkedin.com/in/anna-lee"),
    (Stakeholder, "linkedin", "http://www.linkedin.com/in/anna/", "https://www.linkedin.com/in/anna/"),
    (Stakeholder, "phone", "+44 20 7946 0958", "+44 20 7946 0958"),
    (Invoice, "invoice_amount", "$1,250.50", Decimal("1250.50")),
    (Invoice, "tax_amount", "0", Decimal("0")),
    (Metric, "goal_completion_rate", "45%", Decimal("45")),
    (Metric, "nps", "-100", -100),
    (Metric, "nps", "100", 100),
    (Metric, "csat", "4.5", Decimal("4.5")),
    (Metric, "csat", "4.50", Decimal("4.5")),  # trailing zeros are not decimals
    (Meeting, "mood", "1", 1),
    (Meeting, "mood", "5", 5),
]  # fmt: skip


@pytest.mark.parametrize(("model", "field", "value", "stored"), GOOD_VALUES)
def test_good_values_are_read(acme, ctx, model, field, value, stored) -> None:
    record = save_record(model, {"name": "Rec 1", "customer": "Acme", field: value}, ctx)
    assert getattr(model.get_by_id(record.id), field) == stored


# -- record rules -----------------------------------------------------------------------


def test_contract_end_after_start(db, ctx) -> None:
    message = refused(
        Customer,
        {"name": "Acme", "contract_start": "2026-01-01", "contract_end": "2026-01-01"},
        ctx,
    )
    assert "contract_end '2026-01-01' is not valid" in message
    assert "a date after contract_start (2026-01-01)" in message


def test_contract_dates_in_order(acme, ctx) -> None:
    base = {"name": "C1", "customer": "Acme", "created_at": "2026-03-01"}
    message = refused(Contract, base | {"signed_at": "2026-02-27"}, ctx)
    assert "signed_at '2026-02-27' is not valid, expected a date not before created_at" in message
    message = refused(
        Contract, base | {"signed_at": "2026-03-05", "expiration_date": "2026-03-04"}, ctx
    )
    assert "expiration_date '2026-03-04'" in message
    assert "a date after the contract starts (2026-03-05)" in message
    ok = save_record(Contract, base | {"signed_at": "2026-03-01", "expiration_date": "+1y"}, ctx)
    assert ok.signed_at == ok.created_at


@pytest.mark.parametrize("field", ["invoice_due_date", "sent_date", "paid_date"])
def test_invoice_dates_not_before_the_invoice(acme, ctx, field) -> None:
    message = refused(
        Invoice, {"customer": "Acme", "invoice_date": "2026-07-10", field: "2026-07-09"}, ctx
    )
    assert f"{field} '2026-07-09' is not valid" in message
    assert "a date not before invoice_date (2026-07-10)" in message


@pytest.mark.parametrize("typed", ["acme", "  ACME  ", "Acme"])
def test_customer_names_are_unique_ignoring_case_and_spaces(acme, ctx, typed) -> None:
    message = refused(Customer, {"name": typed}, ctx)
    assert "a name no other customer has" in message
    assert Customer.select().count() == 1


def test_inner_spaces_count_once(acme, ctx) -> None:
    save_record(Customer, {"name": "Blue  Sky"}, ctx)
    assert "a name no other customer has" in refused(Customer, {"name": "blue sky"}, ctx)


def test_renaming_a_customer_to_its_own_name_in_another_case(acme, ctx) -> None:
    save_record(Customer, {"name": "ACME"}, ctx, acme)
    assert Customer.get_by_id(acme.id).name == "ACME"


def test_only_what_a_record_needs_is_required(acme, ctx) -> None:
    assert "name" in refused(Customer, {"tier": "A"}, ctx)
    assert "the customer this record belongs to" in refused(Stakeholder, {"name": "Zed"}, ctx)
    # A name and a customer are enough for a stakeholder; an activity needs only a name.
    save_record(Stakeholder, {"name": "Zed", "customer": "Acme"}, ctx)
    save_record(Activity, {"name": "Think about pricing"}, ctx)


def test_unknown_field_lists_the_valid_ones(acme, ctx) -> None:
    message = refused(Customer, {"name": "X", "colour": "red"}, ctx)
    assert "colour" in message and "contract_end" in message


def test_a_failed_update_leaves_the_record_as_it_was(acme, ctx) -> None:
    save_record(Customer, {"tier": "A"}, ctx, acme)
    refused(Customer, {"tier": "B", "arr": "-1"}, ctx, acme)
    assert acme.tier == "A"
    assert Customer.get_by_id(acme.id).tier == "A"


def test_problem_text_for_a_new_record(acme, ctx) -> None:
    message = refused(Meeting, {"customer": "Acme", "mood": "9"}, ctx)
    assert message == "new meeting: mood '9' is not valid, expected a whole number from 1 to 5"


def test_relations_resolve_by_name_within_the_customer(acme, ctx) -> None:
    other = save_record(Customer, {"name": "Other"}, ctx)
    save_record(Stakeholder, {"name": "Sam", "customer": other}, ctx)
    message = refused(Activity, {"name": "Call Sam", "customer": "Acme", "stakeholder": "Sam"}, ctx)
    assert "stakeholder 'Sam' is not valid" in message
    assert "no stakeholder named 'Sam' at Acme" in message


# -- deleting ---------------------------------------------------------------------------


def _portfolio(ctx: ParseContext) -> None:
    for customer in ("Acme", "Keep"):
        save_record(Customer, {"name": customer}, ctx)
        save_record(Stakeholder, {"name": "Boss", "customer": customer}, ctx)
        save_record(
            Stakeholder, {"name": "Anna", "customer": customer, "direct_manager": "Boss"}, ctx
        )
        meeting = save_record(Meeting, {"stakeholders": "Anna, Boss", "customer": customer}, ctx)
        parent = save_record(Project, {"name": "Rollout", "customer": customer}, ctx)
        save_record(
            Project,
            {"name": "Pilot", "customer": customer, "parent": parent, "stakeholders": "Anna"},
            ctx,
        )
        contract = save_record(
            Contract, {"customer": customer, "stakeholders": "Boss", "signed_at": "2026-01-01"}, ctx
        )
        invoice = save_record(
            Invoice,
            {"customer": customer, "billing_contact": "Anna", "invoice_date": "2026-11-01"},
            ctx,
        )
        save_record(Metric, {"customer": customer, "month": "2026-11"}, ctx)
        save_record(
            Activity,
            {
                "name": "Chase",
                "customer": customer,
                "meeting": meeting,
                "invoice": invoice,
                "contract": contract,
                "project": "Pilot",
                "stakeholder": "Anna",
            },
            ctx,
        )


def test_deleting_a_customer_with_records_is_refused_with_counts(db, ctx) -> None:
    _portfolio(ctx)
    acme = Customer.get(Customer.name == "Acme")
    with pytest.raises(DependentsError) as caught:
        delete_record(acme)
    assert caught.value.counts == {
        "stakeholders": 2,
        "meetings": 1,
        "activities": 1,
        "projects": 2,
        "contracts": 1,
        "metrics": 1,
        "invoices": 1,
    }
    assert "customer Acme has 2 stakeholders, 1 meeting," in str(caught.value)
    assert Customer.get_or_none(Customer.name == "Acme") is not None


def test_forced_delete_leaves_no_orphans(db, ctx) -> None:
    _portfolio(ctx)
    counts_before = {m: m.select().count() for m in ALL_MODELS}
    delete_record(Customer.get(Customer.name == "Acme"), force=True)
    # Exactly the other customer's share is left: everything was doubled.
    for model in (Stakeholder, Meeting, Activity, Project, Contract, Metric, Invoice):
        assert model.select().count() == counts_before[model] // 2, model.__name__
        assert all(r.customer.name == "Keep" for r in model.select())
    for through in (MeetingStakeholder, ProjectStakeholder, ContractStakeholder):
        assert through.select().count() == counts_before[through] // 2
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    chase = Activity.get()
    assert (chase.meeting.customer.name, chase.invoice.name) == ("Keep", "Keep-nov26")


def test_deleting_a_project_with_subprojects(db, ctx) -> None:
    _portfolio(ctx)
    keep = Customer.get(Customer.name == "Keep")
    rollout = find_record(Project, "Rollout", keep)
    with pytest.raises(DependentsError, match="1 subproject:"):
        delete_record(rollout)
    delete_record(rollout, force=True)
    with pytest.raises(NotFound):
        find_record(Project, "Rollout", keep)


def test_deleting_a_stakeholder_unlinks_without_losing_records(db, ctx) -> None:
    _portfolio(ctx)
    keep = Customer.get(Customer.name == "Keep")
    delete_record(find_record(Stakeholder, "Anna", keep))
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    chase = Activity.get(Activity.customer == keep)
    assert chase.stakeholder_id is None
    assert Invoice.get(Invoice.customer == keep).billing_contact_id is None
    assert [s.name for s in Meeting.get(Meeting.customer == keep).stakeholders] == ["Boss"]


def test_names_beyond_ascii_resolve_and_clash_cleanly(acme, ctx) -> None:
    # SQLite's LOWER leaves Ä as it is: lowering only the typed side used to miss it.
    save_record(Stakeholder, {"name": "Zoë Ärger", "customer": "Acme"}, ctx)
    call = save_record(
        Activity, {"name": "Call", "customer": "Acme", "stakeholder": "Zoë Ärger"}, ctx
    )
    assert call.stakeholder.name == "Zoë Ärger"
    message = refused(Stakeholder, {"name": "Zoë Ärger", "customer": "Acme"}, ctx)
    assert "a name not used by another stakeholder of Acme" in message


def test_money_keeps_two_places_whatever_the_backend(acme, ctx) -> None:
    # SQLite hands 1000.00 back as the integer 1000; PostgreSQL as 1000.00.
    from kamtui.ops.serialize import record_dict

    invoice = save_record(Invoice, {"customer": "Acme", "invoice_amount": "1000"}, ctx)
    assert str(invoice.invoice_amount) == "1000.00"
    again = Invoice.get_by_id(invoice.id)
    assert str(again.invoice_amount) == "1000.00"
    assert record_dict(again, ctx.today)["invoice_amount"] == "1000.00"


def test_deleting_a_linked_record_says_what_loses_its_link(db, ctx) -> None:
    _portfolio(ctx)
    keep = Customer.get(Customer.name == "Keep")
    anna = find_record(Stakeholder, "Anna", keep)
    assert unlinked(anna) == {"invoices": 1, "activities": 1, "meetings": 1, "projects": 1}
    boss = find_record(Stakeholder, "Boss", keep)
    assert unlinked(boss) == {"stakeholders": 1, "meetings": 1, "contracts": 1}
    invoice = Invoice.get(Invoice.name == "Keep-nov26")
    assert delete_warning(invoice) == "Linked to it, these stay but lose the link: 1 activity."
    delete_record(invoice)
    assert Activity.select().where(Activity.customer == keep).get().invoice is None
    assert delete_warning(Metric.get(Metric.customer == keep)) == "Nothing else refers to it."


def test_a_typed_state_date_without_its_status_is_refused_not_dropped(db, ctx) -> None:
    save_record(Customer, {"name": "Acme"}, ctx)
    with pytest.raises(ValidationError) as caught:
        save_record(
            Stakeholder,
            {"name": "Ann", "customer": "Acme", "status": "Active", "departed_on": "yesterday"},
            ctx,
        )
    assert "set Status to Departed" in str(caught.value)
    with pytest.raises(ValidationError, match="set Status to Done"):
        save_record(
            Activity, {"name": "Call", "status": "Pending", "done_at": "2026-12-04 10:00"}, ctx
        )
    # Re-saving a Done activity as Pending with its old done_at clears it (not typed).
    call = save_record(Activity, {"name": "Call", "status": "Done"}, ctx)
    again = save_record(Activity, {"status": "Pending", "done_at": call.done_at}, ctx, call)
    assert again.done_at is None


def test_an_empty_name_is_reported_with_the_other_typing_mistakes(db, ctx) -> None:
    with pytest.raises(ValidationError) as caught:
        save_record(Activity, {"name": "", "due_date": "blah"}, ctx)
    assert {p.field for p in caught.value.problems} == {"name", "due_date"}


def test_a_save_over_someone_elses_edit_is_a_conflict_not_an_overwrite(db, ctx) -> None:
    from datetime import datetime

    from kamtui.db.fields import ParseContext
    from kamtui.ops.records import EditConflict

    save_record(Customer, {"name": "Atlas", "tier": "C"}, ctx)
    mine = Customer.get(Customer.name == "Atlas")  # the form opens it
    opened = mine.updated_at
    later = ParseContext(ctx.today, now=datetime(2026, 12, 4, 11, 0))
    save_record(Customer, {"tier": "A"}, later, Customer.get_by_id(mine.id))  # the CLI
    with pytest.raises(EditConflict, match="changed elsewhere at 11:00"):
        save_record(Customer, {"tier": "B", "notes": "mine"}, ctx, mine, unchanged_since=opened)
    assert Customer.get_by_id(mine.id).tier == "A"  # nothing written
    saved = save_record(Customer, {"tier": "B"}, ctx, mine)  # "Save mine"
    assert saved.tier == "B" and Customer.get_by_id(mine.id).tier == "B"
