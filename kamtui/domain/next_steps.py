"""Next steps typed after a meeting: one line each, optionally ending in ``by DATE``.

Pure: ``today`` and the date order are arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from kamtui.dates import DateParseError, parse_date

# The last " by " of the line: a date never contains the word "by", so the
# suffix starts there ("Ask Anna by phone by fri" → "Ask Anna by phone", fri).
_BY = re.compile(r"^(?P<text>.*\S)\s+by\s+(?P<when>[^\s].*?)[\s.;,]*$", re.IGNORECASE | re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-*•]|\[ ?\])\s+")
# A lone number ("by 5") is too easily part of the sentence to be read as a day.
_DATE_LIKE = re.compile(r"[a-z]|\d\s*[/.-]\s*\d|^[+-]", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class NextStep:
    """One next step: what to do, and the date its line asked for (if any)."""

    text: str
    due: date | None = None
    #: The words the date was read from (``fri`` in ``... by fri``), for echoing back.
    due_text: str = ""


def split_due(line: str, today: date, date_order: str = "mdy") -> NextStep:
    """Split a trailing ``by DATE`` off ``line``.

    ``"Send deck by fri"`` → ``NextStep("Send deck", <next Friday>, "fri")``. A
    line whose ``by ...`` is not a date (``"Call by phone"``, ``"Check by 5"``)
    keeps all its words and has no due date. A leading bullet (``-``, ``*``) is
    dropped. A deadline written without a year that would already be past (``by
    Jan 15`` typed in December) means next year's.
    """
    text = _BULLET.sub("", line).strip()
    match = _BY.match(text)
    if match is None or not _DATE_LIKE.search(match["when"]):
        return NextStep(text)
    when = match["when"].strip()
    try:
        due = parse_date(when, today, date_order)
    except DateParseError:
        return NextStep(text)
    backwards = when.startswith("-") or when.lower() == "yesterday"
    if due < today and not backwards and not _YEAR.search(when):
        due += relativedelta(years=1)
    return NextStep(match["text"].strip(), due, when)


def step_lines(next_steps: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """The non-blank lines of ``next_steps`` (a text or a list of lines)."""
    if not next_steps:
        return []
    lines = next_steps.splitlines() if isinstance(next_steps, str) else list(next_steps)
    return [line.rstrip() for line in lines if line and line.strip()]
