"""ctrl+e hands a long text to $EDITOR and takes back what it wrote."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from kamtui.tui.widgets.long_text import LongText


class _NotesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LongText("line one")


async def _ctrl_e(monkeypatch: pytest.MonkeyPatch, editor: str) -> tuple[str, list[str]]:
    """Press ctrl+e in a note holding "line one"; the text after, and what was said."""
    monkeypatch.setenv("VISUAL", editor)
    app = _NotesApp()
    async with app.run_test() as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # no real terminal
        notes = app.query_one(LongText)
        notes.focus()
        await pilot.press("ctrl+e")
        await pilot.pause()
        return notes.text, [n.message for n in app._notifications]


async def test_the_editor_appends_a_line_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('added\\n')\n")
    text, _ = await _ctrl_e(monkeypatch, f"{sys.executable} {editor}")
    assert text == "line one\nadded"


async def test_a_missing_editor_is_a_message_and_the_text_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text, said = await _ctrl_e(monkeypatch, "/nonexistent/editor")
    assert text == "line one"
    assert any("Could not start" in message for message in said)
