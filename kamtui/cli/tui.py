"""``kamtui`` without a command: the terminal app (until it lands, a summary)."""

from __future__ import annotations

import click

from kamtui.cli.context import AppContext


def open_app(app: AppContext) -> None:
    from kamtui.db.entities import COLLECTIONS, TITLES

    app.open()
    click.echo(f"kamtui — {app.target} — {app.today.isoformat()}")
    for collection, model in COLLECTIONS.items():
        click.echo(f"  {TITLES[collection]:<28} {model.select().count():>7}")


def register(main: click.Group) -> None:
    pass
