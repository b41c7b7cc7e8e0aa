"""Which of our fields a column heading of another tool means.

Headings are compared case-, space- and punctuation-insensitively, without the
explanations in parentheses: ``Contract Start``, ``contract_start`` and
``CONTRACT-START`` are one column, ``MAU (Monthly Active Users)`` is ``mau``.
The seed's own names (Notion's vocabulary) are recognised, as are the field
labels the app shows.
"""

from __future__ import annotations

import re

from kamtui.db.entities import COLLECTIONS, M2M_FIELDS, UnknownEntity, collection_of, fields_of
from kamtui.ops.serialize import DERIVED

TIMESTAMPS = ("created_at", "updated_at")

#: Columns that mark an activity or project done when checked (Notion checkboxes).
DONE_CHECKBOX = "_done"

# Seed and Notion headings whose normalised form is not a field name or label.
_ALIASES: dict[str, str] = {
    "title": "name",
    "createdtime": "created_at",
    "created": "created_at",
    "lasteditedtime": "updated_at",
    "lastedited": "updated_at",
    "updated": "updated_at",
    "dayssalesoutstanding": "dso",
    "subtask": "parent",
    "parenttask": "parent",
    "parentproject": "parent",
    "parentitem": "parent",
    "linkedinurl": "linkedin",
    "phoneorwhatsapp": "phone",
    "phonewhatsapp": "phone",
    "whatsapp": "phone",
    "attendees": "stakeholders",
    "expiration": "expiration_date",
    "expires": "expiration_date",
    "annualcontractvalue": "arr",
    "acv": "arr",
    "contractvalue": "value",
    "accountmanager": "owner",
    "assignee": "owner",
}
_BY_COLLECTION: dict[str, dict[str, str]] = {
    "meetings": {"type": "meeting_type", "datetime": "date_time", "date": "date_time"},
    "invoices": {"status": "payment_status", "name": "name", "invoice": "name"},
    "activities": {"done": DONE_CHECKBOX, "completed": DONE_CHECKBOX, "due": "due_date"},
    "projects": {"done": DONE_CHECKBOX, "completed": DONE_CHECKBOX, "parent": "parent"},
    "metrics": {"period": "month"},
}
_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(heading: str) -> str:
    """``Contract Start (date)`` → ``contractstart``: the form headings are compared in."""
    text = _PARENTHESES.sub("", heading.casefold())
    return _NON_ALNUM.sub("", text) or _NON_ALNUM.sub("", heading.casefold())


def known_fields(collection: str) -> list[str]:
    """Every column name a file of ``collection`` may carry (derived ones are ignored)."""
    model = COLLECTIONS[collection]
    names = [f.name for f in fields_of(model)]
    if collection in M2M_FIELDS:
        names.append(M2M_FIELDS[collection])
    names += [n for n in DERIVED.get(collection, {}) if n not in names]  # in a fixed order
    names += [n for n in TIMESTAMPS if n not in names]
    return names


def _lookup(collection: str) -> dict[str, str]:
    model = COLLECTIONS[collection]
    table: dict[str, str] = {}
    for alias, target in _ALIASES.items():
        table[alias] = target
    for name in known_fields(collection):
        table[normalise(name)] = name
    for field in fields_of(model):
        table.setdefault(normalise(field.label), field.name)
    table.update(_BY_COLLECTION.get(collection, {}))
    valid = set(known_fields(collection)) | {DONE_CHECKBOX}
    return {k: v for k, v in table.items() if v in valid}


def resolve_heading(collection: str, heading: str) -> str | None:
    """Our field for ``heading`` in a file of ``collection``, or None if unknown."""
    return _lookup(collection).get(normalise(heading))


def map_headings(
    collection: str, headings: list[str], overrides: dict[str, str] | None = None
) -> dict[int, str]:
    """Column index → our field, for the headings we recognise.

    ``overrides`` (``--map``) maps a heading, compared as above, to a field name,
    or to ``""`` to ignore that column on purpose; ignored columns map to ``""``.
    Columns absent from the result are unknown.
    """
    wanted = {normalise(k): v for k, v in (overrides or {}).items()}
    table = _lookup(collection)
    result: dict[int, str] = {}
    for index, heading in enumerate(headings):
        key = normalise(heading)
        if key in wanted:
            result[index] = wanted[key]
            continue
        field = table.get(key)
        if field is not None:
            result[index] = field
    return result


def database_collection(name: str) -> str | None:
    """The collection a database or file name stands for (any case, singular or plural)."""
    text = name.replace(" and ", " & ")
    for candidate in (text, text.rstrip("sS"), text + "s"):
        try:
            return collection_of(candidate)
        except UnknownEntity:
            continue
    return None
