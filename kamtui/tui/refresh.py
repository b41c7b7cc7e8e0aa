"""Live data: notice that another process wrote to the database and refresh the screen.

A thread worker reads :func:`kamtui.db.watch.change_token` every couple of
seconds (a cheap ``PRAGMA data_version`` on SQLite) and tells the app when it
moved. The visible screen then re-reads its data keeping its cursor: home
recomputes the triage, a list reloads its page. An open form or modal is never
touched: the refresh waits until it is closed.
"""

from __future__ import annotations

import threading
from typing import Any

import peewee as pw
from textual.app import App
from textual.screen import ModalScreen, Screen

from kamtui.db.models import database
from kamtui.db.watch import change_token

INTERVAL = 2.0


def refresh_screen(screen: Screen[Any]) -> bool:
    """Re-read what ``screen`` shows, keeping its cursor; False if it has nothing to re-read."""
    for name in ("reload_data", "reload"):
        method = getattr(screen, name, None)
        if callable(method):
            method()
            return True
    return False


def _own_connection(db: pw.Database) -> pw.Database:
    """A private connection to ``db``'s SQLite file; a server database is shared as is
    (its write-ahead log position is the server's, whatever the connection)."""
    if isinstance(db, pw.SqliteDatabase) and db.database != ":memory:":
        return pw.SqliteDatabase(db.database, pragmas={"busy_timeout": 5000})
    return db


class DataWatcher:
    """Watches the open database from a thread; the app calls :meth:`start` once mounted."""

    def __init__(self, app: App[Any], interval: float = INTERVAL) -> None:
        self.app = app
        self.interval = interval
        #: Set when a change was seen but a modal was open; applied once it closes.
        self.pending = False
        self._stop = threading.Event()
        self._failing = False

    def start(self) -> None:
        self.app.run_worker(
            self._watch, thread=True, exclusive=True, group="watch", exit_on_error=False
        )

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        # SQLite's data_version moves when any *other* connection commits, but not
        # on a connection holding a read snapshot: a pool thread's peewee connection
        # may have one left open by another worker, so the watcher has its own.
        watched = _own_connection(database.obj)
        last = None
        try:
            while not self._stop.is_set():
                try:
                    token = change_token(watched)
                except Exception as exc:  # noqa: BLE001 - shown to the user, then retried
                    if not self._failing:
                        self._failing = True
                        self.app.call_from_thread(
                            self.app.notify,
                            f"Cannot check the database for changes: {exc}",
                            title="Live data",
                            severity="error",
                        )
                else:
                    self._failing = False
                    changed = last is not None and token != last
                    last = token
                    self.app.call_from_thread(self.tick, changed)
                self._stop.wait(self.interval)
        except RuntimeError:
            pass  # the app has stopped between two checks
        finally:
            watched.close()

    def tick(self, changed: bool) -> None:
        """On the app's thread: refresh now, or once the open modal is closed."""
        self.pending = self.pending or changed
        if not self.pending or isinstance(self.app.screen, ModalScreen):
            return
        self.pending = False
        try:
            refresh_screen(self.app.screen)
        except Exception as exc:  # noqa: BLE001 - a failed refresh must not end the app
            self.app.notify(f"Could not refresh: {exc}", title="Live data", severity="error")
