"""``ctrl+p``: jump to any record by part of its name, or run an action by name.

Every search is a short ``ILIKE … LIMIT`` query: the palette never loads a whole
table, however large the portfolio.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import peewee as pw
from textual.command import DiscoveryHit, Hit, Hits, Provider

from kamtui.db.models import BaseModel, Contract, Customer, Invoice, Project, Stakeholder
from kamtui.db.search import icontains
from kamtui.tui.navigation import (
    ask_snooze,
    customer_in_focus,
    open_360,
    open_detail,
    open_quick_log,
)

PER_KIND = 6
#: What the palette jumps to, and the word shown before each name.
JUMPS: tuple[tuple[type[BaseModel], str], ...] = (
    (Customer, "Customer"),
    (Stakeholder, "Stakeholder"),
    (Project, "Project"),
    (Contract, "Contract"),
    (Invoice, "Invoice"),
)


def find_named(
    model: type[BaseModel], text: str, limit: int = PER_KIND
) -> list[tuple[int, str, str | None]]:
    """(id, name, customer name) of records whose name holds every word of ``text``."""
    has_customer = model is not Customer
    fields: list[Any] = [model.id, model.name]
    query = model.select(*fields)
    if has_customer:
        query = query.select_extend(Customer.name).join(
            Customer, pw.JOIN.LEFT_OUTER, on=(model.customer == Customer.id)
        )
    for word in text.split():
        query = query.where(icontains(model.name, word))
    query = query.order_by(pw.fn.LENGTH(model.name), model.name).limit(limit)
    return [(row[0], row[1], row[2] if has_customer else None) for row in query.tuples()]


class RecordJump(Provider):
    """Customers, stakeholders, projects, contracts and invoices by name."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        focus = customer_in_focus(self.screen)
        here = Customer.get_or_none(Customer.id == focus).name if focus else None
        for model, word in JUMPS:
            for rid, name, customer in find_named(model, query):
                label = f"{word}: {name}" + (f" ({customer})" if customer else "")
                # The account in focus comes first: its Yusuf before another one's.
                score = (matcher.match(label) or 0.1) + (1.0 if here and customer == here else 0)
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self._open, model, rid),
                    text=label,
                    help="Open the customer 360"
                    if model is Customer
                    else f"Open this {word.lower()}",
                )

    def _open(self, model: type[BaseModel], record_id: int) -> None:
        if model is Customer:
            open_360(self.app, record_id)
            return
        record = model.get_or_none(model.id == record_id)
        if record is not None:
            open_detail(self.app, record)


def _rest(query: str, phrase: str) -> str | None:
    """``query`` without its leading words that start ``phrase``'s words (None: no match).

    ``"new inv acme"`` against ``"new invoice for"`` leaves ``"acme"``.
    """
    words, said = phrase.split(), query.split()
    taken = 0
    while taken < min(len(words), len(said)) and words[taken].startswith(said[taken].lower()):
        taken += 1
    if taken == 0:
        return None
    return " ".join(said[taken:])


class Actions(Provider):
    """Log meeting, New invoice for …, Snooze …: actions run by name."""

    def _focus(self) -> int | None:
        return customer_in_focus(self.screen)

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            "Log meeting", self._log, help="The quick log, for the customer in focus"
        )
        yield DiscoveryHit(
            "New invoice for …", self._new_invoice_focus, help="Type: new invoice for <customer>"
        )
        yield DiscoveryHit("Snooze …", self._snooze_focus, help="Type: snooze <customer or item>")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        rest = _rest(query, "log meeting with")
        if rest is not None:
            yield Hit(0.9, matcher.highlight("Log meeting"), self._log, text="Log meeting",
                      help="The quick log, for the customer in focus")  # fmt: skip
            if rest:
                for rid, name, _ in find_named(Customer, rest, 4):
                    label = f"Log meeting with {name}"
                    yield Hit(0.8, label, partial(self._log, rid), text=label)
        rest = _rest(query, "new invoice for")
        if rest is not None:
            for rid, name, _ in find_named(Customer, rest, 4) if rest else []:
                label = f"New invoice for {name}"
                yield Hit(0.8, label, partial(self._new_invoice, rid), text=label)
            if not rest:
                yield Hit(0.7, "New invoice for …", self._new_invoice_focus,
                          text="New invoice for …", help="the customer in focus")  # fmt: skip
        rest = _rest(query, "snooze")
        if rest is not None:
            for item in self._items(rest):
                label = f"Snooze {item.customer or ''}: {item.title}"
                yield Hit(0.8, label, partial(ask_snooze, self.app, item, self._refresh),
                          text=label, help=item.reason)  # fmt: skip

    # -- the actions ----------------------------------------------------------------

    def _log(self, customer_id: int | None = None) -> None:
        open_quick_log(self.app, customer_id if customer_id is not None else self._focus())

    def _new_invoice(self, customer_id: int | None) -> None:
        from kamtui.tui.dialogs.form import RecordForm
        from kamtui.tui.entities import view_of

        prefill = {}
        if customer_id is not None:
            prefill["customer"] = Customer.get_or_none(Customer.id == customer_id)

        def saved(record: Any) -> None:
            if record is not None:
                self.app.notify(f"Saved invoice {record.name}")
                self._refresh()

        self.app.push_screen(RecordForm(view_of("invoices"), self.app.ctx, prefill=prefill), saved)

    def _new_invoice_focus(self) -> None:
        self._new_invoice(self._focus())

    def _snooze_focus(self) -> None:
        item = getattr(self.screen, "current_item", lambda: None)()
        if item is None:
            self.app.notify("Snooze: move to a triage item first, or type snooze <name>")
            return
        ask_snooze(self.app, item, self._refresh)

    def _items(self, text: str) -> list[Any]:
        """Today's triage items whose customer or title holds ``text`` (first 8)."""
        from kamtui.domain.triage import triage
        from kamtui.tui.triage_view import settings_of

        if not hasattr(self, "_cached"):
            # Once per palette opening, not per keystroke.
            self._cached = triage(self.app.ctx.today, settings_of(self.app))
        words = text.casefold().split()
        found = [
            i
            for i in self._cached
            if all(w in f"{i.customer or ''} {i.title}".casefold() for w in words)
        ]
        return found[:8]

    def _refresh(self) -> None:
        screen = self.app.screen
        reload = getattr(screen, "reload_data", None) or getattr(screen, "reload", None)
        if callable(reload):
            reload()


PROVIDERS = (RecordJump, Actions)
