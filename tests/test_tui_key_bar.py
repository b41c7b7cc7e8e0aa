"""The footer (KeyBar): the active bindings, whole keys only, help and palette pinned."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kamtui.tui.widgets.key_bar import KeyBar


class Keys(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("x", "delete", "Delete"),
        Binding("d", "done", "Done"),
        Binding("s", "sort", "Sort"),
        Binding("r", "reload", "Reload", show=False),
        Binding("w", "wide_only", "A key with a long description"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.can_finish = False

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return True if self.can_finish else None  # None: shown, but dim
        return True

    def _press(self, name: str) -> None:
        self.pressed.append(name)

    def action_new(self) -> None:
        self._press("new")

    def action_done(self) -> None:
        self._press("done")


class KeysApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit"),
    ]

    def on_mount(self) -> None:
        self.push_screen(Keys())

    def action_help(self) -> None:
        self.screen.pressed.append("help")  # type: ignore[attr-defined]


def _line(app: App[None]) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_shows_the_active_keys_with_help_and_palette_at_the_right() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        line = _line(app)
        assert len(line) == 120
        assert line.startswith(" n New  e Edit  x Delete  d Done  s Sort")
        assert "Reload" not in line  # show=False
        assert line.rstrip().endswith("? Help  ^p palette")
        assert line.index("q Quit") < line.index("? Help")


async def test_a_narrow_bar_drops_whole_keys_and_keeps_help_in_view() -> None:
    app = KeysApp()
    async with app.run_test(size=(70, 5)) as pilot:
        await pilot.pause()
        line = _line(app)
        assert len(line) == 70
        assert line.rstrip().endswith("? Help  ^p palette")
        assert "A key with a long description" not in line
        assert "A key with" not in line  # never cut inside a key
        assert "s Sort" in line


async def test_a_click_presses_the_key_unless_it_is_disabled() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        screen = app.screen
        line = _line(app)
        await pilot.click(KeyBar, offset=(line.index("n New") + 1, 0))
        await pilot.click(KeyBar, offset=(line.index("d Done") + 1, 0))  # dim: a bell
        await pilot.click(KeyBar, offset=(line.index("? Help") + 1, 0))
        await pilot.pause()
        assert screen.pressed == ["new", "help"]


async def test_the_bar_follows_the_bindings_as_they_change() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert [k.enabled for k in bar.keys if k.key == "d"] == [False]
        app.screen.can_finish = True  # type: ignore[attr-defined]
        app.screen.refresh_bindings()
        await pilot.pause()
        assert [k.enabled for k in bar.keys if k.key == "d"] == [True]
        await pilot.click(KeyBar, offset=(_line(app).index("d Done") + 1, 0))
        await pilot.pause()
        assert app.screen.pressed == ["done"]  # type: ignore[attr-defined]


async def test_a_click_on_a_key_gone_since_the_bar_was_drawn_does_nothing() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        at = _line(app).index("n New") + 1
        bar.keys = [k for k in bar.keys if k.key != "n"]  # bindings changed, not redrawn
        await pilot.click(KeyBar, offset=(at, 0))
        await pilot.pause()
        assert app.screen.pressed == []  # type: ignore[attr-defined]
        assert app.is_running


class Typing(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find", "Filter"),
        Binding("escape", "done", "Close box"),
    ]

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        yield Input(id="box")
        yield KeyBar()


async def test_keys_a_focused_box_types_are_not_offered() -> None:
    app = App[None]()
    async with app.run_test(size=(120, 5)) as pilot:
        await app.push_screen(Typing())
        await pilot.pause()
        line = _line(app)
        assert "Filter" not in line  # "/" types a slash in the box
        assert "esc Close box" in line
