"""Helpers shared by the command modules: output, values, default subcommands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click


class DefaultGroup(click.Group):
    """A group that runs ``default`` when the first argument is not a subcommand.

    ``kamtui import data.json`` runs ``import json data.json`` while
    ``kamtui import notion export.zip`` runs the ``notion`` subcommand.
    """

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        self.default = default
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``field=value`` arguments as a dict; a pair without ``=`` is a usage error."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"{pair!r} is not field=value (e.g. tier=A)")
        values[key.strip().lower().replace(" ", "_").replace("-", "_")] = value
    return values


def print_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
) -> None:
    """A table for people: colour in a terminal, plain text when piped."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*columns, title=title, box=None, header_style="bold", pad_edge=False)
    for row in rows:
        # Text, not markup: a "[...]" typed in a record is shown as typed.
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    piped = not sys.stdout.isatty()
    # Piped output is read by scripts: never cut a cell to fit an 80-column guess.
    Console(soft_wrap=piped, width=10_000 if piped else None).print(table)
