"""``m``: log a touchpoint in seconds, with one follow-up per next-step line.

Saving calls :func:`kamtui.ops.meetings.log_meeting` (one transaction: the
meeting, any new attendee, and one pending FUP per next-step line).

The focus order is designed for the common case, a cadence call with the
customer already in focus: attendees (space ticks one) → mood (a number key) →
review → next steps → ctrl+s. Type (Cadence), status (Done), when (now) and
purpose come last, since they are usually left as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from kamtui.dates import DateParseError, format_datetime, parse_datetime
from kamtui.db import choices as c
from kamtui.db.fields import ParseContext
from kamtui.db.models import Customer, Meeting, Stakeholder
from kamtui.ops.meetings import LoggedMeeting, scheduled_meeting
from kamtui.tui.widgets.long_text import LongText
from kamtui.tui.widgets.relation_picker import RelationPicker
from kamtui.tui.widgets.tick_list import TickList

MOODS = {1: "very bad", 2: "bad", 3: "neutral", 4: "good", 5: "very good"}


class MoodInput(Widget, can_focus=True):
    """Mood 1-5, set with the number keys (0 or backspace clears it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"set_mood({n})", f"Mood {n}", show=False, id=f"mood.{n}")
            for n in range(1, 6)
        ),
        Binding("0,backspace,delete", "set_mood(0)", "No mood", show=False, id="mood.clear"),
        Binding("left", "step(-1)", "Lower", show=False, id="mood.lower"),
        Binding("right", "step(1)", "Higher", show=False, id="mood.higher"),
    ]
    DEFAULT_CSS = """
    MoodInput { height: 1; width: 1fr; padding: 0 1; }
    MoodInput:focus { background: $block-cursor-blurred-background; }
    """

    def __init__(self, value: int | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value

    def render(self) -> str:
        marks = "  ".join(f"[{n}]" if n == self.value else f" {n} " for n in range(1, 6))
        said = MOODS.get(self.value or 0, "not set: press 1-5")
        return f"{marks}   {said}"

    def action_set_mood(self, value: int) -> None:
        self.value = value or None
        self.refresh()

    def action_step(self, delta: int) -> None:
        self.action_set_mood(max(1, min(5, (self.value or 3) + delta)))


def _row(label: str, *widgets: Widget, id: str | None = None) -> Horizontal:
    return Horizontal(Label(label, classes="ql-label"), *widgets, classes="ql-row", id=id)


class QuickLog(ModalScreen[LoggedMeeting | None]):
    """Returns what :func:`~kamtui.ops.meetings.log_meeting` logged, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="quicklog.save"),
        Binding("escape", "cancel", "Cancel", id="quicklog.cancel"),
        # Mood from anywhere but a text field (which takes its digits as text).
        *(
            Binding(str(n), f"mood({n})", f"Mood {n}", show=False, id=f"quicklog.mood.{n}")
            for n in range(1, 6)
        ),
    ]
    DEFAULT_CSS = """
    QuickLog { align: center middle; }
    QuickLog #ql-box {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    QuickLog #ql-title { text-style: bold; color: $text-primary; padding: 0 1; }
    QuickLog #ql-fields { height: auto; max-height: 1fr; }
    QuickLog .ql-row { height: auto; margin-bottom: 1; }
    QuickLog .ql-label { width: 14; text-align: right; padding: 0 1 0 0; }
    QuickLog .ql-row > Input, QuickLog .ql-row > Select { width: 1fr; }
    QuickLog .ql-row > RelationPicker { width: 1fr; }
    QuickLog #ql-attendees, QuickLog #ql-purpose {
        height: auto; max-height: 6; width: 1fr; border: none; padding: 0;
    }
    QuickLog LongText { height: 4; width: 1fr; border: none; padding: 0 1; }
    QuickLog .ql-note { color: $text-muted; padding: 0 1; width: auto; max-width: 60%; }
    QuickLog #ql-when { min-width: 24; }
    QuickLog #ql-errors { color: $text-error; height: auto; }
    QuickLog #ql-completes { color: $text-accent; padding: 0 1; height: auto; display: none; }
    QuickLog #ql-hint { color: $text-muted; height: auto; }
    QuickLog #ql-details > Select { width: 1fr; }
    QuickLog.-short #ql-box { height: 100%; }
    QuickLog.-short #ql-fields { height: 1fr; }
    QuickLog.-short .ql-row { margin-bottom: 0; }
    QuickLog.-short LongText { height: 3; }
    """
    #: At 80×24 the fields scroll between a fixed title and a hint that stays in view.
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (34, "-tall")]

    def __init__(self, ctx: ParseContext, customer_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer = Customer.get_or_none(Customer.id == customer_id) if customer_id else None
        self._attendee_ids: list[int] = []
        self._initial: dict[str, Any] = {}

    # -- building ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        name = self.customer.name if self.customer else ""
        picker = RelationPicker(Customer, name, id="ql-customer")
        if self.customer is not None:
            picker.picked = {self.customer.name: self.customer.id}
        with Vertical(id="ql-box"):
            yield Static("Log a meeting", id="ql-title")
            yield Static("", id="ql-completes")
            with VerticalScroll(id="ql-fields", can_focus=False):
                yield _row("Customer", picker)
                yield _row("Attended", TickList[int](id="ql-attendees"))
                yield _row("Mood", MoodInput(id="ql-mood"))
                yield _row("Review", LongText("", id="ql-review"))
                yield _row("Next steps", LongText("", id="ql-next"))
                yield _row(
                    "New attendee",
                    Input(
                        placeholder="names not listed above, comma-separated",
                        id="ql-new",
                        compact=True,
                    ),
                )
                yield _row(
                    "Type / status",
                    Select(
                        [(t.value, t.value) for t in c.MeetingType],
                        value=c.MeetingType.CADENCE.value,
                        allow_blank=False,
                        id="ql-type",
                        compact=True,
                    ),
                    Select(
                        [(s.value, s.value) for s in c.MeetingStatus],
                        value=c.MeetingStatus.DONE.value,
                        allow_blank=False,
                        id="ql-status",
                        compact=True,
                    ),
                    id="ql-details",
                )
                yield _row(
                    "When",
                    Input(placeholder="now (or -2h, yesterday 15:00)", id="ql-when", compact=True),
                    Static("", id="ql-when-note", classes="ql-note"),
                )
                yield _row(
                    "Purpose",
                    TickList[str](*((p.value, p.value) for p in c.Purpose), id="ql-purpose"),
                )
            yield Static("", id="ql-errors")
            yield Static(
                "ctrl+s save · esc cancel · tab moves · space ticks · 1-5 mood · "
                "one next step per line (… by fri)",
                id="ql-hint",
            )

    def on_mount(self) -> None:
        self._load_attendees()
        self._show_when("")
        self._preview_scheduled()
        if self.customer is None:
            self.query_one("#ql-customer", RelationPicker).input.focus()
        else:
            self.query_one("#ql-attendees").focus()
        self._initial = self.values()

    def _load_attendees(self) -> None:
        """The customer's active stakeholders first, then the others (marked)."""
        attendees = self.query_one("#ql-attendees", SelectionList)
        attendees.clear_options()
        attendees.can_focus = False
        customer_id = self.customer_id()
        if customer_id is None:
            return
        people = (
            Stakeholder.select(Stakeholder.id, Stakeholder.name, Stakeholder.status,
                               Stakeholder.buying_level)
            .where(Stakeholder.customer == customer_id)
            .order_by(Stakeholder.name)
            .limit(100)
            .tuples()
        )  # fmt: skip
        active = c.StakeholderStatus.ACTIVE.value
        ordered = sorted(people, key=lambda p: (p[2] not in (None, active), p[1].casefold()))
        for sid, name, status, level in ordered:
            label = name + (f" · {level}" if level else "")
            if status and status != active:
                label += f" ({status})"
            attendees.add_option((escape(label), sid))
        if attendees.option_count:
            attendees.highlighted = 0
        # An empty list is no place to Tab to (new people go in "New attendee").
        attendees.can_focus = bool(attendees.option_count)

    # -- reading the form ---------------------------------------------------------

    def customer_id(self) -> int | None:
        picker = self.query_one("#ql-customer", RelationPicker)
        return picker.selected_id()

    def values(self) -> dict[str, Any]:
        return {
            "customer": self.query_one("#ql-customer", RelationPicker).text,
            "attendees": list(self.query_one("#ql-attendees", SelectionList).selected),
            "new": self.query_one("#ql-new", Input).value,
            "type": self.query_one("#ql-type", Select).value,
            "status": self.query_one("#ql-status", Select).value,
            "when": self.query_one("#ql-when", Input).value,
            "purpose": list(self.query_one("#ql-purpose", SelectionList).selected),
            "mood": self.query_one("#ql-mood", MoodInput).value,
            "review": self.query_one("#ql-review", TextArea).text,
            "next_steps": self.query_one("#ql-next", TextArea).text,
        }

    @property
    def changed(self) -> bool:
        return bool(self._initial) and self.values() != self._initial

    def _when(self, text: str) -> datetime | str:
        """The moment typed (blank = now), or what is wrong with it."""
        try:
            return parse_datetime(text.strip() or "now", self.ctx.moment, self.ctx.date_order)
        except DateParseError as exc:
            return f"✗ expected {exc.expected}"

    def _show_when(self, text: str) -> None:
        when = self._when(text)
        note = when if isinstance(when, str) else f"= {format_datetime(when)}"
        self.query_one("#ql-when-note", Static).update(note)

    @on(Input.Changed, "#ql-when")
    def _when_typed(self, event: Input.Changed) -> None:
        self._show_when(event.value)
        self._preview_scheduled()

    @on(Select.Changed, "#ql-status")
    def _status_chosen(self) -> None:
        self._preview_scheduled()

    def scheduled(self) -> Meeting | None:
        """The customer's meeting Scheduled on the day typed, which a Done log completes."""
        customer_id = self.customer_id()
        if customer_id is None or self.query_one("#ql-status", Select).value != "Done":
            return None
        when = self._when(self.query_one("#ql-when", Input).value)
        return None if isinstance(when, str) else scheduled_meeting(customer_id, when.date())

    def _preview_scheduled(self) -> None:
        """Say that the log completes the scheduled meeting; take its type and people."""
        meeting = self.scheduled()
        note = self.query_one("#ql-completes", Static)
        note.display = meeting is not None
        if meeting is None:
            return
        note.update(
            f"Completes the {meeting.meeting_type} scheduled at {meeting.date_time:%H:%M} "
            f"({escape(meeting.name)}): no second meeting"
        )
        self.query_one("#ql-type", Select).value = meeting.meeting_type
        attendees = self.query_one("#ql-attendees", SelectionList)
        listed = {attendees.get_option_at_index(i).value for i in range(attendees.option_count)}
        for person in meeting.stakeholders:
            if person.id in listed:
                attendees.select(person.id)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        # What the last save said no longer holds once the user edits: the next save says.
        self.query_one("#ql-errors", Static).update("")

    @on(RelationPicker.Picked)
    def _customer_picked(self, event: RelationPicker.Picked) -> None:
        if event.picker.id != "ql-customer":
            return
        self._load_attendees()
        self._preview_scheduled()
        self.query_one("#ql-attendees").focus()

    # -- actions ------------------------------------------------------------------

    def action_mood(self, value: int) -> None:
        self.query_one("#ql-mood", MoodInput).action_set_mood(value)

    def action_save(self) -> None:
        from peewee import OperationalError

        from kamtui.ops.meetings import log_meeting
        from kamtui.ops.records import NotFound, ValidationError
        from kamtui.tui.triage_view import settings_of

        values = self.values()
        errors = self.query_one("#ql-errors", Static)
        customer: Customer | str | None = None
        if self.customer_id() is not None:
            customer = Customer.get_or_none(Customer.id == self.customer_id())
        elif values["customer"].strip():
            customer = values["customer"].strip()
        if customer is None:
            errors.update("Customer: expected the name of a customer (type part of it, Enter)")
            self.query_one("#ql-customer", RelationPicker).input.focus()
            return
        when = self._when(values["when"])
        if isinstance(when, str):
            errors.update(f"When: {escape(values['when'])!r} {when[2:]}")
            self.query_one("#ql-when").focus()
            return
        people = list(Stakeholder.select().where(Stakeholder.id.in_(values["attendees"])))
        if self.scheduled() is not None and not values["when"].strip():
            when = None  # completing a scheduled meeting keeps its time
        try:
            logged = log_meeting(
                customer,
                self.ctx,
                stakeholders=people,
                new_stakeholders=[n.strip() for n in values["new"].split(",") if n.strip()],
                meeting_type=values["type"],
                status=values["status"],
                when=when,
                purpose=values["purpose"],
                mood=values["mood"],
                review=values["review"].strip() or None,
                next_steps=values["next_steps"],
                settings=settings_of(self.app),
            )
        except (ValidationError, NotFound, OperationalError) as exc:
            errors.update(escape(f"Not saved: {exc}"))
            return
        steps = len(logged.followups)
        done = "Completed" if logged.completed_scheduled else "Logged"
        self.notify(
            f"{done} {logged.meeting.name}"
            + (f" with {steps} follow-up{'s' * (steps != 1)}" if steps else "")
        )
        self.dismiss(logged)

    def action_cancel(self) -> None:
        from kamtui.tui.dialogs.confirm import close_or_ask

        close_or_ask(self, self.changed, "Discard this meeting log?")
