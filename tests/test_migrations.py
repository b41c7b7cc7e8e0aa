import sqlite3
from pathlib import Path

from kamtui.db.connection import close_database, open_database
from kamtui.db.migrations import LATEST, schema_version
from kamtui.db.models import Customer, TriageState

SCHEMA_V1 = Path(__file__).parent / "data" / "schema_v1.sql"


def _make_v1(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V1.read_text())
    con.execute(
        "INSERT INTO customer (name, name_key, tier, lifecycle, created_at, updated_at) "
        "VALUES ('Acme', 'acme', 'A', 'Active', '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
    )
    con.commit()
    con.close()


def test_first_schema_is_migrated_keeping_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_v1(path)

    db = open_database(str(path))
    try:
        assert schema_version(db) == LATEST
        assert Customer.get().name == "Acme"
        assert TriageState.select().count() == 0  # the table of version 2 exists
    finally:
        close_database()

    backups = list(tmp_path.glob("old.db.v1-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "triage_state" not in tables and "customer" in tables
    old.close()


def test_new_database_is_created_at_latest_version_with_private_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = open_database(str(path))
    try:
        assert schema_version(db) == LATEST
    finally:
        close_database()
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.bak"))


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "p.db"))
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        close_database()


def _indexes(path: Path) -> set[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
        return {(table, name) for table, name in rows if not name.startswith("sqlite_")}
    finally:
        con.close()


def test_a_migrated_database_has_the_indexes_of_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    _make_v1(old)
    for path in (old, new):
        open_database(str(path))
        close_database()
    assert _indexes(old) == _indexes(new)
    assert ("meeting", "meeting_customer_id_status_date_time") in _indexes(old)
