"""A sparkline on a fixed scale.

Textual's Sparkline stretches the data between its own minimum and maximum, so a
mood going from 5.0 to 4.8 out of 5 draws as a crash. These bars keep the scale
of what they measure (mood 1 to 5, activation 0 to 100 %), one run per value.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = "▁▂▃▄▅▆▇█"


def bar_chars(values: Sequence[float], low: float, high: float) -> str:
    """One block per value: ``low`` and below is the lowest block, ``high`` the highest."""
    span = (high - low) or 1.0
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[min(max(round((v - low) / span * top), 0), top)] for v in values)


class Bars(Widget):
    """``values`` between ``low`` and ``high``, spread over the widget's width."""

    DEFAULT_CSS = """
    Bars { height: 1; color: $accent; }
    """

    values: reactive[tuple[float, ...]] = reactive(tuple)

    def __init__(self, low: float, high: float | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low = low
        #: None: the scale tops at the largest value (counts such as MAU).
        self.high = high

    def show(self, values: Sequence[float]) -> None:
        self.values = tuple(values)

    def render(self) -> str:
        if not self.values:
            return ""
        high = self.high if self.high is not None else max(max(self.values), self.low + 1)
        chars = bar_chars(self.values, self.low, high)
        each = max(self.size.width // len(chars), 1)
        return "".join(ch * each for ch in chars)
