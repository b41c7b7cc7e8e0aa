"""The same operations on PostgreSQL: every query must be portable.

Runs when ``KAMTUI_TEST_PG`` names a server (``.ci/run`` starts a throwaway one
with ``.ci/start-postgres``); skipped otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import peewee as pw
import pytest

from kamtui.db.connection import close_database, open_database
from kamtui.db.fields import ParseContext
from kamtui.db.migrations import LATEST, schema_version
from kamtui.db.models import Customer, Meeting, Stakeholder
from kamtui.exchange.json_io import export_document, import_document
from kamtui.exchange.loader import ImportFailed
from kamtui.ops.records import DependentsError, delete_record, save_record

PG_URL = os.environ.get("KAMTUI_TEST_PG")
pytestmark = pytest.mark.skipif(not PG_URL, reason="KAMTUI_TEST_PG not set")


@pytest.fixture
def pg() -> Iterator[pw.Database]:
    admin = pw.PostgresqlDatabase(None)
    admin.init(**_url_parts())
    admin.execute_sql("DROP SCHEMA public CASCADE")
    admin.execute_sql("CREATE SCHEMA public")
    admin.close()
    db = open_database(PG_URL)
    yield db
    close_database()


def _url_parts() -> dict[str, object]:
    from urllib.parse import urlparse

    from playhouse.db_url import parseresult_to_dict

    parts = parseresult_to_dict(urlparse(PG_URL))
    return {"database": parts.pop("database"), **parts}


def _portfolio(ctx: ParseContext) -> None:
    save_record(
        Customer,
        {
            "name": "Acme",
            "tier": "A",
            "channel": "Email, Zoom",
            "arr": "1200.50",
            "contract_start": "2026-01-01",
            "contract_end": "2027-01-01",
        },
        ctx,
    )
    save_record(
        Stakeholder, {"name": "Boss", "customer": "acme", "buying_level": "Budget Owner"}, ctx
    )
    save_record(Stakeholder, {"name": "Ann", "customer": "Acme", "direct_manager": "Boss"}, ctx)
    save_record(
        Meeting,
        {
            "stakeholders": "Ann, Boss",
            "purpose": "Renewals, Churn Risk",
            "date_time": "2026-12-01 10:00",
            "mood": "4",
        },
        ctx,
    )


def test_schema_is_created_and_records_saved(pg: pw.Database, ctx: ParseContext) -> None:
    assert schema_version(pg) == LATEST
    _portfolio(ctx)
    meeting = Meeting.get()
    assert meeting.customer.name == "Acme"
    assert Meeting.select().where(Meeting.purpose.includes("Renewals")).count() == 1
    assert Meeting.select().where(Meeting.purpose.includes("Expansion")).count() == 0
    assert str(Customer.get().arr) == "1200.50"


def test_json_round_trip_and_rejected_import(pg: pw.Database, ctx: ParseContext) -> None:
    _portfolio(ctx)
    document = export_document(ctx.today)
    bad = {**document, "customers": [{**document["customers"][0], "tier": "Z"}]}
    with pytest.raises(ImportFailed):
        import_document(bad, ctx)
    assert Customer.get().tier == "A"
    report = import_document(document, ctx)
    assert sum(report.unchanged.values()) == 4
    assert export_document(ctx.today) == document


def test_delete_refusal_and_forced_cascade(pg: pw.Database, ctx: ParseContext) -> None:
    _portfolio(ctx)
    acme = Customer.get()
    with pytest.raises(DependentsError):
        delete_record(acme)
    delete_record(acme, force=True)
    assert Stakeholder.select().count() == 0 and Meeting.select().count() == 0


def test_change_token_notices_writes(pg: pw.Database, ctx: ParseContext) -> None:
    from kamtui.db.watch import change_token

    _portfolio(ctx)
    before = change_token(pg)
    assert change_token(pg) == before
    save_record(Customer, {"tier": "B"}, ctx, Customer.get())
    assert change_token(pg) != before


def test_demo_triage_health_and_exports_run_on_postgresql(pg: pw.Database) -> None:
    from kamtui.config import Settings
    from kamtui.domain.portfolio import load_portfolio
    from kamtui.domain.triage import triage
    from kamtui.ops.demo import build_demo

    today = date(2026, 12, 4)
    build_demo(today)
    items = triage(today, Settings())
    assert len({item.kind for item in items}) >= 12
    figures, healths = load_portfolio(today, Settings())
    assert healths and any(h.score is not None for h in healths)
    assert figures.to_dict()
    document = export_document(today)
    assert len(document["activities"]) > 100


def test_every_list_query_runs_on_postgresql(pg: pw.Database) -> None:
    from kamtui.db.entities import COLLECTIONS
    from kamtui.ops.demo import build_demo
    from kamtui.tui.entities import view_of
    from kamtui.tui.listing import ListQuery

    today = date(2026, 12, 4)
    build_demo(today)
    for collection in COLLECTIONS:
        view = view_of(collection)
        base = ListQuery.default(view, today)
        total = base.count()
        assert total > 0, collection
        for sort in range(len(view.columns)):
            query = base.with_(sort=sort)
            assert len(query.page(0, 5)) == min(5, total)
            assert len(query.page(total - 3, 5, total)) == min(3, total)
        for quick in view.quick_filters:
            base.with_(quick=quick).page(0, 5)
        filtered = base.with_(text="a e")
        assert filtered.count() <= total
        # The first page (read from an index's head where it can) is the sorted list's.
        everything = [r.id for r in filtered.page(0, total + 1)]
        assert [r.id for r in filtered.page(0, 5)] == everything[:5]
        assert filtered.within(everything[:3]).count() == min(3, len(everything))
        assert filtered.within([]).count() == 0


def test_text_search_takes_wildcards_literally_on_postgresql(pg: pw.Database) -> None:
    from kamtui.db.search import icontains

    for name in ("Acme 50% off", "Acme 500 off", "ACME_2026", "ACMEX2026"):
        Customer.create(name=name)
    found = Customer.select(Customer.name).where(icontains(Customer.name, "50%"))
    assert [c.name for c in found] == ["Acme 50% off"]
    found = Customer.select(Customer.name).where(icontains(Customer.name, "acme_"))
    assert [c.name for c in found] == ["ACME_2026"]
