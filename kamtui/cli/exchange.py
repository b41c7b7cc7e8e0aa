"""Data in and out: ``import notion|csv``, ``export csv``, ``ics``, ``vcf``, ``brief``,
``backup`` and ``restore``.

Every import goes through one transaction (:func:`kamtui.exchange.loader.apply_rows`):
``--dry-run`` says what would happen, a bad row rejects everything unless
``--skip-bad``, which then writes the skipped rows (file, line, column, reason)
to a CSV report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from kamtui.cli.context import AppContext, pass_app
from kamtui.exchange.private import write_private

#: Imports of more rows than this show a progress bar (in a terminal only).
PROGRESS_MIN_ROWS = 2000


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int, int], None] | None]:
    if total <= PROGRESS_MIN_ROWS or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Importing", total=total)
        yield lambda done, all_rows: bar.update(task, completed=done, total=all_rows)


def _located(report: Any, plan: Any) -> list[str]:
    from kamtui.exchange.plan import skipped_lines

    lines = []
    for item in skipped_lines(report, plan):
        place = f"{item.file} line {item.line}" if item.line else item.file
        column = f", column {item.column!r}" if item.column else ""
        record = f" ({item.record})" if item.record else ""
        value = f": {item.value!r}" if item.value else ""
        lines.append(f"  {place}{column}{record}{value}: {item.reason}")
    return lines


def _run_import(app: AppContext, plan: Any, dry_run: bool, skip_bad: bool, report_to: str | None):
    from kamtui.exchange.loader import ImportFailed
    from kamtui.exchange.plan import write_skip_report

    for notice in plan.notices:
        click.echo(f"note: {notice}", err=True)
    try:
        with _progress(len(plan.rows)) as progress:
            report = plan.apply(
                app.parse, dry_run=dry_run, skip_bad=skip_bad or dry_run, progress=progress
            )
    except ImportFailed as exc:
        lines = _located(exc.report, plan)
        raise click.ClickException(
            f"import rejected, nothing changed: {len(lines)} problem(s)\n" + "\n".join(lines)
        ) from None
    click.echo(report.summary())
    if report.problems:
        rejected = "would be rejected" if dry_run and not skip_bad else "skipped"
        click.echo(f"{len(report.skipped)} row(s) {rejected}:")
        click.echo("\n".join(_located(report, plan)))
    if report.problems and not dry_run:
        path = Path(report_to or f"kamtui-skipped-{app.now:%Y%m%d-%H%M%S}.csv")
        count = write_skip_report(report, plan, path)
        click.echo(f"report of the {count} problem(s) in skipped rows: {path}")
    if report.problems and dry_run and not skip_bad:
        sys.exit(1)


def _import_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--report",
        "report_to",
        metavar="FILE",
        help="Where --skip-bad writes the skipped rows (default: kamtui-skipped-<time>.csv).",
    )(fn)
    fn = click.option(
        "--skip-bad", is_flag=True, help="Import the good rows; report and skip the bad ones."
    )(fn)
    return click.option(
        "--dry-run", is_flag=True, help="Show what would be created, updated and rejected."
    )(fn)


@click.command("notion")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@_import_options
@pass_app
def import_notion(
    app: AppContext, path: Path, dry_run: bool, skip_bad: bool, report_to: str | None
) -> None:
    """Import a Notion export (.zip or its folder).

    PATH is Notion's "Markdown & CSV" export: databases are recognised by name,
    columns by the seed's field names; unknown columns are kept in notes.
    """
    from kamtui.exchange.notion import plan_notion

    app.open()
    _run_import(app, plan_notion(path, app.parse), dry_run, skip_bad, report_to)


@click.command("csv")
@click.argument("args", nargs=-1, required=True, metavar="ENTITY FILE | DIR")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar='"Their Column=our_field"',
    help='Read a column of another tool as one of our fields ("Column=" ignores it).',
)
@_import_options
@pass_app
def import_csv(
    app: AppContext,
    args: tuple[str, ...],
    mapping: tuple[str, ...],
    dry_run: bool,
    skip_bad: bool,
    report_to: str | None,
) -> None:
    """Import one entity's CSV file, or a folder of them.

    A folder holds <entity>.csv files, as `kamtui export csv` writes them.
    Headings are our field names (contract_start), the seed's names (Contract
    Start) or what --map says. Empty cells and NULL are empty values.
    """
    from kamtui.db.entities import collection_of
    from kamtui.exchange.csv_io import CsvError, files_in, parse_mapping, plan_csv

    app.open()
    try:
        if len(args) == 1 and Path(args[0]).is_dir():
            files = files_in(Path(args[0]))
        elif len(args) == 2:
            path = Path(args[1])
            if not path.is_file():
                raise click.BadParameter(f"no such file: {path}", param_hint="FILE")
            files = [(collection_of(args[0]), path)]
        else:
            raise click.UsageError("expected ENTITY FILE, or a folder of <entity>.csv files")
        plan = plan_csv(files, parse_mapping(mapping))
    except CsvError as exc:
        raise click.ClickException(str(exc)) from None
    _run_import(app, plan, dry_run, skip_bad, report_to)


@click.command("csv")
@click.argument("entity", required=False)
@click.option(
    "-o",
    "--output",
    metavar="DIR",
    help="Folder for the files (default: kamtui-csv-<date>); '-' writes one entity to stdout.",
)
@pass_app
def export_csv_command(app: AppContext, entity: str | None, output: str | None) -> None:
    """Export CSV files, one <entity>.csv per entity.

    Without ENTITY, all eight. Cells that spreadsheets would run as formulas
    are written with a leading apostrophe; `kamtui import csv` removes it.
    """
    from kamtui.db.entities import COLLECTIONS, collection_of
    from kamtui.exchange.csv_io import export_csv, write_collection

    app.open()
    collections = [collection_of(entity)] if entity else list(COLLECTIONS)
    if output == "-":
        if len(collections) != 1:
            raise click.UsageError("-o - writes one entity: name it")
        write_collection(collections[0], sys.stdout, app.today)
        return
    directory = Path(output or f"kamtui-csv-{app.today.isoformat()}")
    for path, count in export_csv(collections, directory, app.today).items():
        click.echo(f"{path}: {count} record(s)")


def _write_text(text: str, output: str | None, what: str) -> None:
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    path = Path(output)
    write_private(path, text)
    click.echo(f"{what} written to {path}", err=True)


@click.command("ics")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: stdout).")
@click.option("--from", "start", metavar="DATE", help="Only events on or after DATE.")
@click.option("--to", "end", metavar="DATE", help="Only events on or before DATE.")
@pass_app
def ics_command(app: AppContext, output: str | None, start: str | None, end: str | None) -> None:
    """Calendar (.ics) of renewals, dues, deadlines, meetings.

    Renewal windows and contract ends (with alarms), unpaid invoice due dates,
    project deadlines, scheduled meetings, and open activities as to-dos.
    """
    from kamtui.dates import parse_date
    from kamtui.exchange.ics import build_calendar

    order = app.settings.date_order
    first = parse_date(start, app.today, order) if start else None
    last = parse_date(end, app.today, order) if end else None
    app.open()
    data = build_calendar(app.today, app.settings, first, last)
    _write_text(data.decode("utf-8"), output, "calendar")


@click.command("vcf")
@click.argument("customer", required=False)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: stdout).")
@pass_app
def vcf_command(app: AppContext, customer: str | None, output: str | None) -> None:
    """Stakeholders as vCards (all, or those of CUSTOMER)."""
    from kamtui.exchange.vcf import build_vcards
    from kamtui.ops.records import find_customer

    app.open()
    _write_text(build_vcards(find_customer(customer) if customer else None), output, "contacts")


@click.command("brief")
@click.argument("customer")
@click.option(
    "--format", "fmt", type=click.Choice(["md"]), default="md", show_default=True, help="Format."
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: stdout).")
@pass_app
def brief_command(app: AppContext, customer: str, fmt: str, output: str | None) -> None:
    """A one-page account brief for a QBR or a hand-over."""
    from kamtui.exchange.brief import account_brief
    from kamtui.ops.records import find_customer

    app.open()
    _write_text(account_brief(find_customer(customer), app.today, app.settings), output, "brief")


def _sqlite_file(app: AppContext) -> Path:
    from kamtui.db.connection import sqlite_path

    path = sqlite_path(app.target)
    if path is None or str(path) == ":memory:":
        raise click.ClickException(
            "backup and restore work on SQLite files; for PostgreSQL use pg_dump / pg_restore"
        )
    return path


@click.command("backup")
@click.option("-o", "--output", metavar="FILE", help="Backup file (default: beside the database).")
@pass_app
def backup_command(app: AppContext, output: str | None) -> None:
    """A consistent copy of the database, safe while the app is open."""
    from kamtui.exchange.backup import BackupError, backup, default_backup_path

    db_file = _sqlite_file(app)
    if not db_file.exists():
        raise click.ClickException(f"no database at {db_file}")
    dest = Path(output) if output else default_backup_path(db_file, app.now)
    try:
        backup(app.open(), dest)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup written to {dest}")


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@pass_app
def restore_command(app: AppContext, file: Path, yes: bool) -> None:
    """Replace the database by a backup (keeps the old file).

    The replaced database is kept beside it as <name>.replaced-<time>.
    """
    from kamtui.db.connection import close_database
    from kamtui.exchange.backup import BackupError, check_kamtui_file, restore

    db_file = _sqlite_file(app)
    try:
        version = check_kamtui_file(file)
        if db_file.exists() and not yes:
            if not sys.stdin.isatty():
                raise click.ClickException(f"{db_file} exists: add --yes to replace it by {file}")
            click.confirm(f"Replace {db_file} by {file} (schema version {version})?", abort=True)
        close_database()
        replaced = restore(file, db_file, app.now)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    app.open()  # brings an older backup's schema up to date
    if replaced:
        click.echo(f"the replaced database was kept as {replaced}")
    click.echo(f"{db_file} restored from {file}")


def _group(main: click.Group, name: str, attribute: str) -> click.Group:
    from kamtui.cli import data

    group = getattr(data, attribute, None) or main.commands.get(name)
    if not isinstance(group, click.Group):
        # data.py's group is not there: a plain group keeps these commands reachable.
        group = click.Group(name, help=f"{name.capitalize()} data.")
        main.add_command(group)
    return group


def register(main: click.Group) -> None:
    imports = _group(main, "import", "import_group")
    imports.add_command(import_notion)
    imports.add_command(import_csv)
    _group(main, "export", "export_group").add_command(export_csv_command)
    for command in (ics_command, vcf_command, brief_command, backup_command, restore_command):
        main.add_command(command)
