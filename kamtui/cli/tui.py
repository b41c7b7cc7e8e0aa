"""``kamtui`` without a command: the terminal app on the chosen database."""

from __future__ import annotations

import click

from kamtui.cli.context import AppContext


def open_app(app: AppContext) -> None:
    """Run the Textual app on ``app``'s database; today and now come from ``app``."""
    from kamtui.tui.app import KamtuiApp
    from kamtui.tui.refresh import INTERVAL

    app.open()
    KamtuiApp(app.target, app.parse, settings=app.settings, watch_interval=INTERVAL).run()


def register(main: click.Group) -> None:
    pass
