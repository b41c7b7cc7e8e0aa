"""Regenerate screenshots/ (SVG from Textual, PNG when rsvg-convert exists).

The demo portfolio is built in a temporary SQLite file at a fixed today, so the
pictures only change when the app does::

    /work/venv/bin/python scripts/make_screenshots.py [OUTPUT_DIR]
"""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from kamtui.config import Settings
from kamtui.db.connection import close_database, open_database
from kamtui.db.fields import ParseContext
from kamtui.ops.demo import build_demo
from kamtui.ops.demo_data import KAM
from kamtui.tui.app import KamtuiApp

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 9, 30)
SIZE = (120, 40)
#: File name → keys pressed after the app opens on home.
SHOTS = {
    "home": [],
    "quick_log": ["m", "space", "4"],  # an attendee ticked, mood 4
    "customer_360": ["c"],
    "invoices": ["9"],
}


_LEADING_SPACES = re.compile(
    r'(<text [^>]*?x=")([0-9.]+)(" [^>]*?textLength=")([0-9.]+)("[^>]*>)((?:&#160;)+)([^<]*</text>)'
)


def _for_rsvg(svg: str) -> str:
    """rsvg-convert drops a text run's leading spaces, so bold text ran into the
    words after it in the PNGs: move each run's start past its spaces instead."""

    def shifted(m: re.Match[str]) -> str:
        spaces = m[6].count("&#160;")
        cells = spaces + len(html.unescape(m[7].removesuffix("</text>")))
        width = float(m[4]) / max(cells, 1)
        x, length = float(m[2]) + spaces * width, float(m[4]) - spaces * width
        return f"{m[1]}{x:g}{m[3]}{length:g}{m[5]}{m[7]}"

    return _LEADING_SPACES.sub(shifted, svg)


def to_png(converter: str, svg: Path) -> Path:
    png = svg.with_suffix(".png")
    with tempfile.TemporaryDirectory() as tmp:
        fixed = Path(tmp) / svg.name
        fixed.write_text(_for_rsvg(svg.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run([converter, "-w", "1400", str(fixed), "-o", str(png)], check=True)
    return png


async def _settle(pilot: object, app: KamtuiApp) -> None:
    for _ in range(4):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()


async def shoot(name: str, keys: list[str], out: Path) -> Path:
    # The demo's KAM owns most activities: "mine" on home is what they would see.
    app = KamtuiApp("demo.db", ParseContext(TODAY, now=NOW), settings=Settings({"user.name": KAM}))
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot, app)
        return Path(app.save_screenshot(f"{name}.svg", str(out)))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    converter = shutil.which("rsvg-convert")
    with tempfile.TemporaryDirectory() as tmp:
        open_database(str(Path(tmp) / "demo.db"))
        try:
            build_demo(TODAY)
            for name, keys in SHOTS.items():
                svg = asyncio.run(shoot(name, keys, out))
                print(f"wrote {svg}")
                if converter:
                    print(f"wrote {to_png(converter, svg)}")
        finally:
            close_database()
    if not converter:
        print("rsvg-convert not found (Debian: librsvg2-bin): SVG only")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
