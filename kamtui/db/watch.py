"""Notice that another process changed the database (``kamtui log`` over SSH, a cron
import) so an open app can refresh what it shows.
"""

from __future__ import annotations

from typing import Any

import peewee as pw


def change_token(db: pw.Database) -> Any:
    """A value that differs after another connection committed a change.

    SQLite says so itself (``PRAGMA data_version``: per connection, cheap).
    PostgreSQL's write-ahead log position moves with every committed write on the
    server (other databases' writes too: at worst a needless refresh).
    """
    if isinstance(db, pw.PostgresqlDatabase):
        return db.execute_sql("SELECT pg_current_wal_lsn()").fetchone()[0]
    return db.execute_sql("PRAGMA data_version").fetchone()[0]


def data_token(db: pw.Database) -> Any:
    """A value that differs after any change to ``db``: another connection's commit
    (:func:`change_token`) or a write on this thread's own connection."""
    own = db.connection().total_changes if isinstance(db, pw.SqliteDatabase) else None
    return (id(db), change_token(db), own)
