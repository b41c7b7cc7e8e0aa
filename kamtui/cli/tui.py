"""``kamtui`` without a command: the terminal app on the chosen database."""

from __future__ import annotations

import click

from kamtui.cli.context import AppContext


def open_app(app: AppContext) -> None:
    """Run the Textual app on ``app``'s database; today and now come from ``app``."""
    from kamtui.tui.app import KamtuiApp

    app.open()
    KamtuiApp(app.target, app.parse).run()


def register(main: click.Group) -> None:
    pass
