"""The eight entities by their collection names, with the aliases people type.

Collection names are the keys of the JSON export; aliases let the CLI and the
importers accept ``customer``, ``Activities & Tasks``, ``Accounts Receivable``...
"""

from __future__ import annotations

import peewee as pw

from kamtui.db.fields import Described, MultiSelectField, RelationField
from kamtui.db.models import (
    Activity,
    BaseModel,
    Contract,
    Customer,
    Invoice,
    Meeting,
    Metric,
    Project,
    Stakeholder,
)

COLLECTIONS: dict[str, type[BaseModel]] = {
    "customers": Customer,
    "stakeholders": Stakeholder,
    "meetings": Meeting,
    "activities": Activity,
    "projects": Project,
    "contracts": Contract,
    "metrics": Metric,
    "invoices": Invoice,
}

TITLES: dict[str, str] = {
    "customers": "Customers",
    "stakeholders": "Stakeholders",
    "meetings": "Meetings",
    "activities": "Activities & Tasks",
    "projects": "Projects",
    "contracts": "Contracts",
    "metrics": "Adoption & Success Metrics",
    "invoices": "Accounts Receivable",
}

_ALIASES: dict[str, str] = {
    "customer": "customers",
    "stakeholder": "stakeholders",
    "meeting": "meetings",
    "activity": "activities",
    "activities & tasks": "activities",
    "activities and tasks": "activities",
    "task": "activities",
    "tasks": "activities",
    "project": "projects",
    "contract": "contracts",
    "metric": "metrics",
    "adoption & success metrics": "metrics",
    "adoption and success metrics": "metrics",
    "success metrics": "metrics",
    "invoice": "invoices",
    "accounts receivable": "invoices",
    "receivables": "invoices",
}

# Names that identify a record for relations and re-imports (besides ``name``):
# records are unique by name within their customer, customers by name alone.
AUTO_NAMED = {"meetings", "contracts", "invoices", "metrics"}
M2M_FIELDS: dict[str, str] = {
    "meetings": "stakeholders",
    "projects": "stakeholders",
    "contracts": "stakeholders",
}
HIDDEN = {"id", "name_key", "updated_at"}


class UnknownEntity(KeyError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown entity {self.name!r}: expected one of {', '.join(COLLECTIONS)}"


def collection_of(name: str) -> str:
    """The collection name for what a person typed (``Customer``, ``tasks``...)."""
    key = " ".join(name.strip().lower().replace("_", " ").split())
    if key in COLLECTIONS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownEntity(name)


def model_of(name: str) -> type[BaseModel]:
    return COLLECTIONS[collection_of(name)]


def collection_for(model: type[pw.Model]) -> str:
    for name, candidate in COLLECTIONS.items():
        if candidate is model:
            return name
    raise UnknownEntity(model.__name__)


def singular(collection: str) -> str:
    return {"activities": "activity"}.get(collection, collection.rstrip("s"))


def counted(n: int, collection: str) -> str:
    """``1 customer``, ``3 activities``."""
    return f"{n} {singular(collection) if n == 1 else collection}"


def fields_of(model: type[BaseModel]) -> list[Described]:
    """The fields a person can type, in the model's order (relations included)."""
    return [
        field
        for field in model._meta.sorted_fields
        if isinstance(field, Described)
        and field.name not in HIDDEN
        and not (field.name == "created_at" and model is not Contract)
    ]


def relation_fields(model: type[BaseModel]) -> list[RelationField]:
    return [f for f in fields_of(model) if isinstance(f, RelationField)]


def multiselect_fields(model: type[BaseModel]) -> list[MultiSelectField]:
    return [f for f in fields_of(model) if isinstance(f, MultiSelectField)]
