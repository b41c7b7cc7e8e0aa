"""The kamtui JSON document: every collection, records by snake_case field names.

``{"format": "kamtui", "version": 1, "customers": [...], ..., "invoices": [...]}``.
Export, import into an empty database and export again gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import peewee as pw

from kamtui.db.entities import COLLECTIONS
from kamtui.db.fields import ParseContext
from kamtui.db.models import BaseModel, Customer
from kamtui.exchange.loader import ImportReport, Row, apply_rows
from kamtui.ops.serialize import record_dict

FORMAT = "kamtui"
VERSION = 1


class DocumentError(ValueError):
    """A file that is not a kamtui document at all (wrong shape, not records)."""


def ordered(model: type[BaseModel]) -> pw.ModelSelect:
    """Records of ``model`` in export order: by customer, then name, then id."""
    if model is Customer:
        return Customer.select().order_by(Customer.name_key, Customer.id)
    alias = Customer.alias()
    return (
        model.select(model, alias)
        .join(alias, pw.JOIN.LEFT_OUTER, on=(model.customer == alias.id), attr="customer")
        .order_by(alias.name_key, model.name, model.id)
    )


def iter_records(collection: str, today: date) -> Iterator[dict[str, Any]]:
    for record in ordered(COLLECTIONS[collection]).iterator():
        yield record_dict(record, today)


def export_document(today: date) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for collection in COLLECTIONS:
        document[collection] = list(iter_records(collection, today))
    return document


def rows_from_document(document: Any) -> list[Row]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError('not a kamtui document: expected a JSON object with "format": "kamtui"')
    if document.get("version") != VERSION:
        raise DocumentError(
            f"unsupported kamtui document version {document.get('version')!r}: "
            f"this kamtui reads version {VERSION}"
        )
    unknown = set(document) - {"format", "version", *COLLECTIONS}
    if unknown:
        raise DocumentError(
            f"unknown collection(s) {', '.join(sorted(unknown))}: expected {', '.join(COLLECTIONS)}"
        )
    rows: list[Row] = []
    for collection in COLLECTIONS:
        records = document.get(collection, [])
        if not isinstance(records, list):
            raise DocumentError(f"{collection} must be a list of records")
        for index, values in enumerate(records):
            if not isinstance(values, dict):
                raise DocumentError(f"{collection}[{index}] must be an object of fields")
            rows.append(Row(collection, dict(values), f"{collection}[{index}]"))
    return rows


def import_document(
    document: Any,
    ctx: ParseContext,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    return apply_rows(
        rows_from_document(document), ctx, dry_run=dry_run, skip_bad=skip_bad, progress=progress
    )
