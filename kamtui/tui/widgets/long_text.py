"""A multi-line editor whose ``ctrl+e`` opens the text in ``$EDITOR``."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class LongText(TextArea):
    """For people who write notes in vim over SSH: ``ctrl+e`` hands the text over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "external_edit", "Edit in $EDITOR", id="longtext.editor"),
    ]
    DEFAULT_CSS = """
    LongText { height: 5; }
    """

    def action_external_edit(self) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="kamtui-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # A text file ends with a newline: editors and `echo >>` append after it.
                handle.write(f"{self.text}\n" if self.text else "")
            try:
                with self.app.suspend():
                    subprocess.call([*shlex.split(editor), str(path)])
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to $EDITOR", severity="warning")
                return
            except OSError as exc:
                self.notify(f"Could not start {editor!r} ($EDITOR): {exc}", severity="error")
                return
            self.text = path.read_text(encoding="utf-8").rstrip("\n")
        finally:
            path.unlink(missing_ok=True)
