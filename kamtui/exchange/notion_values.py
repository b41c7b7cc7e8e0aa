"""Cells as Notion writes them in its CSV export: dates, relations, checkboxes.

Notion writes dates as ``December 4, 2026``, ``Dec 4, 2026 2:30 PM``, ranges as
``November 5, 2025 6:00 AM (PST) → 7:30 AM``, or in the numeric form the
workspace is set to (``12/04/2026``, ``04/12/2026``, ``2026/12/04``).
Relations are ``Title (https://www.notion.so/Title-<32hex>?pvs=21)`` or
``Title (../Db%20Name%20<32hex>.md)``, several joined by ``", "``; titles may
themselves contain ``", "``, so they are split on the link, not on the comma.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil import parser as du_parser

from kamtui.exchange.cells import split_titles

# A time zone Notion appends to a time: "(PST)", "(GMT+1)", "(UTC-03:30)", "(CET)".
_ZONE = re.compile(r"\s*\((?:[A-Z]{2,5}|(?:GMT|UTC)\s*[+-]?\d{1,2}(?::?\d{2})?)\)")
_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*[ap]\.?m\b", re.I)
_YEAR_FIRST = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b(.*)$")
_RANGE = re.compile(r"\s*(?:→|->)\s*")

DateValue = date | datetime


@dataclass(frozen=True)
class Link:
    """One related page: its title and, when Notion wrote one, its 32-hex page id."""

    title: str
    page_id: str | None = None


def _one_date(text: str, date_order: str, base: date | None = None) -> DateValue | None:
    text = _ZONE.sub("", text).strip().lstrip("@").strip()
    if not text:
        return None
    has_time = bool(_TIME.search(text))
    if base is not None and not re.search(r"\d{4}|[a-z]{3}", _TIME.sub("", text), re.I):
        text = f"{base.isoformat()} {text}"  # "→ 7:30 AM": the end is on the start's day
    year_first = _YEAR_FIRST.match(text)
    try:
        if year_first:
            y, m, d, rest = year_first.groups()
            day = date(int(y), int(m), int(d))
            if not rest.strip():
                return day
            clock = du_parser.parse(rest.strip(), default=datetime.combine(day, time()))
            return datetime.combine(day, clock.time())
        moment = du_parser.parse(
            text, dayfirst=date_order == "dmy", default=datetime(2000, 1, 1, 0, 0)
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return moment if has_time else moment.date()


def parse_date_range(
    text: str, date_order: str = "mdy"
) -> tuple[DateValue, DateValue | None] | None:
    """The start (and end, for a range) of a Notion date cell, or None if unreadable.

    A date without a time is a :class:`date`; with a time, a naive
    :class:`datetime` holding the wall-clock time Notion shows (the zone is dropped).
    Numeric dates follow ``date_order`` (``"mdy"`` or ``"dmy"``); year-first
    dates are always year, month, day.
    """
    parts = _RANGE.split(text.strip(), maxsplit=1)
    start = _one_date(parts[0], date_order)
    if start is None:
        return None
    end = None
    if len(parts) == 2:
        base = start.date() if isinstance(start, datetime) else start
        end = _one_date(parts[1], date_order, base)
    return start, end


def parse_checkbox(text: str) -> bool | None:
    """Notion's ``Yes`` / ``No`` (also true/false, checked/unchecked); None if neither."""
    key = text.strip().casefold()
    if key in ("yes", "true", "checked", "x", "1", "✓", "✅"):
        return True
    if key in ("no", "false", "unchecked", "", "0"):
        return False
    return None


# A link target has no spaces (Notion writes %20) but may hold a title's "(...)".
_TARGET = r"(?:[^()\s]|\([^()\s]*\))*?[0-9a-f]{32}(?:[^()\s]|\([^()\s]*\))*"
_LINK = re.compile(rf"(?P<title>.*?)\s*\((?P<target>{_TARGET})\)(?:\s*,\s*|\s*$)", re.S)
_HEX = re.compile(r"[0-9a-f]{32}(?![0-9a-f])")


def parse_links(text: str, known: Collection[str] = ()) -> list[Link]:
    """Relation cells: ``A (link), B, with comma (link)`` → two links.

    The page id is the last 32-hex number of each link (the page itself, not its
    database). Text without links is split on ``", "`` keeping any run of pieces
    that forms a title in ``known`` together.
    """
    links: list[Link] = []
    position = 0
    text = text.strip()
    for match in _LINK.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        page_id = _HEX.findall(match["target"])[-1]
        title = match["title"].strip()
        if title:
            links.append(Link(title, page_id))
    rest = text[position:].strip()
    links.extend(Link(title) for title in split_titles(rest, known) if rest)
    return links


def resolve_links(links: list[Link], titles_by_id: Mapping[str, str]) -> list[str]:
    """Titles of the linked pages: the page's own title when its id is known."""
    return [titles_by_id.get(link.page_id or "", link.title) for link in links]
