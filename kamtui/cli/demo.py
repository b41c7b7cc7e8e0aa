"""``kamtui demo``: build the demo portfolio and open the app on it."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kamtui.cli.context import AppContext, pass_app


def _fresh_file(path: Path) -> None:
    """Remove the previous demo file (and SQLite's side files): each run starts anew."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@click.command()
@click.option("--no-open", is_flag=True, help="Only build the portfolio; do not open the app.")
@click.option(
    "--seed", type=int, default=7, show_default=True, help="Another seed, another portfolio."
)
@pass_app
def demo(app: AppContext, no_open: bool, seed: int) -> None:
    """Build a realistic demo portfolio dated around today, then open the app on it.

    Without --db the portfolio goes to its own demo.db beside your real database
    (rebuilt from scratch on each run); your own data is never touched. With --db
    it goes into that database, which must be empty.

    \b
    Example:
      kamtui demo
      kamtui --db /tmp/demo.db --today 2026-12-04 demo --no-open
    """
    from kamtui.db.connection import close_database, demo_db_path
    from kamtui.ops.demo import DemoError, build_demo

    target = app.target
    if not app.explicit_db:
        target = str(demo_db_path())
        _fresh_file(Path(target))
    demo_app = dataclasses.replace(app, target=target, explicit_db=True)
    demo_app.open()
    try:
        summary = build_demo(app.today, seed=seed)
    except DemoError as exc:
        raise click.ClickException(f"{target}: {exc} (choose another --db)") from None
    finally:
        close_database()
    click.echo(f"Demo portfolio (seed {seed}, dated around {app.today.isoformat()}) in {target}:")
    for line in summary.lines():
        click.echo(f"  {line}")
    if no_open or not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(f"Open it with: kamtui --db {target}")
        return
    from kamtui.cli.tui import open_app

    open_app(demo_app)


def register(main: click.Group) -> None:
    main.add_command(demo)
