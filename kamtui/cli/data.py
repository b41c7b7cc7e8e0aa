"""``kamtui export`` and ``kamtui import``: the kamtui JSON document.

Both are groups whose default subcommand is ``json``: ``kamtui export -o f.json``
and ``kamtui import f.json`` read and write the JSON document, while other
formats add their own subcommands to :data:`export_group` and
:data:`import_group` (``kamtui import notion PATH``, ``kamtui export csv``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kamtui.cli.common import DefaultGroup
from kamtui.cli.context import AppContext, pass_app
from kamtui.exchange.private import write_private


@click.group("export", cls=DefaultGroup, default="json")
def export_group() -> None:
    """Export the database (default: the kamtui JSON document to stdout).

    Without a subcommand, json's options apply (-o FILE): see kamtui export json -h.

    \b
    Examples:
      kamtui export -o portfolio.json
      kamtui export csv -o folder/
    """


@click.group("import", cls=DefaultGroup, default="json")
def import_group() -> None:
    """Import records (default: a kamtui JSON document), in one transaction.

    Without a subcommand, json's options apply (--dry-run, --skip-bad): see
    kamtui import json -h.

    \b
    Examples:
      kamtui import portfolio.json --dry-run
      kamtui import notion export.zip
    """


@export_group.command("json")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Document format (CSV and others are subcommands: kamtui export csv).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600) instead of stdout.")
@pass_app
def export_json(app: AppContext, fmt: str, output: str | None) -> None:
    """The whole portfolio as one kamtui JSON document.

    {"format": "kamtui", "version": 1, "customers": [...], ..., "invoices": [...]};
    fields by their snake_case names, relations by name, derived values
    (DSO, activation...) computed for today and ignored on import.

    \b
    Example:
      kamtui export -o portfolio.json
    """
    from kamtui.db.entities import COLLECTIONS
    from kamtui.exchange.json_io import export_document

    app.open()
    document = export_document(app.today)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    write_private(Path(output), text, newline="\n")
    counts = ", ".join(f"{len(document[c])} {c}" for c in COLLECTIONS)
    click.echo(f"exported to {output}: {counts}", err=True)


@import_group.command("json")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check the file and count; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good records; report and skip the bad.")
@pass_app
def import_json(app: AppContext, file: str, dry_run: bool, skip_bad: bool) -> None:
    """Import a kamtui JSON document (FILE, or - for stdin).

    Records are matched by natural key (customer name; name within the
    customer...), so importing the same file again updates in place. One
    transaction: one bad record and nothing changes, unless --skip-bad.

    \b
    Example:
      kamtui import portfolio.json --dry-run
    """
    from kamtui.exchange.json_io import DocumentError, import_document
    from kamtui.exchange.loader import ImportFailed

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        document = json.loads(text)
    except FileNotFoundError:
        raise click.ClickException(f"no such file: {file}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file} is not a JSON file: {exc}") from None
    app.open()
    try:
        report = import_document(document, app.parse, dry_run=dry_run, skip_bad=skip_bad)
    except DocumentError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    except ImportFailed as exc:
        problems = exc.report.problems
        click.echo(
            f"Import rejected, nothing was written: {len(problems)} problem(s) "
            f"in {len(exc.report.skipped)} record(s)",
            err=True,
        )
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(report.summary())
    if report.problems:
        click.echo(f"{len(report.skipped)} bad record(s) skipped:")
        for problem in report.problems:
            click.echo(f"  {problem}")
    if dry_run:
        click.echo("Dry run: nothing was written.")


def register(main: click.Group) -> None:
    main.add_command(export_group)
    main.add_command(import_group)
