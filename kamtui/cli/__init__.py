"""The command line: ``kamtui [--db PATH|URL] [--today DATE] COMMAND``.

Each module of this package registers its commands on :func:`main`; the CLI and
the TUI call the same operations underneath.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import click

from kamtui.cli.context import AppContext

COMMAND_MODULES = ("records", "meetings", "data", "demo", "triage", "exchange", "tui")


def _known_errors() -> tuple[type[Exception], ...]:
    from kamtui.config import ConfigError
    from kamtui.dates import DateParseError
    from kamtui.db.entities import UnknownEntity
    from kamtui.exchange.loader import ImportFailed
    from kamtui.ops.records import DependentsError, NotFound, ValidationError

    return (
        ConfigError,
        DateParseError,
        UnknownEntity,
        ImportFailed,
        DependentsError,
        NotFound,
        ValidationError,
        FileNotFoundError,
        PermissionError,
    )


class KamtuiGroup(click.Group):
    """Turns the errors users can cause into one clear message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _known_errors() as exc:
            message = str(exc)
            if isinstance(exc, KeyError):
                message = str(exc).strip("'\"")
            raise click.ClickException(message) from None


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from kamtui.dates import DateParseError, parse_date

    try:
        return parse_date(value, date.today())
    except DateParseError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(
    cls=KamtuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    help="Database file or URL (default: $KAMTUI_DB, else kamtui.db in your data "
    "directory). postgresql://user@host/name for a team server.",
)
@click.option(
    "--today",
    callback=_parse_today,
    metavar="DATE",
    help="Act as if today were DATE (YYYY-MM-DD): replays any day.",
)
@click.version_option(package_name="kamtui")
@click.pass_context
def main(ctx: click.Context, db: str | None, today: date | None) -> None:
    """kamtui: your key accounts, and what needs attention today.

    Without a command, opens the terminal app on your database.
    """
    from kamtui.db.connection import resolve_target

    try:
        ctx.obj = AppContext.create(resolve_target(db), today, explicit_db=db is not None)
    except _known_errors() as exc:
        raise click.ClickException(str(exc)) from None
    if ctx.invoked_subcommand is None:
        from kamtui.cli.tui import open_app

        open_app(ctx.obj)


for _name in COMMAND_MODULES:
    importlib.import_module(f"kamtui.cli.{_name}").register(main)
