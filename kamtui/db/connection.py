"""One switch for the database: a file path, ``sqlite:///...`` or ``postgresql://...``.

Nothing happens on import: :func:`open_database` connects, migrates and binds the
models. SQLite runs with WAL, foreign keys and a busy timeout; files are created
with mode 0600 because customer data is confidential.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee as pw
from platformdirs import user_data_dir
from playhouse.db_url import connect as connect_url

from kamtui.db.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 15000,
    "synchronous": "normal",
}
ENV_VAR = "KAMTUI_DB"


def data_dir() -> Path:
    return Path(user_data_dir("kamtui", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "kamtui.db"


def demo_db_path() -> Path:
    """The demo portfolio's own file, beside (never inside) the real database."""
    return data_dir() / "demo.db"


def resolve_target(option: str | None) -> str:
    """The database the user asked for: ``--db``, else ``$KAMTUI_DB``, else the default."""
    return option or os.environ.get(ENV_VAR) or str(default_db_path())


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_path(target: str) -> Path | None:
    """The file behind ``target``, or ``None`` for a server database."""
    if target.startswith("sqlite:///"):
        return Path(target[len("sqlite:///") :])
    if is_url(target):
        return None
    return Path(target).expanduser()


def _touch_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def connect(target: str) -> pw.Database:
    """A peewee database for a path or URL, not yet bound to the models."""
    path = sqlite_path(target)
    if path is None:
        if target.startswith(("sqlite://", "postgres")) or target.startswith("postgresql"):
            return connect_url(target)
        raise ValueError(
            f"unsupported database {target!r}: expected a file path, sqlite:///path "
            "or postgresql://user@host/dbname"
        )
    if str(path) == ":memory:":
        return pw.SqliteDatabase(":memory:", pragmas=SQLITE_PRAGMAS)
    _touch_private(path)
    return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)


def open_database(target: str, *, migrate: bool = True) -> pw.Database:
    """Connect to ``target``, bind the models to it and bring its schema up to date."""
    from kamtui.db.migrations import migrate_database

    db = connect(target)
    database.initialize(db)
    db.connect(reuse_if_open=True)
    if migrate:
        migrate_database(db)
    return db


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


@contextmanager
def write_transaction() -> Iterator[Any]:
    """A transaction that takes SQLite's write lock up front.

    A deferred transaction that reads then writes can fail at once with "database
    is locked" when another process writes meanwhile; IMMEDIATE waits (busy
    timeout) instead. PostgreSQL needs no such care. Yields the transaction, so
    callers can ``rollback()`` it.
    """
    db = database.obj
    if isinstance(db, pw.SqliteDatabase) and not db.in_transaction():
        with db.atomic("IMMEDIATE") as transaction:
            yield transaction
    else:
        with database.atomic() as transaction:
            yield transaction


def backup_sqlite(db: pw.Database, dest: Path) -> Path:
    """A consistent copy of a SQLite database, taken with SQLite's online backup."""
    if not isinstance(db, pw.SqliteDatabase):
        raise ValueError("online backup is only available for SQLite databases")
    dest.parent.mkdir(parents=True, exist_ok=True)
    _touch_private(dest)
    target = sqlite3.connect(str(dest))
    try:
        db.connection().backup(target)
        # The copy is one self-contained file: not WAL, which would leave -wal and
        # -shm files beside it whenever it is opened (checked, restored).
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    return dest
