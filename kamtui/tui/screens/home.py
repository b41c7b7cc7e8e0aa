"""Home, for now: how many records each entity holds (the triage issue replaces it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from kamtui.db.entities import COLLECTIONS, TITLES
from kamtui.db.fields import ParseContext


class HomeScreen(Screen[None]):
    def __init__(self, ctx: ParseContext) -> None:
        super().__init__(id="home")
        self.ctx = ctx
        self.title = "Home"

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("", id="home-counts")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        lines = ["Your portfolio", ""]
        for key, (collection, model) in enumerate(COLLECTIONS.items(), start=2):
            lines.append(f"  {key}  {TITLES[collection]:<28} {model.select().count():>9,}")
        lines += ["", "Press a number to open a list, ? for every key."]
        self.query_one("#home-counts", Static).update("\n".join(lines))
