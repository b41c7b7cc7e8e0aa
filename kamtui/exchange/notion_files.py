"""Finding the databases in a Notion "Markdown & CSV" export.

The export is a ``.zip`` (large workspaces: a zip holding ``...-Part-1.zip``
files), or the folder it unpacks to. Each database is a CSV named
``<Database> <32-hex id>.csv``, often also ``<Database> <32-hex id>_all.csv``,
which holds every row (the plain one only the rows of the exported view): the
``_all`` file wins. Each row's page is a ``<Title> <32-hex id>.md`` file whose
first line is ``# Title``: those give the titles behind relation links.
Nothing is unpacked to disk; files are read from the archives in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

_CSV = re.compile(r"^(?P<db>.+?)(?:\s+(?P<id>[0-9a-f]{32}))?(?P<all>_all)?\.csv$", re.I)
_PAGE = re.compile(r"^(?P<title>.*?)\s+(?P<id>[0-9a-f]{32})\.md$", re.I)


class NotionExportError(ValueError):
    """A path that is not a readable Notion export."""


@dataclass(frozen=True)
class NotionTable:
    """One database's CSV: its Notion name, its id, where it was found and its text."""

    database: str
    database_id: str | None
    file: str
    text: str


@dataclass
class NotionExport:
    tables: list[NotionTable] = field(default_factory=list)
    #: 32-hex page id → the page's title (from the page's Markdown file).
    titles_by_id: dict[str, str] = field(default_factory=dict)


def _entries_of_zip(data: bytes, label: str) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise NotionExportError(f"{label} is not a readable zip file") from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = f"{label}/{info.filename}"
            content = archive.read(info)
            if info.filename.lower().endswith(".zip"):
                yield from _entries_of_zip(content, name)
            else:
                yield name, content


def _entries(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if not file.is_file():
                continue
            label = str(file.relative_to(path))
            if file.suffix.lower() == ".zip":
                yield from _entries_of_zip(file.read_bytes(), label)
            else:
                yield label, file.read_bytes()
    elif path.is_file():
        yield from _entries_of_zip(path.read_bytes(), path.name)
    else:
        raise FileNotFoundError(f"no such file or folder: {path}")


def _text(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotionExportError(f"{label} is not UTF-8 text as Notion writes it") from None


def read_export(path: Path) -> NotionExport:
    """The database CSVs (``_all`` preferred) and page titles of the export at ``path``."""
    export = NotionExport()
    found: dict[tuple[str, str], tuple[bool, NotionTable]] = {}
    for label, data in _entries(path):
        base = PurePosixPath(label.replace("\\", "/")).name
        if (page := _PAGE.match(base)) and base.lower().endswith(".md"):
            first = _text(data, label).lstrip().split("\n", 1)[0]
            title = first[2:].strip() if first.startswith("# ") else page["title"]
            export.titles_by_id[page["id"].lower()] = title
            continue
        match = _CSV.match(base)
        if not match:
            continue
        db_id = (match["id"] or "").lower() or None
        table = NotionTable(match["db"].strip(), db_id, label, _text(data, label))
        key = (table.database.casefold(), db_id or str(PurePosixPath(label).parent))
        is_all = bool(match["all"])
        if key not in found or (is_all and not found[key][0]):
            found[key] = (is_all, table)
    export.tables = [table for _, table in found.values()]
    if not export.tables:
        raise NotionExportError(
            f"{path} holds no database CSV: expected Notion's 'Markdown & CSV' export "
            "(files named '<Database> <32-hex id>.csv')"
        )
    return export
