"""Notice that another process changed the database (``kamtui log`` over SSH, a cron
import) so an open app can refresh what it shows.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from kamtui.db.models import ALL_MODELS, SchemaVersion


def change_token(db: pw.Database) -> Any:
    """A value that differs after any other connection committed a change.

    SQLite says so itself (``PRAGMA data_version``, per connection, cheap). Other
    databases are compared by each table's row count and latest ``updated_at``.
    """
    if isinstance(db, pw.SqliteDatabase):
        return db.execute_sql("PRAGMA data_version").fetchone()[0]
    token = []
    for model in ALL_MODELS:
        if model is SchemaVersion:
            continue
        stamp = model._meta.fields.get("updated_at") or model._meta.fields.get("created_at")
        columns = [pw.fn.COUNT(model._meta.primary_key)]
        if stamp is not None:
            columns.append(pw.fn.MAX(stamp))
        token.append(tuple(model.select(*columns).tuples().get()))
    return tuple(token)
