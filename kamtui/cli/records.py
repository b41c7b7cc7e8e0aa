"""``kamtui add | list | show | edit | rm``: any record of the eight entities.

ENTITY is a collection name or an alias (``customer``, ``tasks``, ``Accounts
Receivable``). Every write goes through :func:`kamtui.ops.records.save_record`
or :func:`kamtui.ops.records.delete_record`, the same path as the TUI and the
importers, and every value saved is echoed back (dates with their weekday).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kamtui.cli.common import echo_json, parse_assignments, print_table
from kamtui.cli.context import AppContext, pass_app
from kamtui.db.entities import counted

ENTITY_HELP = (
    "customers, stakeholders, meetings, activities, projects, contracts, metrics, invoices "
    "(singular and aliases work: customer, task, receivables...)"
)
_customer_option = click.option(
    "--customer", metavar="NAME", help="The customer the record belongs to (when names repeat)."
)


def _interactive() -> bool:
    """Whether a person can answer a question (a script or a pipe cannot)."""
    return sys.stdin.isatty()


def _model(entity: str) -> tuple[str, Any]:
    from kamtui.db.entities import COLLECTIONS, collection_of

    collection = collection_of(entity)
    return collection, COLLECTIONS[collection]


def _find(model: Any, name: str, customer: str | None) -> Any:
    from kamtui.ops.records import find_customer, find_record

    return find_record(model, name, find_customer(customer) if customer else None)


def _echo_saved(record: Any, given: dict[str, Any], verb: str) -> None:
    """What was saved: each field given (dates as understood) and what was derived."""
    from kamtui.cli.views import field_value, understood
    from kamtui.db.entities import M2M_FIELDS, collection_for
    from kamtui.ops.records import label

    collection = collection_for(type(record))
    click.echo(f"{verb} {label(record)}")
    shown = list(given)
    # Derived on save: say so, the user did not type them.
    derived = ("name", "customer") if verb == "Created" else ()
    for name in (*derived, "departed_on", "done_at"):
        if name not in shown and name in record._meta.fields and field_value(record, name):
            shown.append(name)
    m2m = M2M_FIELDS.get(collection)
    for name in shown:
        if name in ("created_at", "updated_at") and name not in record._meta.fields:
            continue
        if name != m2m and name not in record._meta.fields:
            continue
        click.echo(f"  {name} = {understood(field_value(record, name))}")


@click.command("add")
@click.argument("entity", metavar="ENTITY")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--json", "as_json", is_flag=True, help="Print the saved record as JSON.")
@pass_app
def add_command(app: AppContext, entity: str, assignments: tuple[str, ...], as_json: bool) -> None:
    """Add a record: kamtui add ENTITY field=value ...

    Fields are the seed's names in snake_case (contract_end, buying_level...);
    relations are names (customer=Acme); dates may be written as 2027-12-31,
    "Dec 31 2027", tomorrow, +1y or fri. Meetings, contracts and invoices are
    named automatically when no name is given.

    \b
    Examples:
      kamtui add customer name=Acme tier=A contract_end="Dec 31 2027"
      kamtui add stakeholder name="Anna Lee" customer=Acme buying_level="Decision Maker"
      kamtui add activity name="Send deck" customer=Acme type=FUP due_date=fri
    """
    from kamtui.ops.records import save_record
    from kamtui.ops.serialize import record_dict

    collection, model = _model(entity)
    values = parse_assignments(assignments)
    app.open()
    record = save_record(model, values, app.parse)
    if as_json:
        echo_json(record_dict(record, app.today))
    else:
        _echo_saved(record, values, "Created")


@click.command("edit")
@click.argument("entity", metavar="ENTITY")
@click.argument("name")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@_customer_option
@click.option("--json", "as_json", is_flag=True, help="Print the saved record as JSON.")
@pass_app
def edit_command(
    app: AppContext,
    entity: str,
    name: str,
    assignments: tuple[str, ...],
    customer: str | None,
    as_json: bool,
) -> None:
    """Change fields of the record called NAME; an empty value clears a field.

    \b
    Examples:
      kamtui edit customer Acme contract_end=+1y tier=B
      kamtui edit stakeholder "Anna Lee" --customer Acme status=Departed
      kamtui edit activity "Send deck" status=Done
    """
    from kamtui.ops.records import save_record
    from kamtui.ops.serialize import record_dict

    _, model = _model(entity)
    values = parse_assignments(assignments)
    app.open()
    record = save_record(model, values, app.parse, _find(model, name, customer))
    if as_json:
        echo_json(record_dict(record, app.today))
    elif not record.was_changed:
        from kamtui.ops.records import label

        click.echo(f"Nothing changed: {label(record)} already had these values")
    else:
        _echo_saved(record, values, "Updated")


@click.command("list")
@click.argument("entity", metavar="ENTITY")
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Only records whose FIELD is VALUE (repeatable). Relations by name; a "
    "multi-select matches when it includes VALUE; status=Overdue is the effective status.",
)
@_customer_option
@click.option("--json", "as_json", is_flag=True, help="Print the records as a JSON list.")
@pass_app
def list_command(
    app: AppContext, entity: str, where: tuple[str, ...], customer: str | None, as_json: bool
) -> None:
    """List the records of ENTITY as a table (or JSON).

    \b
    Examples:
      kamtui list customers --where tier=A
      kamtui list activities --where status=Overdue --customer Acme
      kamtui list meetings --where purpose=Renewals --json
    """
    from kamtui.cli.views import base_query, effective_status, parse_where, rows
    from kamtui.db.entities import TITLES
    from kamtui.db.models import Customer
    from kamtui.ops.records import find_customer
    from kamtui.ops.serialize import record_dict

    collection, model = _model(entity)
    pairs = [next(iter(parse_assignments([pair]).items())) for pair in where]
    app.open()
    conditions, status = parse_where(model, pairs, app.parse)
    query = base_query(model)
    if customer:
        account = find_customer(customer)
        conditions.append(
            model.id == account.id if model is Customer else model.customer == account
        )
    if conditions:
        query = query.where(*conditions)
    records = list(query)
    if status is not None:
        records = [r for r in records if effective_status(r, app.today) == status]
    if as_json:
        echo_json([record_dict(r, app.today) for r in records])
        return
    if not records:
        click.echo(f"No {collection} match." if conditions or status else f"No {collection} yet.")
        return
    from kamtui.cli.views import COLUMNS

    print_table(
        [header for header, _ in COLUMNS[collection]],
        rows(records, collection, app.today),
        title=f"{TITLES[collection]} ({len(records)})",
    )


@click.command("show")
@click.argument("entity", metavar="ENTITY")
@click.argument("name")
@_customer_option
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@pass_app
def show_command(
    app: AppContext, entity: str, name: str, customer: str | None, as_json: bool
) -> None:
    """Show every field of the record called NAME, with its derived values.

    \b
    Examples:
      kamtui show customer Acme
      kamtui show invoice Acme-jul26 --json
    """
    from kamtui.cli.views import effective_status, money, understood
    from kamtui.db.fields import Described
    from kamtui.ops.records import dependents, label
    from kamtui.ops.serialize import record_dict

    collection, model = _model(entity)
    app.open()
    record = _find(model, name, customer)
    data = record_dict(record, app.today)
    if as_json:
        echo_json(data)
        return
    click.echo(label(record))
    width = max(len(key) for key in data)
    for key, value in data.items():
        field = model._meta.fields.get(key)
        if isinstance(field, Described) and field.kind in ("date", "datetime"):
            value = understood(getattr(record, key))
        elif isinstance(field, Described) and field.kind == "money":
            value = money(getattr(record, key))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        click.echo(f"  {key:<{width}}  {'' if value is None else value}")
    status = effective_status(record, app.today)
    stored = getattr(record, "payment_status", None) or getattr(record, "status", None)
    if status and status != stored:
        click.echo(f"  {'effective status':<{width}}  {status} (stored: {stored})")
    counts = dependents(record)
    if counts:
        listed = ", ".join(counted(n, kind) for kind, n in counts.items())
        click.echo(f"  {'records':<{width}}  {listed}")


@click.command("rm")
@click.argument("entity", metavar="ENTITY")
@click.argument("name")
@_customer_option
@click.option("--force", is_flag=True, help="Also delete the records that depend on it.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def rm_command(
    app: AppContext, entity: str, name: str, customer: str | None, force: bool, yes: bool
) -> None:
    """Delete the record called NAME.

    A customer that has records (stakeholders, meetings...) is kept, with a
    count of what depends on it, unless --force: then they all go with it and
    nothing is left orphaned. In a terminal you are asked to confirm unless --yes.

    \b
    Examples:
      kamtui rm activity "Send deck" --customer Acme
      kamtui rm customer Acme --force --yes
    """
    from kamtui.ops.records import (
        DependentsError,
        delete_record,
        delete_warning,
        dependents,
        label,
    )

    _, model = _model(entity)
    app.open()
    record = _find(model, name, customer)
    what = label(record)
    counts = dependents(record)
    if counts and not force:
        raise DependentsError(what, counts)
    listed = ", ".join(counted(n, kind) for kind, n in counts.items())
    if not yes and _interactive():
        question = f"Delete {what}" + (f" and its {listed}" if listed else "") + "?"
        if not counts:
            question = f"{delete_warning(record)}\n{question}"
        click.confirm(question, abort=True)
    delete_record(record, force=force)
    click.echo(f"Deleted {what}" + (f" and its {listed}" if listed else ""))


def register(main: click.Group) -> None:
    for command in (add_command, list_command, show_command, edit_command, rm_command):
        main.add_command(command)
