"""Text search that means what the user typed, on SQLite and PostgreSQL alike.

``%`` and ``_`` are LIKE wildcards: a user filtering on ``50%`` or ``ACME_2026``
means those characters, so they are escaped (with an explicit ``ESCAPE`` clause,
which both databases accept after ``LIKE``/``ILIKE``).
"""

from __future__ import annotations

from typing import Any

import peewee as pw

ESCAPE = "\\"


def like_escaped(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character itself escaped."""
    return "".join(ESCAPE + ch if ch in "%_\\" else ch for ch in text)


def icontains(expr: Any, text: str) -> pw.Expression:
    """``expr`` holds ``text``, case-insensitively, taken literally."""
    pattern = f"%{like_escaped(text)}%"
    return pw.Expression(expr, pw.OP.ILIKE, pw.NodeList((pattern, pw.SQL("ESCAPE"), ESCAPE)))
