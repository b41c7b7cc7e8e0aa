"""On the demo portfolio the triage shows most kinds, on the day and a month later."""

from __future__ import annotations

from datetime import date
from typing import Any

from kamtui.config import Settings
from kamtui.domain.triage import triage
from kamtui.ops.demo import build_demo

DEMO_DAY = date(2026, 12, 4)


def test_demo_shows_at_least_12_kinds(db: Any) -> None:
    build_demo(DEMO_DAY)
    for today in (DEMO_DAY, date(2026, 12, 18), date(2027, 1, 4)):
        kinds = {item.kind for item in triage(today, Settings())}
        assert len(kinds) >= 12, (today, sorted(kinds))
