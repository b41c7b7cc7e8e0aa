"""Going places from anywhere: a record's detail, a customer's 360, the quick log.

The app's global keys (``m``, ``c``), the command palette and the triage lists all
go through these, so "the customer in focus" means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any

from peewee import OperationalError
from textual.screen import Screen

from kamtui.db.models import BaseModel, Customer
from kamtui.ops.triage_actions import ENTITY_MODELS


def _ctx(app: Any) -> Any:
    return app.ctx


def customer_in_focus(screen: Screen[Any]) -> int | None:
    """The id of the customer the user is looking at on ``screen``, if any."""
    own = getattr(screen, "focused_customer_id", None)
    if callable(own):
        return own()
    table = getattr(screen, "table", None)  # the entity lists
    row = getattr(table, "current", None)
    if row is not None and getattr(row, "customer_id", None) is not None:
        return row.customer_id
    record = getattr(screen, "record", None)  # a detail view
    if isinstance(record, Customer):
        return record.id
    return getattr(record, "customer_id", None)


def open_record(app: Any, entity: str, record_id: int) -> None:
    """The detail view of a record (a customer opens its 360)."""
    model = ENTITY_MODELS.get(entity)
    if model is None:
        return
    if model is Customer:
        open_360(app, record_id)
        return
    record = model.get_or_none(model.id == record_id)
    if record is None:
        app.notify(f"That {entity} no longer exists", severity="warning")
        return
    open_detail(app, record)


def open_detail(app: Any, record: BaseModel) -> None:
    from kamtui.tui.screens.detail import DetailScreen

    if isinstance(record, Customer):
        open_360(app, record.id)
        return
    app.push_screen(DetailScreen(record, _ctx(app)))


def open_360(app: Any, customer_id: int | None) -> None:
    from kamtui.tui.screens.account360 import Account360

    if customer_id is None:
        app.notify("No customer here: move to a row with a customer", severity="warning")
        return
    current = app.screen
    if isinstance(current, Account360) and current.customer_id == customer_id:
        return
    app.push_screen(Account360(customer_id, _ctx(app)))


def open_quick_log(app: Any, customer_id: int | None = None) -> None:
    """The ``m`` modal, prefilled with ``customer_id``; the screen below refreshes after."""
    from kamtui.tui.dialogs.quick_log import QuickLog

    under = app.screen

    def logged(result: Any) -> None:
        if result is None:
            return
        reload = getattr(under, "reload_data", None) or getattr(under, "reload", None)
        if callable(reload):
            reload()

    app.push_screen(QuickLog(_ctx(app), customer_id=customer_id), logged)


def ask_snooze(app: Any, item: Any, after: Any = None) -> None:
    """Ask until when, then snooze ``item`` (:func:`kamtui.ops.triage_actions.snooze`)."""
    from kamtui.dates import format_date
    from kamtui.ops.triage_actions import TriageActionError, snooze
    from kamtui.tui.dialogs.snooze import SnoozeDialog

    ctx = _ctx(app)

    def chosen(until: Any) -> None:
        if until is None:
            return
        try:
            snooze(item, until, ctx.today)
        except (TriageActionError, OperationalError) as exc:
            app.notify(f"{item.title}: {exc}", severity="error")
            return
        app.notify(f"Snoozed until {format_date(until)}: {item.title}")
        if after is not None:
            after()

    app.push_screen(SnoozeDialog(item, ctx), chosen)
