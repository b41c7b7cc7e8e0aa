"""What every command needs: the database target, ``today`` and the settings.

This is the one place the CLI reads the clock; everything below it gets ``today``
(and ``now``) as arguments, so ``--today`` replays any day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import click

from kamtui.config import Settings, load_settings
from kamtui.db.fields import ParseContext


@dataclass
class AppContext:
    target: str
    today: date
    now: datetime
    settings: Settings = field(default_factory=Settings)
    #: True when the user named the database (``--db``); ``kamtui demo`` writes
    #: there only then, else into its own demo file, never the real database.
    explicit_db: bool = False

    @classmethod
    def create(
        cls, target: str, today: date | None = None, explicit_db: bool = False
    ) -> AppContext:
        clock = datetime.now().replace(microsecond=0)
        settings = load_settings()
        if today is None:
            return cls(target, clock.date(), clock, settings, explicit_db)
        return cls(target, today, datetime.combine(today, clock.time()), settings, explicit_db)

    @property
    def parse(self) -> ParseContext:
        return ParseContext(self.today, self.settings.date_order, self.now)

    def open(self) -> Any:
        """Open (and migrate) the database; safe to call more than once."""
        from kamtui.db.connection import open_database

        return open_database(self.target)


pass_app = click.make_pass_decorator(AppContext)
