"""A table that shows millions of rows by only ever holding the ones on screen.

Textual's ``DataTable`` measures every cell it is given, which freezes the UI at a
few thousand rows. This widget draws lines itself (the Line API) and asks its
``fetch(offset, limit, total)`` for blocks of rows as the cursor moves, in a
thread worker, so neither a big table nor a slow query blocks the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from kamtui.tui.entities import Column
from kamtui.tui.listing import Row
from kamtui.tui.workers import ReportsWorkerErrors

BLOCK = 100
Fetch = Callable[[int, int, int | None], list[Row]]


def layout(columns: Sequence[Column], width: int) -> list[int]:
    """Column widths for ``width`` cells: flexible columns share what is left."""
    gaps = max(len(columns) - 1, 0)
    fixed = sum(c.width for c in columns if not c.flex)
    flex = [c for c in columns if c.flex]
    spare = width - gaps - fixed
    widths = []
    for column in columns:
        if column.flex:
            widths.append(max(column.width, spare // len(flex)) if spare > 0 else column.width)
        else:
            widths.append(column.width)
    return widths


def fit(text: str, width: int, right: bool = False) -> str:
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…" if width > 0 else ""
    return text.rjust(width) if right else text.ljust(width)


class PagedTable(ReportsWorkerErrors, Widget, can_focus=True):
    """Rows read a block at a time; ``total`` comes from a ``COUNT``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "jump(0)", "First row", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "Last row", show=False, id="table.last"),
        Binding("left,h", "scroll_columns(-1)", "Columns left", show=False, id="table.left"),
        Binding("right,l", "scroll_columns(1)", "Columns right", show=False, id="table.right"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--blurred-cursor",
        "paged-table--loading",
    }
    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .paged-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .paged-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .paged-table--blurred-cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .paged-table--loading { color: $text-muted; }
    }
    """

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another row (``row`` is None while it loads)."""

        table: PagedTable
        index: int
        row: Row | None

    @dataclass
    class HeaderClicked(Message):
        table: PagedTable
        column: int

    def __init__(self, columns: Sequence[Column], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.columns = list(columns)
        self.total = 0
        #: The row under the cursor, as an index into the whole list.
        self.cursor = 0
        self.top = 0
        self.sort: tuple[int, bool] | None = None
        self._fetch: Fetch | None = None
        self._rows: dict[int, Row] = {}
        self._wanted: set[int] = set()
        self._generation = 0
        #: Columns scrolled out on the left; the first column (the name) always shows.
        self.column_offset = 0
        self._provisional = False
        self._end_wanted = False

    # -- data -------------------------------------------------------------------

    def load(
        self,
        fetch: Fetch,
        total: int,
        first: list[Row] | None = None,
        first_offset: int = 0,
        cursor: int | None = None,
        *,
        provisional: bool = False,
    ) -> None:
        """Show another list (or the same one, re-read): keeps the cursor's place.

        ``provisional``: ``total`` is the rows at hand while the list is counted;
        :meth:`set_total` gives the real size (End waits for it).
        """
        self._generation += 1
        self._provisional = provisional
        self._end_wanted = False
        self._fetch = fetch
        self.total = total
        self._rows = {}
        self._wanted = set()
        for i, row in enumerate(first or []):
            self._rows[first_offset + i] = row
        target = self.cursor if cursor is None else cursor
        self._move_to(max(min(target, total - 1), 0), force=True)

    def set_total(self, total: int) -> None:
        """The list's size, once counted (its first rows may be shown before)."""
        self.total = total
        self._provisional = False
        self._move_to(total - 1 if self._end_wanted else self.cursor)
        self._end_wanted = False

    def every_row(self) -> list[Row] | None:
        """All the list's rows, when all are loaded (a short list), else None."""
        if len(self._rows) < self.total or any(i not in self._rows for i in range(self.total)):
            return None
        return [self._rows[i] for i in range(self.total)]

    @property
    def current(self) -> Row | None:
        return self._rows.get(self.cursor)

    @property
    def loading(self) -> bool:
        """True while rows on screen are still being read."""
        return any(i not in self._rows for i in self._visible())

    def _visible(self) -> range:
        return range(self.top, min(self.top + self._body_height, self.total))

    @property
    def _body_height(self) -> int:
        return max(self.size.height - 1, 1)

    def _ensure(self) -> None:
        if self._fetch is None:
            return
        blocks = {i // BLOCK for i in self._visible() if i not in self._rows}
        for block in sorted(blocks - self._wanted):
            self._wanted.add(block)
            self.run_worker(
                lambda b=block, g=self._generation: self._read(b, g),
                thread=True,
                group=f"page-{block}",
                exit_on_error=False,
            )

    def _read(self, block: int, generation: int) -> None:
        fetch = self._fetch
        if fetch is None or generation != self._generation:
            return
        rows = fetch(block * BLOCK, BLOCK, self.total)
        self.app.call_from_thread(self._store, block, generation, rows)

    def _store(self, block: int, generation: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        self._wanted.discard(block)
        if len(self._rows) > 20 * BLOCK:
            near = range(self.top - 5 * BLOCK, self.top + 6 * BLOCK)
            self._rows = {i: r for i, r in self._rows.items() if i in near}
        for i, row in enumerate(rows):
            self._rows[block * BLOCK + i] = row
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor, self.current))

    # -- cursor -----------------------------------------------------------------

    def _move_to(self, index: int, force: bool = False) -> None:
        index = max(min(index, self.total - 1), 0)
        height = self._body_height
        if index < self.top:
            self.top = index
        elif index >= self.top + height:
            self.top = index - height + 1
        self.top = max(min(self.top, max(self.total - height, 0)), 0)
        moved = force or index != self.cursor
        self.cursor = index
        self._ensure()
        self.refresh()
        if moved:
            self.post_message(self.CursorMoved(self, index, self.current))

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.top = max(self.top + direction * self._body_height, 0)
        self._move_to(self.cursor + direction * self._body_height)

    def action_jump(self, where: int) -> None:
        # End before the list is counted goes to its real end once it is.
        self._end_wanted = where < 0 and self._provisional
        self._move_to(self.total - 1 if where < 0 else 0)

    def on_resize(self, event: events.Resize) -> None:
        self.column_offset = min(self.column_offset, self._max_offset())
        self._move_to(self.cursor)

    # -- columns wider than the screen ------------------------------------------

    def shown_columns(self) -> list[int]:
        """Indexes of the columns drawn: the first, then from ``column_offset`` on."""
        return [0, *range(1 + self.column_offset, len(self.columns))][: len(self.columns)]

    def _overflows(self, shown: list[int]) -> bool:
        cols = [self.columns[i] for i in shown]
        return sum(c.width for c in cols) + len(cols) - 1 > self.size.width

    def _max_offset(self) -> int:
        offset = 0
        while offset < len(self.columns) - 2:
            shown = [0, *range(1 + offset, len(self.columns))]
            if not self._overflows(shown):
                break
            offset += 1
        return offset

    def action_scroll_columns(self, delta: int) -> None:
        self.column_offset = max(min(self.column_offset + delta, self._max_offset()), 0)
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._move_to(self.cursor + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._move_to(self.cursor - 3)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 0
            shown = self.shown_columns()
            widths = layout([self.columns[i] for i in shown], self.size.width)
            for index, width in zip(shown, widths, strict=True):
                if x <= event.x < x + width + 1:
                    self.post_message(self.HeaderClicked(self, index))
                    return
                x += width + 1
        elif self.total:
            self._move_to(self.top + event.y - 1)

    # -- drawing ----------------------------------------------------------------

    def _line(self, cells: Sequence[str], widths: list[int]) -> str:
        shown = self.shown_columns()
        parts = [
            fit(cells[i] if i < len(cells) else "", width, self.columns[i].right)
            for i, width in zip(shown, widths, strict=False)
        ]
        return " ".join(parts)

    def header_cells(self) -> list[str]:
        cells = []
        for index, column in enumerate(self.columns):
            mark = ""
            if self.sort and self.sort[0] == index:
                mark = " ▼" if self.sort[1] else " ▲"
            cells.append(column.label + mark)
        if self.column_offset and cells:
            cells[0] += " ◂"  # columns scrolled out on the left (← shows them)
        return cells

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        shown = self.shown_columns()
        widths = layout([self.columns[i] for i in shown], width)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paged-table--header")
            text = self._line(self.header_cells(), widths)
            if self._overflows(shown):
                text = text[: width - 1].ljust(width - 1) + "▸"  # more on the right (→)
            return Strip([Segment(text[:width].ljust(width), style)], width)
        index = self.top + y - 1
        if index >= self.total:
            if index == 0 and y == 1:
                muted = base + self.get_component_rich_style("paged-table--loading")
                return Strip([Segment("(nothing to show)".ljust(width), muted)], width)
            return Strip.blank(width, base)
        row = self._rows.get(index)
        if row is None:
            muted = base + self.get_component_rich_style("paged-table--loading")
            return Strip([Segment("…".ljust(width), muted)], width)
        style: Style = base
        if index == self.cursor:
            name = "paged-table--cursor" if self.has_focus else "paged-table--blurred-cursor"
            style = base + self.get_component_rich_style(name)
        text = self._line(row.cells, widths)
        return Strip([Segment(text[:width].ljust(width), style)], width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
