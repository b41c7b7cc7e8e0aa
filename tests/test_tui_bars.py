"""Sparklines keep the scale of what they measure."""

from __future__ import annotations

from kamtui.tui.widgets.bars import BLOCKS, bar_chars


def test_a_small_dip_on_a_five_point_scale_stays_small() -> None:
    drawn = bar_chars([5.0, 4.9, 4.8], 1, 5)
    assert drawn[0] == BLOCKS[-1]
    assert all(BLOCKS.index(ch) >= len(BLOCKS) - 2 for ch in drawn)


def test_the_ends_of_the_scale_and_values_beyond_them() -> None:
    assert bar_chars([1, 3, 5], 1, 5) == BLOCKS[0] + BLOCKS[4] + BLOCKS[-1]
    assert bar_chars([-10, 120], 0, 100) == BLOCKS[0] + BLOCKS[-1]
