"""Test isolation: no user config or data directory is ever read or written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kamtui.db.connection import close_database, open_database
from kamtui.db.fields import ParseContext

TODAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMTUI_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("KAMTUI_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kamtui.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    database = open_database(str(db_path))
    yield database
    close_database()


@pytest.fixture
def ctx() -> ParseContext:
    return ParseContext(today=TODAY, now=datetime(2026, 12, 4, 9, 30))
