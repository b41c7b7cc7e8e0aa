"""Model fields that know how to read and check their own values.

Each field has a ``kind`` (what widget or parser it needs), a human ``label`` and a
``coerce(raw, ctx)`` that turns typed text (or a Python value) into the stored value
or raises :class:`FieldError` saying what is expected. This is the one copy of the
validation rules: the CLI, the importers and the TUI forms all call it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar

import peewee as pw

from kamtui.dates import DateParseError, parse_date, parse_datetime


class FieldError(ValueError):
    """A value a field cannot hold; ``expected`` says, in words, what it can."""

    def __init__(self, value: Any, expected: str) -> None:
        self.value = value
        self.expected = expected
        super().__init__(f"{value!r}: expected {expected}")


@dataclass(frozen=True)
class ParseContext:
    """What reading a typed value may depend on: the date and the user's date order."""

    today: date
    date_order: str = "mdy"
    now: datetime | None = field(default=None)
    #: A live clock, for an app open all day: "now" is then read when it is used,
    #: not when the app started (the time of day on ``today``, so --today still replays).
    clock: Callable[[], datetime] | None = field(default=None, compare=False)

    @property
    def moment(self) -> datetime:
        """The time things happen at: the clock's, else ``now``, else 09:00 on ``today``."""
        if self.clock is not None:
            return datetime.combine(self.today, self.clock().time().replace(microsecond=0))
        return self.now or datetime.combine(self.today, time(9, 0))


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in ("", "NULL", "null"))


class Described:
    """Mixin for peewee fields: a kind, a label, and a coerce/check pair."""

    kind = "text"

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        self.label_text = label
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    @property
    def label(self) -> str:
        return self.label_text or self.name.replace("_", " ").capitalize()

    def coerce(self, raw: Any, ctx: ParseContext) -> Any:
        if _blank(raw):
            return None
        value = self.convert(raw, ctx)
        try:
            self.check(value)
        except FieldError as exc:
            raise FieldError(raw, exc.expected) from None
        return value

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        return str(raw).strip()

    def check(self, value: Any) -> None:
        """Raise FieldError if ``value`` (already converted) is not acceptable."""


class TextField(Described, pw.CharField):
    kind = "text"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def check(self, value: Any) -> None:
        if len(value) > self.max_length:
            raise FieldError(value, f"at most {self.max_length} characters")


class LongTextField(Described, pw.TextField):
    kind = "longtext"

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        return str(raw).strip("\n").rstrip()


class TagField(TextField):
    """A select whose options grow as the user types new ones, as in Notion."""

    kind = "tag"


_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")


class EmailField(TextField):
    kind = "email"

    def check(self, value: Any) -> None:
        if not _EMAIL.match(value):
            raise FieldError(value, "an email address like name@company.com")


_LINKEDIN = re.compile(r"^https://([a-z]{2,3}\.)?linkedin\.com/(in|pub|company)/[^\s/]+/?$", re.I)


class LinkedInField(TextField):
    kind = "url"

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        text = str(raw).strip()
        if text.lower().startswith(("linkedin.com/", "www.linkedin.com/")):
            text = "https://" + text
        if text.lower().startswith("http://"):
            text = "https://" + text[7:]
        return text

    def check(self, value: Any) -> None:
        if not _LINKEDIN.match(value):
            raise FieldError(value, "a LinkedIn profile URL like https://www.linkedin.com/in/name")


_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")


class PhoneField(TextField):
    kind = "phone"

    def check(self, value: Any) -> None:
        digits = re.sub(r"\D", "", value)
        if not _PHONE_CHARS.match(value) or not 6 <= len(digits) <= 15:
            raise FieldError(value, "a phone number of 6 to 15 digits, e.g. +44 20 7946 0958")


class IntField(Described, pw.IntegerField):
    """A whole number between ``minimum`` and ``maximum`` (inclusive)."""

    kind = "int"

    def __init__(
        self, *args: Any, minimum: int | None = 0, maximum: int | None = None, **kwargs: Any
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        super().__init__(*args, **kwargs)

    def _expected(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"a whole number of at least {self.minimum}"
        return "a whole number"

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        if isinstance(raw, bool):
            raise FieldError(raw, self._expected())
        if isinstance(raw, int):
            return raw
        text = str(raw).strip().replace(",", "").replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise FieldError(raw, self._expected()) from None
        if number != number.to_integral_value():
            raise FieldError(raw, self._expected())
        return int(number)

    def check(self, value: Any) -> None:
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise FieldError(value, self._expected())


class NumberField(Described, pw.DecimalField):
    """A non-negative decimal number (hours, ratios, frequencies)."""

    kind = "number"
    places = 2
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None
    expected = "a number of at least 0, with at most 2 decimals"
    strip_chars = ""
    #: Suffixes a person types for thousands and millions ("12k"), by lower-case letter.
    multipliers: ClassVar[dict[str, int]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", self.places)
        kwargs.setdefault("auto_round", True)
        super().__init__(*args, **kwargs)

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        if isinstance(raw, bool):
            raise FieldError(raw, self.expected)
        if isinstance(raw, Decimal | int):
            return Decimal(raw)
        if isinstance(raw, float):
            return Decimal(str(raw))
        text = str(raw).strip()
        for char in self.strip_chars:
            text = text.replace(char, "")
        text = text.replace(",", "").replace(" ", "")
        scale = self.multipliers.get(text[-1:].lower(), 1) if text else 1
        if scale != 1:
            text = text[:-1]
        try:
            value = Decimal(text) * scale
        except InvalidOperation:
            raise FieldError(raw, self.expected) from None
        if not value.is_finite():
            raise FieldError(raw, self.expected)
        return value

    def coerce(self, raw: Any, ctx: ParseContext) -> Any:
        value = super().coerce(raw, ctx)
        return None if value is None else value.quantize(self._exp)

    def python_value(self, value: Any) -> Any:
        # SQLite's NUMERIC affinity gives 1000.00 back as the integer 1000: read every
        # value with its places, as PostgreSQL's NUMERIC(14, 2) does, so exports agree.
        value = super().python_value(value)
        return None if value is None else value.quantize(self._exp)

    def check(self, value: Any) -> None:
        # Trailing zeros are not decimals: exports write a CSAT of 4.5 as "4.50".
        exponent = value.normalize().as_tuple().exponent if value else 0
        if isinstance(exponent, int) and exponent < -self.places:
            raise FieldError(value, self.expected)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise FieldError(value, self.expected)


class MoneyField(NumberField):
    kind = "money"
    expected = "an amount of money of at least 0 with at most 2 decimals, e.g. 1250.00 or 12k"
    strip_chars = "$€£¥"
    multipliers: ClassVar[dict[str, int]] = {"k": 1_000, "m": 1_000_000}


class PercentField(NumberField):
    kind = "percent"
    maximum = Decimal(100)
    expected = "a percentage from 0 to 100, e.g. 45 or 45%"
    strip_chars = "%"


class ScaleField(NumberField):
    """A satisfaction score on a 1 to 5 scale (CSAT, sponsor health)."""

    kind = "scale"
    places = 1
    minimum = Decimal(1)
    maximum = Decimal(5)
    expected = "a score from 1 to 5"


class DateField(Described, pw.DateField):
    kind = "date"

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        try:
            return parse_date(str(raw), ctx.today, ctx.date_order)
        except DateParseError as exc:
            raise FieldError(raw, exc.expected) from None


class DateTimeField(Described, pw.DateTimeField):
    kind = "datetime"

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        if isinstance(raw, datetime):
            return raw.replace(microsecond=0)
        if isinstance(raw, date):
            return datetime.combine(raw, time())
        try:
            return parse_datetime(str(raw), ctx.moment, ctx.date_order)
        except DateParseError as exc:
            raise FieldError(raw, exc.expected) from exc


def _match_option(raw: Any, options: type[StrEnum]) -> str:
    text = str(raw).strip()
    for option in options:
        if option.value.lower() == text.lower():
            return option.value
    allowed = ", ".join(option.value for option in options)
    raise FieldError(raw, f"one of {allowed}")


class SelectField(TextField):
    """A single select with fixed options, matched case-insensitively."""

    kind = "select"

    def __init__(self, options: type[StrEnum], *args: Any, **kwargs: Any) -> None:
        self.options = options
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        return _match_option(raw, self.options)

    def check(self, value: Any) -> None:
        _match_option(value, self.options)


class MultiSelectField(Described, pw.TextField):
    """Several options, stored as a JSON list so it is portable and queryable.

    ``options`` is an Enum for fixed options or ``None`` for options that grow.
    Query with :meth:`includes`: ``Meeting.purpose.includes("Renewals")``.
    """

    kind = "multiselect"

    def coerce(self, raw: Any, ctx: ParseContext) -> Any:
        # Blank means "no options": the empty list it reads back as, not None.
        return [] if _blank(raw) else super().coerce(raw, ctx)

    def __init__(self, options: type[StrEnum] | None = None, *args: Any, **kwargs: Any) -> None:
        self.options = options
        super().__init__(*args, **kwargs)

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        items = raw if isinstance(raw, list | tuple | set) else str(raw).split(",")
        values: list[str] = []
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            value = _match_option(text, self.options) if self.options else text
            if value not in values:
                values.append(value)
        if self.options:
            order = [option.value for option in self.options]
            values.sort(key=order.index)
        return values

    def check(self, value: Any) -> None:
        for item in value:
            if '"' in item:
                raise FieldError(item, "an option without double quotes")
            if self.options:
                _match_option(item, self.options)

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(list(value), ensure_ascii=False)

    def python_value(self, value: Any) -> Any:
        if value is None:
            return []
        return json.loads(value)

    def includes(self, option: str) -> pw.Expression:
        """An expression true where the list holds ``option`` (portable LIKE)."""
        pattern = f"%{json.dumps(option, ensure_ascii=False)}%"
        return pw.Expression(self, pw.OP.ILIKE, pw.Value(pattern, converter=False))


class RelationField(Described, pw.ForeignKeyField):
    """A relation to another record, typed by its name; ops resolve the name."""

    kind = "relation"

    def __init__(self, model: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("on_delete", "SET NULL" if kwargs.get("null", True) else "CASCADE")
        super().__init__(model, *args, **kwargs)

    def convert(self, raw: Any, ctx: ParseContext) -> Any:
        return raw
