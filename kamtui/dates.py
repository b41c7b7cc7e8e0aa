"""The one date parser of kamtui: CLI, importers and forms all read dates here.

Accepted forms (``today`` is always an argument, never read from the clock):

* ISO dates ``2026-12-04`` and written forms dateutil reads (``Dec 4 2026``,
  ``4 December 2026``, ``Dec 4``);
* ``today``, ``tomorrow``, ``yesterday``, ``now``;
* offsets ``+3d``, ``-2w``, ``+1m``, ``+1y`` (and ``-2h``/``+30min`` for date-times);
* weekday names (``fri``, ``friday``, ``next friday``) meaning the next such day;
* ambiguous numeric forms (``03/04/2026``) read month-first or day-first
  following the ``date_order`` setting (``"mdy"`` or ``"dmy"``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from dateutil import parser as du_parser
from dateutil.relativedelta import relativedelta

DATE_ORDERS = ("mdy", "dmy")

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_OFFSET = re.compile(
    r"^(?P<sign>[+-])\s*(?P<n>\d+)\s*(?P<unit>d|days?|w|weeks?|m|months?|y|years?"
    r"|h|hours?|min|mins|minutes?)$"
)
_TIME_UNITS = {"h", "hour", "hours", "min", "mins", "minute", "minutes"}

EXPECTED = "a date such as 2026-12-04, Dec 4, today, tomorrow, +3d, -2w, +1m or a weekday name"
EXPECTED_MOMENT = "a date and time such as 2026-12-04 14:30, yesterday 15:00, fri 10:00, now or -2h"


class DateParseError(ValueError):
    """A text that is not a date kamtui understands; the message says what is accepted."""

    def __init__(self, text: str, expected: str = EXPECTED) -> None:
        self.text = text
        self.expected = expected
        super().__init__(f"{text!r} is not a date: expected {expected}")


def _offset(match: re.Match[str], base: datetime) -> datetime:
    n = int(match["n"]) * (1 if match["sign"] == "+" else -1)
    unit = match["unit"]
    if unit in _TIME_UNITS:
        return base + (timedelta(hours=n) if unit.startswith("h") else timedelta(minutes=n))
    if unit.startswith("d"):
        return base + timedelta(days=n)
    if unit.startswith("w"):
        return base + timedelta(weeks=n)
    if unit.startswith("m"):
        return base + relativedelta(months=n)
    return base + relativedelta(years=n)


def next_weekday(today: date, weekday: int) -> date:
    """The next day after ``today`` that falls on ``weekday`` (0 = Monday)."""
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=ahead)


def _relative_day(text: str, today: date) -> date | None:
    words = text.split()
    if words and words[0] == "next" and len(words) == 2:
        words = words[1:]
    if len(words) != 1:
        return None
    word = words[0]
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    if word in _WEEKDAYS:
        return next_weekday(today, _WEEKDAYS[word])
    return None


_YEAR_FIRST = re.compile(r"^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b")


def _dateutil(text: str, default: datetime, date_order: str) -> datetime:
    # 2026/12/04 is year-month-day in every date order; only 03/04/2026 is ambiguous.
    year_first = bool(_YEAR_FIRST.match(text))
    try:
        return du_parser.parse(text, default=default, yearfirst=year_first,
                               dayfirst=date_order == "dmy" and not year_first)
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateParseError(text) from exc


def parse_date(text: str, today: date, date_order: str = "mdy") -> date:
    """Read ``text`` as a calendar date relative to ``today``."""
    raw = text
    text = text.strip().lower()
    if not text:
        raise DateParseError(raw)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    relative = _relative_day(text, today)
    if relative is not None:
        return relative
    if match := _OFFSET.match(text):
        if match["unit"] in _TIME_UNITS:
            raise DateParseError(raw)
        return _offset(match, datetime.combine(today, time())).date()
    if text == "now":
        return today
    try:
        return _dateutil(text, datetime.combine(today, time()), date_order).date()
    except DateParseError:
        raise DateParseError(raw) from None


def parse_datetime(text: str, now: datetime, date_order: str = "mdy") -> datetime:
    """Read ``text`` as a date and time; a bare date means midnight of that day.

    ``now``, ``-2h``, ``+30min``, ``yesterday 15:00`` and ``fri 10:00`` are understood.
    """
    raw = text
    text = text.strip().lower()
    if not text:
        raise DateParseError(raw, EXPECTED_MOMENT)
    if text == "now":
        return now.replace(second=0, microsecond=0)
    if match := _OFFSET.match(text):
        return _offset(match, now.replace(second=0, microsecond=0))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    head, _, rest = text.partition(" ")
    if head == "next" and rest:
        day_word, _, rest = rest.partition(" ")
        head = f"next {day_word}"
    relative = _relative_day(head, now.date())
    if relative is not None:
        if not rest:
            return datetime.combine(relative, time())
        try:
            clock = _dateutil(rest, datetime.combine(relative, time()), date_order)
        except DateParseError:
            raise DateParseError(raw, f"a time of day after {head!r}, such as 15:00") from None
        return datetime.combine(relative, clock.time())
    try:
        return _dateutil(text, datetime.combine(now.date(), time()), date_order)
    except DateParseError:
        raise DateParseError(raw, EXPECTED_MOMENT) from None


def next_month_start(day: date) -> date:
    """The first day of the month after ``day``'s (a metrics month's end, exclusive)."""
    return day.replace(day=1) + relativedelta(months=1)


def add_business_days(start: date, days: int) -> date:
    """``start`` moved forward by ``days`` working days (Monday to Friday)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def format_date(value: date | None) -> str:
    """The one way kamtui shows a date to people: ``Fri 04 Dec 2026``."""
    return value.strftime("%a %d %b %Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    """The one way kamtui shows a date-time to people: ``Fri 04 Dec 2026 14:30``."""
    return value.strftime("%a %d %b %Y %H:%M") if value else ""
