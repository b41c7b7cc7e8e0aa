"""Files of customer data are readable by their owner only (mode 0600)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO


def open_private(path: Path, newline: str = "") -> TextIO:
    """``path`` opened for writing text, created or narrowed to mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # O_CREAT's mode only applies to a new file: an existing one is narrowed too.
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline=newline)


def write_private(path: Path, text: str, newline: str = "") -> None:
    with open_private(path, newline) as handle:
        handle.write(text)
