"""Numbered, hand-written schema migrations, run when a database is opened.

A new database is created at the latest schema. An existing one is copied to a
backup file next to it, then brought forward one numbered step at a time, each in
a transaction. Migrations use :mod:`playhouse.migrate`, so they run on SQLite and
PostgreSQL alike. Nothing is introspected or auto-detected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from kamtui.db.connection import backup_sqlite
from kamtui.db.models import ALL_MODELS, SchemaVersion, TriageState


def _m2_triage_state(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Version 2: snoozed and acknowledged triage items persist."""
    db.create_tables([TriageState])


def _m3_read_indexes(migrator: SchemaMigrator, db: pw.Database) -> None:
    """Version 3: indexes for the triage's reads and the lists' filters."""
    migrate(
        migrator.add_index("activity", ("status",)),
        migrator.add_index("activity", ("due_date",)),
        migrator.add_index("activity", ("name", "owner", "customer_id", "due_date")),
        migrator.add_index("meeting", ("date_time",)),
        migrator.add_index("meeting", ("customer_id", "status", "date_time")),
        migrator.add_index("metric", ("month", "customer_id", "mau", "sponsor_health")),
        migrator.add_index("invoice", ("customer_id", "invoice_date")),
        migrator.add_index("invoice", ("invoice_date",)),
    )


MIGRATIONS: dict[int, Callable[[SchemaMigrator, pw.Database], None]] = {
    2: _m2_triage_state,
    3: _m3_read_indexes,
}
LATEST = max(MIGRATIONS)


def schema_version(db: pw.Database) -> int | None:
    """The schema version of ``db``, or ``None`` for an empty database."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row) if row is not None else None


def _migrator(db: pw.Database) -> SchemaMigrator:
    if isinstance(db, pw.PostgresqlDatabase):
        return PostgresqlMigrator(db)
    return SqliteMigrator(db)


def _backup_before_migrating(db: pw.Database, version: int) -> Path | None:
    if not isinstance(db, pw.SqliteDatabase) or db.database == ":memory:":
        return None
    source = Path(db.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup_sqlite(db, source.with_name(f"{source.name}.v{version}-{stamp}.bak"))


def migrate_database(db: pw.Database) -> list[int]:
    """Create or upgrade the schema of ``db``; returns the versions applied."""
    version = schema_version(db)
    if version is None:
        with db.atomic():
            db.create_tables(ALL_MODELS)
            SchemaVersion.create(version=LATEST)
        return []
    if version > LATEST:
        raise RuntimeError(
            f"this database has schema version {version}, newer than this kamtui "
            f"understands ({LATEST}): upgrade kamtui"
        )
    applied: list[int] = []
    if version < LATEST:
        _backup_before_migrating(db, version)
        migrator = _migrator(db)
        for number in range(version + 1, LATEST + 1):
            with db.atomic():
                MIGRATIONS[number](migrator, db)
                SchemaVersion.create(version=number)
            applied.append(number)
    return applied
