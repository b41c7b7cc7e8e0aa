"""A SelectionList whose ticks read without colour: ``[✓]`` ticked, ``[ ]`` not.

Textual's stock list draws the same ``X`` in both states and tells them apart by
colour alone, which the brief rules out (and some themes make hard to see).
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton

ValueT = TypeVar("ValueT")

TICKED = "✓"
UNTICKED = " "


class TickList(SelectionList[ValueT]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if index >= self.option_count or len(segments) < 2:
            return strip
        inner = segments[1]
        if inner.text != ToggleButton.BUTTON_INNER:
            return strip
        ticked = self.get_option_at_index(index).value in self._selected
        segments[1] = Segment(TICKED if ticked else UNTICKED, inner.style, inner.control)
        return Strip(segments, strip.cell_length)
