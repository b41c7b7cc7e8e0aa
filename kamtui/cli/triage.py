"""``kamtui triage``, ``health``, ``snooze``, ``ack``, ``done`` and ``config``.

The rules and scores live in kamtui.domain (triage, health, portfolio); the
actions in kamtui.ops.triage_actions. This module only reads options and prints.
"""

from __future__ import annotations

from typing import Any

import click

from kamtui.cli.common import echo_json, print_table
from kamtui.cli.context import AppContext, pass_app

_SEVERITY_STYLE = {
    "overdue": "bold red",
    "today": "bold yellow",
    "soon": "bold cyan",
    "info": "dim",
}


def _console() -> Any:
    import sys

    from rich.console import Console

    # Colour only where the terminal has it: rich turns styles off when piped.
    return Console(soft_wrap=not sys.stdout.isatty())


def _customer_id(name: str | None) -> int | None:
    if not name:
        return None
    from kamtui.ops.records import find_customer

    return find_customer(name).id


@click.command("triage")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of items, for scripts.")
@click.option("--customer", metavar="NAME", help="Only this customer's items.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only items of this kind (repeat, or separate with commas).",
)
@click.option("--all", "show_all", is_flag=True, help="Include snoozed and acknowledged items.")
@pass_app
def triage_command(
    app: AppContext, as_json: bool, customer: str | None, kinds: tuple[str, ...], show_all: bool
) -> None:
    """What needs your attention today, most urgent first.

    Items are grouped by severity (overdue, today, soon, info) and ordered by
    tier and due date. The ID column is what `kamtui snooze` and `kamtui ack`
    take. Kinds: renewal, contract_expired, contract_stalled, invoice_to_send,
    invoice_follow_up, invoice_disputed, activity_overdue, activity_due,
    fup_unresolved, project_overdue, project_at_risk, risk_review,
    next_steps_without_activity, cadence_overdue, disengagement,
    meeting_to_update, meeting_today, churn_risk, low_activation.
    """
    from kamtui.domain.triage import triage
    from kamtui.domain.triage_item import SEVERITIES, UnknownKind, check_kinds

    try:
        wanted = check_kinds([k for group in kinds for k in group.split(",") if k.strip()])
    except UnknownKind as exc:
        raise click.BadParameter(str(exc), param_hint="--kind") from None
    app.open()
    items = triage(
        app.today,
        app.settings,
        customer_id=_customer_id(customer),
        kinds=wanted or None,
        include_hidden=show_all,
    )
    if as_json:
        echo_json([item.to_dict() for item in items])
        return
    console = _console()
    if not items:
        console.print(f"Nothing needs attention on {app.today.isoformat()}.")
        return
    from kamtui.dates import format_date

    for severity in SEVERITIES:
        group = [i for i in items if i.severity == severity]
        if not group:
            continue
        style = _SEVERITY_STYLE[severity]
        console.print(f"\n[{style}]{severity.upper()}[/] ({len(group)})")
        rows = []
        for item in group:
            note = ""
            if item.state == "snoozed":
                note = f" (snoozed until {item.snoozed_until.isoformat()})"
            elif item.state == "acknowledged":
                note = " (acknowledged)"
            kind = item.kind + (f" {item.stage}" if item.stage else "")
            rows.append(
                [item.id, item.customer or "-", item.tier or "-", kind, item.title,
                 format_date(item.due), item.reason + note]
            )  # fmt: skip
        print_table(["ID", "Customer", "Tier", "Kind", "Title", "Due", "Reason"], rows)


@click.command("health")
@click.argument("customer", required=False)
@click.option("--json", "as_json", is_flag=True, help="JSON, for scripts.")
@pass_app
def health_command(app: AppContext, customer: str | None, as_json: bool) -> None:
    """Churn risk (0-100, higher = riskier) with why, and its 30/90-day trend.

    Without CUSTOMER: the portfolio, riskiest first, and its figures. With
    CUSTOMER: that account's score, each factor's value, normalised score, weight
    and contribution, and the factors left out for lack of data.
    """
    from kamtui.domain.health import customer_health, portfolio_health
    from kamtui.domain.portfolio import portfolio_figures
    from kamtui.domain.snapshot import load_snapshot

    app.open()
    cid = _customer_id(customer)
    snap = load_snapshot(app.today, app.settings, cid)
    if cid is not None:
        health = customer_health(snap, cid, app.today, app.settings)
        if as_json:
            echo_json(health.to_dict())
            return
        _print_one(health)
        return
    healths = portfolio_health(snap, app.today, app.settings)
    figures = portfolio_figures(snap, healths, app.today, app.settings)
    if as_json:
        echo_json({"portfolio": figures.to_dict(), "customers": [h.to_dict() for h in healths]})
        return
    rows = [
        [h.customer, h.tier or "-", _num(h.score), _num(h.earlier.get(30)), _num(h.earlier.get(90)),
         _num(h.mood_average), _num(h.dso), f"{h.arr_at_risk:,.2f}",
         _top_factor(h)]
        for h in healths
    ]  # fmt: skip
    print_table(
        ["Customer", "Tier", "Risk", "30d ago", "90d ago", "Mood (last 5)", "DSO", "ARR at risk",
         "Largest factor"],
        rows,
    )  # fmt: skip
    tiers = ", ".join(f"{tier}: {n}" for tier, n in figures.accounts_by_tier.items())
    click.echo(
        f"\nAccounts {tiers} | ARR {figures.arr:,.2f} | up for renewal in "
        f"{figures.renewal_horizon_days} days {figures.arr_up_for_renewal:,.2f} | at risk "
        f"{figures.arr_at_risk:,.2f} | overdue receivables {figures.overdue_receivables:,.2f} "
        f"| DSO {_num(figures.dso)}"
    )


def _num(value: Any) -> str:
    return "-" if value is None else str(value)


def _top_factor(health: Any) -> str:
    if not health.risk.factors:
        return "no data"
    top = max(health.risk.factors, key=lambda f: f.contribution)
    return f"{top.label}: {top.value}"


def _print_one(health: Any) -> None:
    score = "no data" if health.score is None else f"{health.score}/100"
    click.echo(f"{health.customer} (tier {health.tier or '-'}): churn risk {score}")
    for days in sorted(health.earlier):
        change = health.change(days)
        moved = "" if change is None else f" ({change:+d})"
        click.echo(f"  {days} days ago: {_num(health.earlier[days])}{moved}")
    click.echo("Why:")
    for line in health.risk.explanation() or ["no factor has data"]:
        click.echo(f"  - {line}")
    click.echo(
        f"Mood (last 5 meetings): {_num(health.mood_average)} | DSO: {_num(health.dso)} | "
        f"ARR at risk: {health.arr_at_risk:,.2f} | next renewal: "
        f"{health.renewal.isoformat() if health.renewal else '-'}"
    )


@click.command("snooze")
@click.argument("item")
@click.option("--until", "until", required=True, metavar="DATE", help="e.g. +3d, monday, Dec 11.")
@pass_app
def snooze_command(app: AppContext, item: str, until: str) -> None:
    """Hide triage ITEM (an ID printed by `kamtui triage`) until DATE.

    It comes back on DATE, or sooner if the record behind it changes.
    """
    from kamtui.dates import format_date, parse_date
    from kamtui.ops.triage_actions import TriageActionError, item_by_id, snooze

    day = parse_date(until, app.today, app.settings.date_order)
    app.open()
    found = item_by_id(item, app.today, app.settings)
    try:
        snooze(found, day, app.today)
    except TriageActionError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Snoozed {found.id} until {format_date(day)} ({day.isoformat()}).")


@click.command("ack")
@click.argument("item")
@pass_app
def ack_command(app: AppContext, item: str) -> None:
    """Acknowledge triage ITEM: hidden until the record behind it changes."""
    from kamtui.ops.triage_actions import acknowledge, item_by_id

    app.open()
    found = item_by_id(item, app.today, app.settings)
    acknowledge(found, app.now)
    click.echo(f"Acknowledged {found.id}: {found.title}.")


@click.command("done")
@click.argument("entity")
@click.argument("name")
@click.option("--customer", metavar="NAME", help="The customer, when the name is not unique.")
@pass_app
def done_command(app: AppContext, entity: str, name: str, customer: str | None) -> None:
    """Mark a record done: an activity Done (with done_at), a project Done, an invoice Paid.

    An invoice is paid in full: amount collected = amount due, paid date today.
    """
    from kamtui.db.entities import collection_for, model_of, singular
    from kamtui.ops.done import can_mark_done, mark_done
    from kamtui.ops.records import find_customer, find_record

    model = model_of(entity)
    app.open()
    record = find_record(model, name, find_customer(customer) if customer else None)
    if not can_mark_done(record):
        raise click.BadParameter(
            f"{entity!r}: expected activity, project or invoice", param_hint="ENTITY"
        )
    record = mark_done(record, app.parse)
    what = singular(collection_for(model))
    state = {"invoice": "Paid"}.get(what, "Done")
    click.echo(f"{what.capitalize()} {record.name} is {state}.")


@click.command("config")
@click.option("--json", "as_json", is_flag=True, help="JSON, for scripts.")
@pass_app
def config_command(app: AppContext, as_json: bool) -> None:
    """Where the settings file is, and every effective setting."""
    from kamtui.config import SPECS, config_path

    path = app.settings.path or config_path()
    effective = app.settings.effective()
    if as_json:
        echo_json({"path": str(path), "exists": path.exists(), "settings": effective})
        return
    click.echo(f"Settings file: {path}{'' if path.exists() else ' (not there: defaults apply)'}")
    rows = [
        [key, repr(value) if isinstance(value, str) else value,
         "set" if key in app.settings.values else "default", SPECS[key].allowed]
        for key, value in effective.items()
    ]  # fmt: skip
    print_table(["Setting", "Value", "Source", "Allowed"], rows)


def register(main: click.Group) -> None:
    for command in (
        triage_command,
        health_command,
        snooze_command,
        ack_command,
        done_command,
        config_command,
    ):
        main.add_command(command)
