"""What a file import is about to do, and the report of the rows it skipped.

The CSV and Notion importers read their files into an :class:`ImportPlan`: the
rows for :func:`kamtui.exchange.loader.apply_rows`, where each row came from
(file and line) and which source column each of its fields was read from, so a
rejected value is reported in the user's own terms: file, line, column, reason.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kamtui.db.fields import ParseContext
from kamtui.exchange.cells import guard
from kamtui.exchange.loader import ImportFailed, ImportReport, Row, apply_rows
from kamtui.exchange.private import open_private
from kamtui.ops.records import Problem


@dataclass(frozen=True)
class Source:
    file: str
    line: int
    #: our field → the heading of the column it was read from
    columns: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"


@dataclass
class ImportPlan:
    rows: list[Row] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    #: what the user should know although nothing is wrong (unknown columns kept in notes...)
    notices: list[str] = field(default_factory=list)
    #: rows refused while reading the file (e.g. more cells than headings)
    rejected: list[tuple[Row, Problem]] = field(default_factory=list)

    def add(self, collection: str, values: dict[str, object], source: Source) -> None:
        self.rows.append(Row(collection, values, source.where))
        self.sources[source.where] = source

    def reject(self, collection: str, source: Source, problem: Problem) -> None:
        self.sources[source.where] = source
        self.rejected.append((Row(collection, {}, source.where), problem))

    def apply(
        self,
        ctx: ParseContext,
        *,
        dry_run: bool = False,
        skip_bad: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Apply the rows; rows rejected while reading count as bad rows too."""
        if self.rejected and not skip_bad:
            # Check every other row as well (changing nothing) so all problems show at once.
            report = apply_rows(self.rows, ctx, dry_run=True, skip_bad=True, progress=progress)
            self._merge(report)
            report.dry_run = dry_run
            if dry_run:
                return report
            raise ImportFailed(report)
        report = apply_rows(self.rows, ctx, dry_run=dry_run, skip_bad=skip_bad, progress=progress)
        self._merge(report)
        return report

    def _merge(self, report: ImportReport) -> None:
        report.problems[:0] = [problem for _, problem in self.rejected]
        report.skipped[:0] = [row for row, _ in self.rejected]


@dataclass(frozen=True)
class SkippedLine:
    file: str
    line: int | None
    column: str
    record: str
    value: str
    reason: str


def skipped_lines(report: ImportReport, plan: ImportPlan) -> Iterator[SkippedLine]:
    """One line per problem of ``report``, located in the source files of ``plan``."""
    for problem in report.problems:
        source = plan.sources.get(problem.where)
        column = ""
        if problem.field:
            column = source.columns.get(problem.field, problem.field) if source else problem.field
        reason = f"expected {problem.expected}" if problem.field else problem.expected
        yield SkippedLine(
            source.file if source else problem.where,
            source.line if source else None,
            column,
            problem.record,
            "" if problem.value is None else str(problem.value),
            reason,
        )


def write_skip_report(report: ImportReport, plan: ImportPlan, path: Path) -> int:
    """Write the skipped rows as CSV (file, line, column, record, value, reason)."""
    lines = list(skipped_lines(report, plan))
    with open_private(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "column", "record", "value", "reason"])
        for item in lines:
            texts = [item.file, item.column, item.record, item.value, item.reason]
            file, column, record, value, reason = (guard(t) for t in texts)
            writer.writerow([file, item.line or "", column, record, value, reason])
    return len(lines)
