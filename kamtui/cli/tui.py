"""``kamtui`` without a command: the terminal app on the chosen database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import click

from kamtui.cli.context import AppContext


def open_app(app: AppContext) -> None:
    """Run the Textual app on ``app``'s database; today and now come from ``app``."""
    from kamtui.tui.app import KamtuiApp
    from kamtui.tui.refresh import INTERVAL

    app.open()
    # Open all day: meetings logged "now" get the time they are logged, not the start's.
    ctx = replace(app.parse, clock=datetime.now)
    KamtuiApp(app.target, ctx, settings=app.settings, watch_interval=INTERVAL).run()


def register(main: click.Group) -> None:
    pass
