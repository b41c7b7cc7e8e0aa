"""Filters take % and _ literally: they are what the user typed, not wildcards."""

from __future__ import annotations

from kamtui.db.models import Customer
from kamtui.db.search import icontains, like_escaped


def test_like_escaped_escapes_wildcards_and_the_escape_character() -> None:
    assert like_escaped("50%_a\\b") == "50\\%\\_a\\\\b"


def test_percent_and_underscore_match_only_themselves(db: object) -> None:
    for name in ("Acme 50% off", "Acme 500 off", "ACME_2026", "ACMEX2026"):
        Customer.create(name=name)

    def names(text: str) -> list[str]:
        return sorted(c.name for c in Customer.select().where(icontains(Customer.name, text)))

    assert names("50%") == ["Acme 50% off"]
    assert names("acme_") == ["ACME_2026"]
    assert names("acme") == sorted(["ACME_2026", "ACMEX2026", "Acme 50% off", "Acme 500 off"])
