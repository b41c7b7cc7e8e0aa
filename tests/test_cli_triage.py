"""The triage commands as a user runs them: triage, health, snooze, ack, done, config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from triage_data import activity, at, customer, days, invoice, meeting

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
from kamtui.db.models import Activity, Invoice


@pytest.fixture
def portfolio(db_path: Path) -> Path:
    open_database(str(db_path))
    acme = customer(cadence="High", contract_end=days(20), arr="50000")
    activity(acme, "Send deck", due_date=days(-1))
    invoice(acme, name="Acme-nov26", invoice_due_date=days(-3))
    meeting(acme, at(-3), mood="2")
    close_database()
    return db_path


def run(db_path: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", str(db_path), "--today", "2026-12-04", *args])
    close_database()
    return result


def test_triage_json_parses_and_has_the_public_fields(portfolio: Path) -> None:
    result = run(portfolio, "triage", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kinds = {i["kind"] for i in data}
    assert {"activity_overdue", "invoice_follow_up", "renewal"} <= kinds
    for item in data:
        assert {"kind", "severity", "customer", "entity", "id", "title", "due", "reason"} <= set(
            item
        )
    follow_up = next(i for i in data if i["kind"] == "invoice_follow_up")
    assert follow_up["stage"] == 1


def test_triage_table_groups_by_severity_with_ids(portfolio: Path) -> None:
    result = run(portfolio, "triage")
    assert result.exit_code == 0
    assert "OVERDUE (" in result.output and "SOON (" in result.output
    assert "activity_overdue:activity:" in result.output


def test_triage_filters_by_kind_and_customer(portfolio: Path) -> None:
    data = json.loads(run(portfolio, "triage", "--json", "--kind", "renewal").output)
    assert [i["kind"] for i in data] == ["renewal"]
    both = run(portfolio, "triage", "--json", "--kind", "renewal,activity-overdue", "--customer",
               "acme")  # fmt: skip
    assert {i["kind"] for i in json.loads(both.output)} == {"renewal", "activity_overdue"}


def test_unknown_kind_lists_the_kinds(portfolio: Path) -> None:
    result = run(portfolio, "triage", "--kind", "invoices")
    assert result.exit_code == 2
    assert "unknown triage kind 'invoices'" in result.output and "low_activation" in result.output


def test_snooze_echoes_the_date_understood_and_ack_hides(portfolio: Path) -> None:
    data = json.loads(run(portfolio, "triage", "--json").output)
    act = next(i["id"] for i in data if i["kind"] == "activity_overdue")
    renewal = next(i["id"] for i in data if i["kind"] == "renewal")
    result = run(portfolio, "snooze", act, "--until", "monday")
    assert result.exit_code == 0
    assert "until Mon 07 Dec 2026 (2026-12-07)" in result.output
    assert run(portfolio, "ack", renewal).exit_code == 0
    left = {i["id"] for i in json.loads(run(portfolio, "triage", "--json").output)}
    assert act not in left and renewal not in left
    everything = json.loads(run(portfolio, "triage", "--json", "--all").output)
    states = {i["id"]: i["state"] for i in everything}
    assert (states[act], states[renewal]) == ("snoozed", "acknowledged")
    bad = run(portfolio, "snooze", "nope:activity:1", "--until", "+3d")
    assert bad.exit_code == 1 and "kamtui triage --all" in bad.output


def test_done_marks_activity_and_invoice(portfolio: Path) -> None:
    assert "is Done" in run(portfolio, "done", "activity", "Send deck").output
    assert "is Paid" in run(portfolio, "done", "invoice", "acme-nov26").output
    open_database(str(portfolio))
    act, inv = Activity.get(), Invoice.get()
    assert act.status == "Done" and act.done_at is not None
    assert inv.amount_collected == inv.invoice_amount and inv.paid_date == days(0)
    close_database()
    refused = run(portfolio, "done", "customer", "Acme")
    assert refused.exit_code == 2 and "activity, project or invoice" in refused.output


def test_health_portfolio_and_one_customer(portfolio: Path) -> None:
    data = json.loads(run(portfolio, "health", "--json").output)
    assert data["portfolio"]["accounts_by_tier"] == {"A": 1}
    assert data["customers"][0]["customer"] == "Acme"
    assert data["customers"][0]["churn_risk"] is not None
    text = run(portfolio, "health", "Acme").output
    assert "churn risk" in text and "Why:" in text and "30 days ago" in text


def test_config_prints_path_and_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kamtui.toml"
    path.write_text("[churn]\nalert_score = 70\n")
    monkeypatch.setenv("KAMTUI_CONFIG", str(path))
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "config", "--json"])
    data = json.loads(result.output)
    assert data["path"] == str(path) and data["settings"]["churn.alert_score"] == 70
    text = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "config"]).output
    assert str(path) in text and "renewal.window_days.a" in text
    path.write_text("[churn]\nalert_score = 700\n")
    bad = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "config"])
    assert bad.exit_code == 1 and "churn.alert_score = 700" in bad.output
