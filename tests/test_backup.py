"""Backups while the database is in use, and restores that keep what they replace."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
from kamtui.db.fields import ParseContext
from kamtui.db.models import Customer
from kamtui.ops.records import save_record
from tests.conftest import TODAY


def run(db_path: Path, *args: str) -> object:
    result = CliRunner().invoke(main, ["--db", str(db_path), "--today", "2026-12-04", *args])
    close_database()
    return result


def make_db(path: Path, *names: str) -> None:
    open_database(str(path))
    for name in names:
        save_record(Customer, {"name": name}, ParseContext(TODAY))
    close_database()


def names_in(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(name for (name,) in connection.execute("SELECT name FROM customer"))
    finally:
        connection.close()


def test_backup_while_another_connection_is_writing(tmp_path: Path) -> None:
    db_path = tmp_path / "kamtui.db"
    make_db(db_path, "Acme")
    app = sqlite3.connect(db_path)  # the app, with a committed write still in the WAL
    app.execute("PRAGMA journal_mode=wal")
    app.execute(
        "INSERT INTO customer (name, name_key, created_at, updated_at, channel, lifecycle) "
        "VALUES ('Globex', 'globex', '2026-12-04', '2026-12-04', '[]', 'Active')"
    )
    app.commit()
    app.execute("BEGIN IMMEDIATE")  # and an open write transaction
    app.execute("UPDATE customer SET notes = 'uncommitted' WHERE name = 'Acme'")
    try:
        result = run(db_path, "backup", "-o", str(tmp_path / "copy.db"))
        assert result.exit_code == 0, result.output
    finally:
        app.rollback()
        app.close()
    copy = tmp_path / "copy.db"
    assert names_in(copy) == ["Acme", "Globex"]
    with sqlite3.connect(copy) as check:
        assert check.execute("SELECT notes FROM customer WHERE name='Acme'").fetchone() == (None,)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert run(db_path, "backup", "-o", str(copy)).exit_code == 1  # never overwrites
    # One self-contained file: opening (checking) it leaves no -wal/-shm beside it.
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == ["copy.db"]


def test_default_backup_name_is_beside_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "kamtui.db"
    make_db(db_path, "Acme")
    result = run(db_path, "backup")
    assert result.exit_code == 0, result.output
    (copy,) = tmp_path.glob("kamtui-backup-20261204-*.db")
    assert names_in(copy) == ["Acme"]


def test_restore_asks_keeps_the_replaced_file_and_checks_the_backup(tmp_path: Path) -> None:
    db_path = tmp_path / "kamtui.db"
    backup = tmp_path / "backup.db"
    make_db(backup, "Old Co")
    make_db(db_path, "Current Co", "Second Co")

    refused = run(db_path, "restore", str(backup))
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert names_in(db_path) == ["Current Co", "Second Co"]

    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello")
    assert "not a SQLite database" in run(db_path, "restore", str(not_sqlite), "--yes").output
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert "not a kamtui database" in run(db_path, "restore", str(other), "--yes").output
    assert names_in(db_path) == ["Current Co", "Second Co"]

    done = run(db_path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output
    assert names_in(db_path) == ["Old Co"]
    (replaced,) = tmp_path.glob("kamtui.db.replaced-20261204-*")
    assert names_in(replaced) == ["Current Co", "Second Co"]
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o600
    open_database(str(db_path))  # the app opens the restored file normally
    try:
        assert [c.name for c in Customer.select()] == ["Old Co"]
    finally:
        close_database()
