"""Backups and restores of a SQLite database file.

Both directions use SQLite's online backup API, page by page inside SQLite, so
a backup is consistent even while the app (or another kamtui) has the database
open, and a restore never leaves a stale write-ahead log behind (copying the
file with ``cp`` could do both). Files are private (mode 0600): customer data is
confidential.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import peewee as pw

from kamtui.db.connection import backup_sqlite
from kamtui.db.migrations import LATEST
from kamtui.db.models import ENTITY_MODELS, SchemaVersion

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(ValueError):
    """A backup or restore that cannot be done (not SQLite, not a kamtui file...)."""


def stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def default_backup_path(db_file: Path, now: datetime) -> Path:
    """``kamtui.db`` → ``kamtui-backup-20261204-093000.db`` beside it."""
    return db_file.with_name(f"{db_file.stem}-backup-{stamp(now)}{db_file.suffix or '.db'}")


def backup(db: pw.Database, dest: Path) -> Path:
    """Write a consistent copy of the open database ``db`` to ``dest`` (mode 0600)."""
    if not isinstance(db, pw.SqliteDatabase):
        raise BackupError(
            "kamtui backup copies SQLite files; back up a PostgreSQL database with pg_dump"
        )
    if dest.exists():
        raise BackupError(f"{dest} already exists: choose another file")
    backup_sqlite(db, dest)
    os.chmod(dest, 0o600)
    return dest


def check_kamtui_file(path: Path) -> int:
    """The schema version of the kamtui database at ``path``; BackupError if it is not one."""
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite database")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        needed = {m._meta.table_name for m in (*ENTITY_MODELS, SchemaVersion)}
        missing = sorted(needed - tables)
        if missing:
            raise BackupError(
                f"{path} is not a kamtui database (it has no {', '.join(missing)} table)"
            )
        (version,) = connection.execute(
            f"SELECT MAX(version) FROM {SchemaVersion._meta.table_name}"
        ).fetchone()
        (check,) = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc})") from None
    finally:
        connection.close()
    if check != "ok":
        raise BackupError(f"{path} is damaged: SQLite's check says {check}")
    if version is None or version > LATEST:
        raise BackupError(
            f"{path} has schema version {version}, which this kamtui (version {LATEST}) cannot read"
        )
    return int(version)


def _copy(source: Path, dest: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if not dest.exists():
            os.close(os.open(dest, os.O_CREAT | os.O_WRONLY, 0o600))
        target = sqlite3.connect(str(dest))
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()
    os.chmod(dest, 0o600)


def restore(source: Path, target: Path, now: datetime) -> Path | None:
    """Replace the database file ``target`` by the kamtui backup ``source``.

    The file replaced is first copied to ``<target>.replaced-<stamp>``, which is
    returned (None when there was no database to replace).
    """
    check_kamtui_file(source)
    if source.resolve() == target.resolve():
        raise BackupError(f"{source} is the database itself")
    replaced = None
    if target.exists() and target.stat().st_size > 0:
        replaced = target.with_name(f"{target.name}.replaced-{stamp(now)}")
        if replaced.exists():
            raise BackupError(f"{replaced} already exists: try again in a second")
        _copy(target, replaced)
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return replaced
