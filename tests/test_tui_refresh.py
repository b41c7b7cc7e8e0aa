"""Live data: another connection's writes reach the screen; modals are never disturbed."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import peewee as pw
import pytest
from tui_data import CTX, portfolio

from kamtui.config import Settings
from kamtui.db.models import Activity, Customer
from kamtui.ops.done import mark_done
from kamtui.ops.records import find_record
from kamtui.tui import refresh
from kamtui.tui.app import KamtuiApp
from kamtui.tui.dialogs.confirm import ConfirmDialog
from kamtui.tui.refresh import DataWatcher, refresh_screen


def _app(start: str = "home", interval: float | None = None) -> KamtuiApp:
    return KamtuiApp("test.db", CTX, start=start, settings=Settings(), watch_interval=interval)


def _write_elsewhere(path: Path, name: str, due: date) -> None:
    """An overdue activity written by another connection, as ``kamtui log`` over SSH would."""
    other = pw.SqliteDatabase(str(path), pragmas={"busy_timeout": 5000})
    with other.bind_ctx([Activity, Customer]):
        acme = Customer.get(Customer.name == "Acme Corp")
        Activity.insert(
            name=name, type="Task", status="Pending", due_date=due, customer=acme.id,
            created_at=datetime(2026, 12, 1), updated_at=datetime(2026, 12, 1),
        ).execute()  # fmt: skip
    other.close()


async def settle(pilot: Any, app: KamtuiApp) -> None:
    """Wait for screen switches and workers, except the watcher (it never ends)."""
    for _ in range(3):
        await pilot.pause()
        others = [w for w in app.workers if w.group != "watch"]
        if others:  # an empty list would mean "every worker"
            await app.workers.wait_for_complete(others)
    await pilot.pause()


def _on_screen(app: KamtuiApp, text: str) -> bool:
    return text in app.export_screenshot().replace("&#160;", " ")


async def _until(pilot: Any, check: Any, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if check():
            return True
    return False


def test_refresh_screen_prefers_reload_data_then_reload() -> None:
    calls: list[str] = []

    class Home:
        def reload_data(self) -> None:
            calls.append("reload_data")

        def reload(self) -> None:
            calls.append("reload")

    class Listing:
        def reload(self) -> None:
            calls.append("reload")

    assert refresh_screen(Home())  # type: ignore[arg-type]
    assert refresh_screen(Listing())  # type: ignore[arg-type]
    assert not refresh_screen(object())  # type: ignore[arg-type]
    assert calls == ["reload_data", "reload"]


async def test_home_shows_a_write_from_another_connection(db: Any, db_path: Path) -> None:
    portfolio()
    app = _app(interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert not _on_screen(app, "Zanzibar")
        _write_elsewhere(db_path, "Call Zanzibar office", date(2026, 12, 2))
        assert await _until(pilot, lambda: _on_screen(app, "Zanzibar"))


async def test_list_keeps_its_cursor_when_refreshed(db: Any, db_path: Path) -> None:
    portfolio()
    app = _app(start="activities", interval=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "down")
        await settle(pilot, app)
        table = app.screen.table  # type: ignore[attr-defined]
        assert table.cursor == 2
        _write_elsewhere(db_path, "Zanzibar kickoff", date(2027, 3, 1))
        assert await _until(pilot, lambda: _on_screen(app, "Zanzibar"))
        assert table.cursor == 2


async def test_no_refresh_under_an_open_modal_until_it_closes(db: Any) -> None:
    portfolio()
    app = _app(start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        listing = app.screen
        reloads: list[None] = []
        listing.reload = lambda cursor=None: reloads.append(None)  # type: ignore[method-assign]
        watcher = DataWatcher(app)
        app.push_screen(ConfirmDialog("Delete?", yes="Delete"))
        await pilot.pause()
        watcher.tick(changed=True)
        assert reloads == [] and watcher.pending
        await pilot.press("escape")
        await pilot.pause()
        watcher.tick(changed=False)
        assert reloads == [None] and not watcher.pending
        watcher.tick(changed=False)
        assert reloads == [None]


async def test_a_failing_check_is_a_notification_not_a_crash(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(database: Any) -> Any:
        raise pw.OperationalError("disk I/O error")

    monkeypatch.setattr(refresh, "change_token", broken)
    portfolio()
    app = _app(start="customers", interval=0.05)
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        assert await _until(pilot, lambda: bool(said))
        await asyncio.sleep(0.2)
        assert app.is_running
    assert said == ["Cannot check the database for changes: disk I/O error"]


def test_a_write_waits_for_another_process_lock_instead_of_failing(db: Any, db_path: Path) -> None:
    """UI writes go through ops (BEGIN IMMEDIATE + busy timeout): a held lock is waited out."""
    portfolio()
    holding = threading.Event()

    def hold_lock() -> None:
        other = pw.SqliteDatabase(str(db_path))
        other.execute_sql("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(0.5)
        other.execute_sql("COMMIT")
        other.close()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    holding.wait(2)
    started = time.monotonic()
    activity = mark_done(find_record(Activity, "Prepare QBR deck"), CTX)
    waited = time.monotonic() - started
    thread.join()
    assert activity.status == "Done"
    assert waited >= 0.3
