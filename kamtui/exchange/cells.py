"""Spreadsheet cells: the formula-injection guard and lists of names.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is run as a formula by spreadsheets (CSV injection). :func:`guard` writes such a
cell with a leading apostrophe, which spreadsheets read as "this is text";
:func:`unguard` takes it off again on import, so an export re-imports unchanged.
A cell that itself starts with an apostrophe is guarded too, so the round trip
is exact for every text.
"""

from __future__ import annotations

from collections.abc import Collection

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guard(cell: str) -> str:
    """``cell`` as it must be written to a CSV file opened by spreadsheets."""
    if cell.startswith(FORMULA_STARTS) or cell.startswith(GUARD):
        return GUARD + cell
    return cell


def unguard(cell: str) -> str:
    """The text a guarded cell stands for (cells without the guard are unchanged)."""
    return cell[1:] if cell.startswith(GUARD) else cell


def split_titles(text: str, known: Collection[str] = ()) -> list[str]:
    """Names joined by ``", "``, where a name may itself contain ``", "``.

    Runs of pieces that together form a name in ``known`` (compared
    case-insensitively) stay one name, the longest run first; other pieces are
    names on their own.
    """
    pieces = [p for p in text.split(", ")]
    names = {k.casefold() for k in known}
    result: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = ", ".join(pieces[i:j]).strip()
            if j == i + 1 or candidate.casefold() in names:
                if candidate:
                    result.append(candidate)
                i = j
                break
    return result
