"""Live data: notice another process's writes and refresh what the app shows.

One long-lived thread worker polls :func:`kamtui.db.watch.change_token` every
``interval`` seconds. It must be *one* thread: SQLite's ``data_version`` only
means something when compared on the same connection, and peewee gives each
thread its own. On a change the app gets :class:`DataChanged`; the screen the
user sees refreshes itself keeping its cursor (``refresh_data`` or ``reload``),
unless a form or dialog is open on top of it: then nothing under the user's
hands moves, and the screen is refreshed when the dialog closes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, get_current_worker

from kamtui.db.watch import change_token

INTERVAL = 2.0


@dataclass
class DataChanged(Message):
    """Another connection committed a change to the database."""

    token: Any


def refresh_screen(screen: Screen[Any]) -> bool:
    """Ask ``screen`` to re-read its data keeping its cursor; False if it cannot."""
    for name in ("refresh_data", "reload"):
        method = getattr(screen, name, None)
        if callable(method):
            method()
            return True
    return False


def watch(app: App[Any], interval: float = INTERVAL) -> Worker[None]:
    """Start polling; :class:`DataChanged` is posted to ``app`` on each change."""
    from kamtui.db.models import database

    def poll() -> None:
        worker = get_current_worker()
        db = database.obj
        last = None
        try:
            while not worker.is_cancelled:
                try:
                    token = change_token(db)
                except Exception:  # noqa: BLE001 - a busy or closed database: try again later
                    token = last
                if last is not None and token != last:
                    app.call_from_thread(app.post_message, DataChanged(token))
                last = token
                slept = 0.0
                while slept < interval and not worker.is_cancelled:
                    time.sleep(0.1)
                    slept += 0.1
        finally:
            if not db.is_closed():
                db.close()  # this thread's connection only

    return app.run_worker(poll, thread=True, group="live", exclusive=True, exit_on_error=False)


class LiveRefresh:
    """App mixin: call :meth:`start_live` once mounted; handles :class:`DataChanged`."""

    #: Screens whose refresh waits for the dialog above them to close.
    _stale: set[int]

    def start_live(self, interval: float = INTERVAL) -> None:
        app: Any = self
        self._stale = set()
        app.screen_change_signal.subscribe(app, self._screen_changed)
        watch(app, interval)

    def on_data_changed(self, message: DataChanged) -> None:
        app: Any = self
        stack = list(app.screen_stack)
        top = stack[-1]
        if isinstance(top, ModalScreen):
            # Never disturb a form being typed: refresh the screens below later.
            self._stale.update(id(s) for s in stack if not isinstance(s, ModalScreen))
            return
        refresh_screen(top)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """Refresh ``screen`` if a change arrived while a dialog covered it."""
        if id(screen) in getattr(self, "_stale", set()):
            self._stale.discard(id(screen))
            if not isinstance(screen, ModalScreen):
                refresh_screen(screen)
