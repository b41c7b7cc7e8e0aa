"""The one date parser, as a table: what people type and the date it means."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kamtui.dates import (
    DateParseError,
    add_business_days,
    format_date,
    parse_date,
    parse_datetime,
)

FRI = date(2026, 12, 4)  # a Friday
JAN31 = date(2027, 1, 31)


@pytest.mark.parametrize(
    ("text", "today", "order", "expected"),
    [
        ("2026-12-04", FRI, "mdy", date(2026, 12, 4)),
        ("  2027-02-28 ", FRI, "mdy", date(2027, 2, 28)),
        ("Dec 4 2026", FRI, "mdy", date(2026, 12, 4)),
        ("4 December 2026", FRI, "mdy", date(2026, 12, 4)),
        ("December 31, 2027", FRI, "mdy", date(2027, 12, 31)),
        ("Dec 12", FRI, "mdy", date(2026, 12, 12)),  # the year defaults to today's
        ("today", FRI, "mdy", FRI),
        ("Tomorrow", FRI, "mdy", date(2026, 12, 5)),
        ("yesterday", FRI, "mdy", date(2026, 12, 3)),
        ("+3d", FRI, "mdy", date(2026, 12, 7)),
        ("+ 10 days", FRI, "mdy", date(2026, 12, 14)),
        ("-2w", FRI, "mdy", date(2026, 11, 20)),
        ("+1m", FRI, "mdy", date(2027, 1, 4)),
        ("+1m", JAN31, "mdy", date(2027, 2, 28)),  # month ends clamp, never overflow
        ("+1y", FRI, "mdy", date(2027, 12, 4)),
        ("-1y", date(2028, 2, 29), "mdy", date(2027, 2, 28)),
        # Weekday names mean the NEXT such day, never today.
        ("fri", FRI, "mdy", date(2026, 12, 11)),
        ("friday", FRI, "mdy", date(2026, 12, 11)),
        ("next friday", FRI, "mdy", date(2026, 12, 11)),
        ("mon", FRI, "mdy", date(2026, 12, 7)),
        ("Thursday", FRI, "mdy", date(2026, 12, 10)),
        ("sat", FRI, "mdy", date(2026, 12, 5)),
        # Ambiguous numeric forms follow the date order; year-first never is.
        ("03/04/2026", FRI, "mdy", date(2026, 3, 4)),
        ("03/04/2026", FRI, "dmy", date(2026, 4, 3)),
        ("2026/03/04", FRI, "dmy", date(2026, 3, 4)),
        ("31/12/2026", FRI, "dmy", date(2026, 12, 31)),
    ],
)
def test_parse_date(text: str, today: date, order: str, expected: date) -> None:
    assert parse_date(text, today, order) == expected


@pytest.mark.parametrize("text", ["", "   ", "soon", "32/13/2026", "+3x", "next year-ish", "-2h"])
def test_garbage_is_refused_with_what_is_accepted(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, FRI)
    message = str(caught.value)
    assert repr(text) in message
    assert "expected a date such as 2026-12-04" in message
    assert "+3d" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 15:00", datetime(2026, 12, 3, 15, 0)),
        ("yesterday 15:00", datetime(2026, 12, 3, 15, 0)),
        ("fri 10:30", datetime(2026, 12, 11, 10, 30)),
        ("next monday 9am", datetime(2026, 12, 7, 9, 0)),
        ("now", datetime(2026, 12, 4, 14, 20)),
        ("-2h", datetime(2026, 12, 4, 12, 20)),
        ("+30min", datetime(2026, 12, 4, 14, 50)),
        ("Dec 1 2026 4pm", datetime(2026, 12, 1, 16, 0)),
        ("tomorrow", datetime(2026, 12, 5, 0, 0)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    assert parse_datetime(text, datetime(2026, 12, 4, 14, 20, 33)) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 12, 3), 2, date(2026, 12, 7)),  # Thu + 2 → Mon, across the weekend
        (date(2026, 12, 4), 2, date(2026, 12, 8)),  # Fri + 2 → Tue
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # Sat + 1 → Mon
        (date(2026, 12, 7), 5, date(2026, 12, 14)),
        (date(2026, 12, 7), 0, date(2026, 12, 7)),
    ],
)
def test_add_business_days(start: date, days: int, expected: date) -> None:
    assert add_business_days(start, days) == expected


def test_format_date_shows_the_weekday() -> None:
    assert format_date(date(2027, 12, 31)) == "Fri 31 Dec 2027"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("yesterday 25:00", "a time of day after 'yesterday', such as 15:00"),
        ("fri 99:99", "a time of day after 'fri', such as 15:00"),
        ("someday", "a date and time such as 2026-12-04 14:30"),
        ("", "a date and time such as"),
    ],
)
def test_a_bad_moment_says_what_a_moment_looks_like(text: str, said: str) -> None:
    with pytest.raises(DateParseError) as error:
        parse_datetime(text, datetime(2026, 12, 4, 14, 20))
    assert said in str(error.value)


def test_next_month_start_crosses_the_year() -> None:
    from kamtui.dates import next_month_start

    assert next_month_start(date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_month_start(date(2026, 1, 31)) == date(2026, 2, 1)
