from pathlib import Path

from click.testing import CliRunner

from kamtui.cli import main


def test_brackets_typed_in_a_record_are_shown_as_typed(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    runner.invoke(main, ["--db", db, "add", "customer", "name=Acme [b]"], catch_exceptions=False)
    runner.invoke(
        main,
        [
            "--db",
            db,
            "--today",
            "2026-12-04",
            "add",
            "activity",
            "name=Call [urgent]",
            "customer=Acme [b]",
            "due_date=today",
        ],
    )
    listed = runner.invoke(main, ["--db", db, "list", "customers"]).output
    assert "Acme [b]" in listed
    triage = runner.invoke(main, ["--db", db, "--today", "2026-12-04", "triage"]).output
    assert "Call [urgent]" in triage and "Acme [b]" in triage
