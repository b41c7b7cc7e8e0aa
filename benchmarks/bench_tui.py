"""How fast the TUI lists answer on a big portfolio; prints JSON (milliseconds).

    python benchmarks/bench_tui.py [--db BIG.db] [--activities 500000]

With ``--db`` it measures that database (e.g. one made by benchmarks/generate.py);
otherwise it builds its own: 5,000 customers and ``--activities`` activities.
Each figure is the time from a key press until the table shows the new rows,
through Textual's test harness (which adds its own ``harness_noop_key`` to every
key) and waits for the rows and their count. ``in_app`` gives, for the list
openings and the filter, quick-filter and sort keys, the time inside the app alone:
from the key's action starting to the first screen refresh after the new rows
arrived (``filter_keys_counted``: after their count arrived too).
Targets: open a list / answer a key < 300 ms, End < 300 ms, a filter key < 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kamtui.db.connection import open_database
from kamtui.db.fields import ParseContext

TODAY = date(2026, 12, 4)
WORDS = ["send", "call", "review", "proposal", "renewal", "invoice", "follow", "deck", "pricing"]


def generate(path: Path, customers: int, activities: int) -> None:
    """A portfolio of ``customers`` accounts and ``activities`` activities (raw inserts)."""
    db = open_database(str(path))
    con = db.connection()
    rnd = random.Random(7)
    stamp = "2026-01-01 09:00:00"
    with db.atomic():
        con.executemany(
            "INSERT INTO customer (name, name_key, tier, lifecycle, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(f"Customer {i:04d}", f"customer {i:04d}", "ABC"[i % 3], "Active", stamp, stamp)
             for i in range(customers)],
        )  # fmt: skip
        rows = []
        for i in range(activities):
            due = date(2025, 1, 1) + timedelta(days=rnd.randrange(900))
            rows.append((
                f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {i}",
                rnd.choice(["Email", "Call", "Task", "FUP"]),
                "Done" if rnd.random() < 0.6 else "Pending",
                due.isoformat(), rnd.randrange(1, customers + 1), "kam", stamp, stamp,
            ))  # fmt: skip
        con.executemany(
            "INSERT INTO activity (name, type, status, due_date, customer_id, owner, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def measure(target: str) -> dict[str, Any]:
    from kamtui.tui.app import SCREENS_BY_KEY, KamtuiApp
    from kamtui.tui.screens.list_screen import ListScreen

    ctx = ParseContext(TODAY, now=datetime(2026, 12, 4, 9, 30))
    marks = _instrument(KamtuiApp, ListScreen)
    app = KamtuiApp(target, ctx)
    out: dict[str, Any] = {"open": {}, "down": {}, "in_app": {"open": {}, "filter_keys": []}}

    async with app.run_test(size=(120, 40)) as pilot:

        async def timed(*keys: str) -> float:
            marks.clear()
            start = time.perf_counter()
            await pilot.press(*keys)
            while True:
                await pilot.pause()
                screen = app.screen
                if isinstance(screen, ListScreen) and screen.ready:
                    break
                if time.perf_counter() - start > 30:
                    raise TimeoutError(keys)
            return round((time.perf_counter() - start) * 1000, 1)

        async def in_app(counted: list[float | None] | None = None) -> float | None:
            """The last key's time inside the app until its rows showed (None if it
            loaded none); ``counted`` gets the time until the row count showed too."""
            for _ in range(50):
                if "painted" in marks or "start" not in marks:
                    break
                await pilot.pause()
            if "painted" not in marks or "start" not in marks:
                return None
            if counted is not None:
                done = marks.get("counted", marks["painted"])
                counted.append(round((done - marks["start"]) * 1000, 1))
            return round((marks["painted"] - marks["start"]) * 1000, 1)

        # The app opens on home, which reads the whole portfolio's triage in a worker:
        # a user sees that first, so the lists are measured once it is on screen.
        started = time.perf_counter()
        while not getattr(app.screen, "loaded", False):
            await pilot.pause()
        out["home_loaded"] = round((time.perf_counter() - started) * 1000, 1)
        await pilot.press("2")
        # What a key costs in the test harness itself (press + repaint, no work).
        out["harness_noop_key"] = await timed("F12")
        for key, mode in SCREENS_BY_KEY.items():
            if mode == "home":
                continue
            out["open"][mode] = await timed(key)
            out["in_app"]["open"][mode] = await in_app()
            out["down"][mode] = await timed("down")
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        out["activities_rows"] = screen.table.total
        out["end"] = await timed("end")
        out["end_row_loaded"] = screen.table.current is not None
        out["home_after_end"] = await timed("home")
        out["page_down"] = await timed("pagedown")
        await pilot.press("slash")
        out["filter_keys"] = []
        out["in_app"]["filter_keys_counted"] = []
        for ch in "renew":
            out["filter_keys"].append(await timed(ch))
            out["in_app"]["filter_keys"].append(await in_app(out["in_app"]["filter_keys_counted"]))
        out["filter_clear"] = await timed("escape")
        # A word found nowhere: no index head holds a page of it, so the table is
        # scanned, but the page needs no count.
        await pilot.press("slash")
        out["filter_rare_keys"], out["in_app"]["filter_rare_keys"] = [], []
        for ch in "zqx":
            out["filter_rare_keys"].append(await timed(ch))
            out["in_app"]["filter_rare_keys"].append(await in_app())
        await timed("escape")
        out["quick_filter"] = await timed("f")
        out["in_app"]["quick_filter"] = await in_app()
        out["sort_next_column"] = await timed("s")
        out["in_app"]["sort_next_column"] = await in_app()
    return out


def _instrument(app_class: Any, screen_class: Any) -> dict[str, float]:
    """Stamp when a list action starts and when its new rows are first on screen."""
    marks: dict[str, float] = {}
    go, change, loaded = app_class.action_go, screen_class._change, screen_class._loaded
    counted = screen_class._counted

    async def timed_go(self: Any, mode: str) -> None:
        marks.setdefault("start", time.perf_counter())
        await go(self, mode)

    def timed_change(self: Any, **changes: Any) -> None:
        marks.setdefault("start", time.perf_counter())
        change(self, **changes)

    def timed_loaded(self: Any, generation: int, state: Any, *rest: Any) -> None:
        loaded(self, generation, state, *rest)
        if self.shown == self.state:
            self.call_after_refresh(lambda: marks.setdefault("painted", time.perf_counter()))

    def timed_counted(self: Any, generation: int, total: int) -> None:
        counted(self, generation, total)
        self.call_after_refresh(lambda: marks.setdefault("counted", time.perf_counter()))

    app_class.action_go, screen_class._change = timed_go, timed_change
    screen_class._loaded, screen_class._counted = timed_loaded, timed_counted
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing big database to measure")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--activities", type=int, default=500_000)
    args = parser.parse_args()
    if args.db:
        target = args.db
        open_database(target)
    else:
        target = str(Path(tempfile.mkdtemp(prefix="kamtui-bench-")) / "big.db")
        started = time.perf_counter()
        generate(Path(target), args.customers, args.activities)
        print(f"# generated in {time.perf_counter() - started:.1f} s: {target}", flush=True)
    figures = asyncio.run(measure(target))
    figures["targets_ms"] = {"open_and_keys": 300, "end": 300, "filter_key": 200}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
