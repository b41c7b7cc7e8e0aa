"""CSV files, one per entity, with our snake_case field names as headings.

Export writes every field (derived ones too, for spreadsheets; they are ignored
on import), lists as ``A, B``, and guards every cell against formula injection
(:mod:`kamtui.exchange.cells`). Import reads our headings, the seed's names and
the app's labels (``Contract Start``), or any heading the caller maps with
``overrides`` (``--map "Their Column=our_field"``); a column nobody recognises
stops the import before anything is read, naming the fields it could be. Empty
cells and ``NULL`` are empty values; a row with fewer cells than headings leaves
the missing fields alone; a row with more cells than headings is rejected.
Files from kamtui's own export re-import unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from kamtui.db.entities import COLLECTIONS, M2M_FIELDS, singular
from kamtui.db.models import Stakeholder
from kamtui.exchange.cells import guard, split_titles, unguard
from kamtui.exchange.columns import database_collection, known_fields, map_headings
from kamtui.exchange.json_io import iter_records
from kamtui.exchange.plan import ImportPlan, Source
from kamtui.exchange.private import open_private
from kamtui.ops.records import Problem


class CsvError(ValueError):
    """A CSV file that cannot be read as the entity it was given as (bad headings...)."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def write_collection(collection: str, handle: io.TextIOBase, today: date) -> int:
    """Write ``collection`` as CSV to ``handle``; returns the number of records."""
    headings = known_fields(collection)
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(headings)
    count = 0
    for record in iter_records(collection, today):
        writer.writerow([guard(_cell(record.get(h))) for h in headings])
        count += 1
    return count


def export_csv(collections: Iterable[str], directory: Path, today: date) -> dict[Path, int]:
    """One ``<collection>.csv`` per collection in ``directory``; file → record count."""
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[Path, int] = {}
    for collection in collections:
        path = directory / f"{collection}.csv"
        with open_private(path) as handle:
            written[path] = write_collection(collection, handle, today)
    return written


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``"Their Column=our_field"`` options as a dict; ``"Their Column="`` ignores a column."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        heading, sep, target = pair.rpartition("=")
        if not sep or not heading.strip():
            raise CsvError(f'--map {pair!r} is not "Their Column=our_field"')
        mapping[heading.strip()] = target.strip().lower().replace(" ", "_")
    return mapping


def _delimiter(first_line: str) -> str:
    # Spreadsheets in many locales write ";" (or tabs) because "," is their decimal mark.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _check_headings(
    collection: str, file: str, headings: list[str], overrides: dict[str, str]
) -> dict[int, str]:
    fields = known_fields(collection)
    for heading, target in overrides.items():
        if target and target not in fields:
            raise CsvError(
                f"--map {heading!r}={target!r}: {target!r} is not a field of {collection}; "
                f"fields: {', '.join(fields)}"
            )
    mapping = map_headings(collection, headings, overrides)
    unknown = [h for i, h in enumerate(headings) if i not in mapping and h.strip()]
    if unknown:
        raise CsvError(
            f"{file}: unknown column(s) {', '.join(map(repr, unknown))} for {collection}. "
            f'Map them with --map "Their Column=our_field" (or "Their Column=" to ignore); '
            f"fields: {', '.join(fields)}"
        )
    seen: dict[str, str] = {}
    for index, name in mapping.items():
        if name and name in seen:
            raise CsvError(
                f"{file}: columns {seen[name]!r} and {headings[index]!r} are both {name}"
            )
        seen[name] = headings[index]
    return mapping


def plan_file(
    plan: ImportPlan, collection: str, path: Path, overrides: dict[str, str] | None = None
) -> None:
    """Add the rows of the CSV file at ``path`` (records of ``collection``) to ``plan``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    headings: list[str] | None = None
    mapping: dict[int, str] = {}
    m2m = M2M_FIELDS.get(collection)
    known_people = {name for (name,) in Stakeholder.select(Stakeholder.name).tuples()}
    known_people |= {str(r.values.get("name")) for r in plan.rows if r.collection == m2m}
    last = 0
    for cells in reader:
        start, last = last + 1, reader.line_num
        if headings is None:
            headings = [h.strip() for h in cells]
            mapping = _check_headings(collection, path.name, headings, overrides or {})
            continue
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for index, cell in enumerate(cells[: len(headings)]):
            name = mapping.get(index)
            if not name:
                continue
            columns[name] = headings[index]
            cell = "" if cell.strip() in ("NULL", "null") else unguard(cell)
            if name == m2m:
                values[name] = split_titles(cell, known_people)
            else:
                values[name] = cell
        source = Source(path.name, start, columns)
        extra = [c for c in cells[len(headings) :] if c.strip()]
        if extra:
            record = str(values.get("name") or "")
            problem = Problem(
                singular(collection),
                record,
                None,
                None,
                f"at most {len(headings)} cells, one per heading; found {len(cells)} "
                f"(extra: {', '.join(map(repr, extra))})",
                source.where,
            )
            plan.reject(collection, source, problem)
            continue
        plan.add(collection, values, source)


def plan_csv(
    files: Iterable[tuple[str, Path]], overrides: dict[str, str] | None = None
) -> ImportPlan:
    """A plan for CSV files given as (collection, path) pairs; the database must be open."""
    plan = ImportPlan()
    order = list(COLLECTIONS)
    for collection, path in sorted(files, key=lambda item: order.index(item[0])):
        plan_file(plan, collection, path, overrides)
    return plan


def files_in(directory: Path) -> list[tuple[str, Path]]:
    """The ``<collection>.csv`` files of ``directory`` (as written by :func:`export_csv`)."""
    found: list[tuple[str, Path]] = []
    for path in sorted(directory.glob("*.csv")):
        collection = database_collection(path.stem.replace("_", " "))
        if collection is None:
            raise CsvError(f"{path.name}: not named after an entity ({', '.join(COLLECTIONS)}.csv)")
        found.append((collection, path))
    if not found:
        raise CsvError(f"{directory} holds no .csv file")
    return found
