from pathlib import Path

import peewee as pw

from kamtui.db.connection import SQLITE_PRAGMAS
from kamtui.db.fields import ParseContext
from kamtui.db.models import Customer
from kamtui.db.watch import change_token
from kamtui.ops.records import save_record


def test_token_changes_when_another_connection_commits(db: pw.Database, db_path: Path,
                                                       ctx: ParseContext) -> None:
    save_record(Customer, {"name": "Acme"}, ctx)
    before = change_token(db)
    assert change_token(db) == before  # nothing happened

    other = pw.SqliteDatabase(str(db_path), pragmas=SQLITE_PRAGMAS)
    with other.bind_ctx([Customer]):
        Customer.update(tier="B").execute()
    other.close()

    assert change_token(db) != before
