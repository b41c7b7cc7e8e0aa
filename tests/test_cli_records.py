"""The scriptable CLI: add, list, show, edit, rm, export and import, as a user runs them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import kamtui.cli.records as records_cli
from kamtui.cli import main
from kamtui.db.connection import close_database


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str, db: str = "cli.db", today: str = "2026-12-04", input: str | None = None):
        result = runner.invoke(
            main, ["--db", str(tmp_path / db), "--today", today, *args], input=input
        )
        close_database()
        return result

    return invoke


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def failed(result) -> str:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def portfolio(run):
    ok(run("add", "customer", "name=Acme", "tier=A", "arr=1250.5", "contract_end=Dec 31 2027"))
    ok(run("add", "customer", "name=Beta", "tier=B"))
    ok(run("add", "stakeholder", "name=Anna", "customer=Acme", "buying_level=decision maker"))
    ok(run("add", "meeting", "stakeholders=Anna", "purpose=Renewals,Expansion", "date_time=-3d"))
    ok(run("add", "meeting", "customer=Beta", "purpose=Projects", "date_time=-1d"))
    ok(run("add", "activity", "name=Late one", "customer=Acme", "due_date=yesterday"))
    ok(run("add", "activity", "name=Future one", "customer=Acme", "due_date=+1w"))
    ok(run("add", "activity", "name=Done one", "customer=Beta", "due_date=-1w", "status=Done"))
    ok(run("add", "invoice", "customer=Acme", "invoice_date=2026-10-01",
           "invoice_due_date=2026-10-31", "invoice_amount=1000"))  # fmt: skip
    return run


# -- add / edit echo what was understood -----------------------------------------------


def test_add_echoes_every_date_understood(run) -> None:
    out = ok(run("add", "customer", "name=Acme", "contract_end=Dec 31 2027", "contract_start=-1y"))
    assert "Created customer Acme" in out
    assert "contract_end = 2027-12-31 (Fri 31 Dec 2027)" in out
    assert "contract_start = 2025-12-04 (Thu 04 Dec 2025)" in out
    out = ok(run("edit", "customer", "acme", "contract_end=+1y"))
    assert "contract_end = 2027-12-04 (Sat 04 Dec 2027)" in out


def test_add_echoes_what_was_derived(run) -> None:
    ok(run("add", "customer", "name=Customer A"))
    out = ok(run("add", "invoice", "customer=customer a", "invoice_date=Jul 3 2026"))
    assert "Created invoice CustomerA-jul26 (Customer A)" in out
    assert "name = CustomerA-jul26" in out


def test_add_json(run) -> None:
    data = json.loads(ok(run("add", "customer", "name=Acme", "channel=zoom,email", "--json")))
    assert (data["name"], data["channel"], data["lifecycle"]) == (
        "Acme",
        ["Email", "Zoom"],
        "Active",
    )


def test_bad_input_is_a_clean_error(run) -> None:
    out = failed(run("add", "customer", "name=Acme", "arr=-5"))
    assert "arr '-5' is not valid, expected an amount of money of at least 0" in out
    out = failed(run("add", "customers", "tier"))
    assert "'tier' is not field=value" in out
    out = failed(run("add", "gadgets", "name=x"))
    assert "unknown entity 'gadgets'" in out
    assert json.loads(ok(run("list", "customers", "--json"))) == []


def test_edit_with_nothing_changed(portfolio) -> None:
    assert "Nothing changed" in ok(portfolio("edit", "customer", "Acme", "tier=a"))


def test_edit_departed_sets_the_clock(portfolio) -> None:
    out = ok(portfolio("edit", "stakeholder", "Anna", "--customer", "Acme", "status=departed"))
    assert "status = Departed" in out
    assert "departed_on = 2026-12-04 (Fri 04 Dec 2026)" in out


def test_edit_unknown_record(portfolio) -> None:
    out = failed(portfolio("edit", "customer", "Zeta", "tier=A"))
    assert "no customer named 'Zeta'" in out


# -- list ------------------------------------------------------------------------------


def test_list_table_shows_effective_status_and_money(portfolio) -> None:
    out = ok(portfolio("list", "activities"))
    lines = {line.split()[1]: line for line in out.splitlines()[2:]}
    assert "Overdue" in lines["Late"] and "Pending" in lines["Future"] and "Done" in lines["Done"]
    customers = ok(portfolio("list", "customer"))
    assert "1,250.50" in customers and "2027-12-31" in customers
    invoices = ok(portfolio("list", "receivables"))
    assert "Acme-oct26" in invoices and "Overdue" in invoices and "1,000.00" in invoices


@pytest.mark.parametrize(
    ("entity", "where", "names"),
    [
        ("customers", ["tier=a"], ["Acme"]),
        ("activities", ["status=overdue"], ["Late one"]),
        ("activities", ["status=Pending"], ["Future one"]),
        ("activities", ["customer=acme"], ["Future one", "Late one"]),
        ("activities", ["due_date=yesterday"], ["Late one"]),
        ("meetings", ["purpose=Renewals"], ["Acme Meeting 2026-12-01"]),
        ("meetings", ["purpose=renewals,expansion"], ["Acme Meeting 2026-12-01"]),
        ("meetings", ["purpose=Projects"], ["Beta Meeting 2026-12-03"]),
        ("meetings", ["stakeholders=anna"], ["Acme Meeting 2026-12-01"]),
        ("invoices", ["status=Overdue"], ["Acme-oct26"]),
        ("invoices", ["payment_status=Open"], []),
        ("stakeholders", ["buying_level=Decision Maker", "customer=Acme"], ["Anna"]),
        ("stakeholders", ["customer=Beta"], []),
    ],
)
def test_list_where(portfolio, entity, where, names) -> None:
    args = [arg for pair in where for arg in ("--where", pair)]
    data = json.loads(ok(portfolio("list", entity, *args, "--json")))
    assert sorted(r["name"] for r in data) == names


def test_list_customer_option(portfolio) -> None:
    data = json.loads(ok(portfolio("list", "meetings", "--customer", "beta", "--json")))
    assert [r["customer"] for r in data] == ["Beta"]


def test_list_where_unknown_field_lists_the_valid_ones(portfolio) -> None:
    out = failed(portfolio("list", "meetings", "--where", "colour=red"))
    assert "meetings have no field 'colour'" in out
    assert "purpose" in out and "meeting_type" in out


def test_list_where_bad_value(portfolio) -> None:
    out = failed(portfolio("list", "meetings", "--where", "purpose=Party"))
    assert "--where purpose='Party': expected one of Projects, Targets" in out


def test_list_empty(run) -> None:
    assert "No customers yet." in ok(run("list", "customers"))


# -- show ------------------------------------------------------------------------------


def test_show(portfolio) -> None:
    out = ok(portfolio("show", "customer", "ACME"))
    assert "contract_end" in out and "2027-12-31 (Fri 31 Dec 2027)" in out
    assert "1 stakeholder, 1 meeting, 2 activities, 1 invoice" in out
    out = ok(portfolio("show", "activity", "Late one"))
    assert "Overdue (stored: Pending)" in out
    data = json.loads(ok(portfolio("show", "invoice", "Acme-oct26", "--json")))
    assert (data["dso"], data["invoice_amount"]) == (64, "1000.00")


# -- rm --------------------------------------------------------------------------------


def test_rm_refuses_with_counts_unless_forced(portfolio) -> None:
    out = failed(portfolio("rm", "customer", "Acme"))
    assert "customer Acme has 1 stakeholder, 1 meeting, 2 activities, 1 invoice" in out
    out = ok(portfolio("rm", "customer", "Acme", "--force"))
    assert "Deleted customer Acme and its 1 stakeholder," in out
    remaining = json.loads(ok(portfolio("list", "activities", "--json")))
    assert [a["customer"] for a in remaining] == ["Beta"]


def test_rm_asks_in_a_terminal(portfolio, monkeypatch) -> None:
    monkeypatch.setattr(records_cli, "_interactive", lambda: True)
    out = failed(portfolio("rm", "activity", "Late one", input="n\n"))
    assert "Delete activity Late one (Acme)?" in out
    assert "Aborted" in out
    assert len(json.loads(ok(portfolio("list", "activities", "--json")))) == 3
    ok(portfolio("rm", "activity", "Late one", input="y\n"))
    ok(portfolio("rm", "activity", "Future one", "--yes"))
    assert len(json.loads(ok(portfolio("list", "activities", "--json")))) == 1


def test_every_command_has_help_with_an_example(run) -> None:
    for command in ("add", "list", "show", "edit", "rm", "log", "export", "import"):
        out = ok(run(command, "--help"))
        assert "Example" in out
        assert f"  kamtui {command} " in out  # the example itself


# -- export / import -------------------------------------------------------------------


def test_export_import_round_trip_on_the_command_line(portfolio, tmp_path) -> None:
    target = tmp_path / "out.json"
    ok(portfolio("export", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    stdout = ok(portfolio("export", "--format", "json"))
    assert json.loads(stdout) == json.loads(target.read_text())
    out = ok(portfolio("import", str(target), "--dry-run", db="empty.db"))
    assert "would be created" in out and "Dry run: nothing was written." in out
    assert json.loads(ok(portfolio("list", "customers", "--json", db="empty.db"))) == []
    out = ok(portfolio("import", str(target), db="empty.db"))
    assert "2 customers" in out
    assert ok(portfolio("export", db="empty.db")) == stdout
    out = ok(portfolio("import", str(target), db="empty.db"))
    assert "0 were created; 0 were updated" in out


def test_export_narrows_an_existing_file_to_its_owner(portfolio, tmp_path) -> None:
    target = tmp_path / "open.json"
    target.write_text("old")
    target.chmod(0o644)
    ok(portfolio("export", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["format"] == "kamtui"


def test_import_rejected_lists_every_problem_and_exits_1(portfolio, tmp_path) -> None:
    before = ok(portfolio("export"))
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "kamtui",
                "version": 1,
                "customers": [{"name": "New"}, {"name": "Acme", "tier": "Q"}],
                "activities": [{"name": "X", "customer": "Acme", "due_date": "someday"}],
            }
        )
    )
    result = portfolio("import", str(bad))
    assert result.exit_code == 1
    assert "Import rejected, nothing was written: 2 problem(s)" in result.output
    assert "customers[1]: customer 'Acme': tier 'Q' is not valid" in result.output
    assert "activities[0]: activity 'X': due_date 'someday' is not valid" in result.output
    assert ok(portfolio("export")) == before
    out = ok(portfolio("import", str(bad), "--skip-bad"))
    assert "1 was created (1 customer)" in out and "2 bad record(s) skipped" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("nope", "is not a JSON file"), ('{"format": "csv"}', "not a kamtui document")],
)
def test_import_of_something_else(run, tmp_path, content, message) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    assert message in failed(run("import", str(path)))


def test_import_group_keeps_other_formats_as_subcommands() -> None:
    from kamtui.cli.data import export_group, import_group

    assert {"json", "notion", "csv"} <= set(import_group.commands)
    assert {"json", "csv"} <= set(export_group.commands)
    assert main.commands["import"] is import_group
