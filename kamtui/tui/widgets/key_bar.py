"""The footer: the screen's active key bindings drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and restyles each one on every new
screen; on a big portfolio that doubled the time a list took to open. This bar is
one widget that renders the same bindings (what ``Screen.active_bindings`` says,
in its order, one key per action, disabled ones dim) and refreshes when the
screen's bindings change. Keys that do not fit are left out whole, never cut; help
and the command palette stay at the right, so at 80 columns the way to every other
key is still in view. A click on a key presses it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.keys import REPLACED_KEYS, key_to_character
from textual.screen import Screen
from textual.widget import Widget


def _character(key: str) -> str | None:
    """The character a key types ("slash" is "/"), if any."""
    return key_to_character(REPLACED_KEYS.get(key, key))


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    """A one-line footer generated from the active bindings."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    #: Bindings (by id) drawn at the right, before the command palette's key.
    PINNED = ("app.help",)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[ShownKey] = []
        #: Help and the palette, drawn at the right whatever the width.
        self.pinned: list[ShownKey] = []
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        app = self.app
        keys: list[ShownKey] = []
        pinned: list[ShownKey] = []
        palette: list[ShownKey] = []
        actions: set[str] = set()
        focused = screen.focused
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if focused is not None and focused.check_consume_key(key, _character(key)):
                continue  # typed into the focused box (a "/" in a filter), not a key
            shown = ShownKey(key, app.get_key_display(binding), binding.description, enabled)
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette.append(shown)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                (pinned if binding.id in self.PINNED else keys).append(shown)
        self.keys, self.pinned = keys, pinned + palette
        self.refresh()

    def _styles(self, enabled: bool) -> tuple[Style, Style]:
        key = self.get_component_rich_style("key-bar--key")
        description = self.get_component_rich_style("key-bar--description")
        if not enabled:
            key, description = key + Style(dim=True), description + Style(dim=True)
        return key, description

    def render(self) -> Text:
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        right = sum(self._width(k) for k in self.pinned)
        at = 0
        for shown in self.keys:
            size = self._width(shown)
            if at + size > width - right:
                break  # whole keys only: the rest are on the help screen (?)
            self._append(line, shown)
            spans.append((at, at + size, shown.key))
            at += size
        line.append(" " * max(width - right - at, 0))
        at = max(width - right, at)
        for shown in self.pinned:
            self._append(line, shown)
            spans.append((at, at + self._width(shown), shown.key))
            at += self._width(shown)
        self._spans = spans
        return line

    @staticmethod
    def _width(shown: ShownKey) -> int:
        return cell_len(f" {shown.display} {shown.description} ")

    def _append(self, line: Text, shown: ShownKey) -> None:
        key_style, description_style = self._styles(shown.enabled)
        line.append(f" {shown.display}", key_style)
        line.append(f" {shown.description} ", description_style)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                # The bindings may have changed since the bar was drawn.
                shown = next((k for k in (*self.keys, *self.pinned) if k.key == key), None)
                if shown is None:
                    return
                if shown.enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
