"""``kamtui log CUSTOMER``: a meeting and its follow-ups in one line."""

from __future__ import annotations

import click

from kamtui.cli.common import echo_json
from kamtui.cli.context import AppContext, pass_app


@click.command("log")
@click.argument("customer")
@click.option(
    "--type",
    "meeting_type",
    default=None,
    help="Cadence (the default, or the type of the meeting it completes), QBR, "
    "Escalation or Onboarding.",
)
@click.option(
    "--status",
    default="Done",
    show_default=True,
    help="Scheduled, Done, Skipped by Customer, Skipped by KAM or Rescheduled.",
)
@click.option("--when", metavar="WHEN", help='When it happened: "yesterday 15:00", -2h... (now).')
@click.option("--with", "people", multiple=True, metavar="NAME", help="A stakeholder who attended.")
@click.option(
    "--new-with",
    "new_people",
    multiple=True,
    metavar="NAME",
    help="Someone new who attended: added to the customer's stakeholders.",
)
@click.option("--mood", metavar="1-5", help="How the meeting felt, 1 (bad) to 5 (great).")
@click.option(
    "--purpose",
    multiple=True,
    metavar="PURPOSE",
    help="Projects, Targets, Churn Risk, Expansion, Renewals or Invoicing (repeatable).",
)
@click.option("--review", metavar="TEXT", help="What was discussed.")
@click.option(
    "--next",
    "next_steps",
    multiple=True,
    metavar="STEP",
    help='A next step, becomes a pending FUP; may end with a date: "Send deck by fri".',
)
@click.option(
    "--due",
    metavar="DATE",
    help="Due date of the next steps that name none (default: 2 business days after).",
)
@click.option("--owner", metavar="NAME", help="Owner of the follow-ups (default: user.name).")
@click.option("--json", "as_json", is_flag=True, help="Print the meeting and FUPs as JSON.")
@pass_app
def log_command(
    app: AppContext,
    customer: str,
    meeting_type: str,
    status: str,
    when: str | None,
    people: tuple[str, ...],
    new_people: tuple[str, ...],
    mood: str | None,
    purpose: tuple[str, ...],
    review: str | None,
    next_steps: tuple[str, ...],
    due: str | None,
    owner: str | None,
    as_json: bool,
) -> None:
    """Log a meeting with CUSTOMER; each --next becomes a pending FUP activity.

    Follow-ups are due in 2 business days (setting followup.business_days)
    after the meeting, on --due, or on the date a step ends with ("by fri",
    "by Dec 12", "by +3d"). Everything is saved in one transaction.

    \b
    Example:
      kamtui log Acme --type QBR --with "Anna Lee" --mood 4 --purpose Renewals \\
        --review "Renewal on track" --next "Send revised proposal" --next "Book demo by fri"
    """
    from kamtui.cli.views import understood
    from kamtui.ops.meetings import log_meeting
    from kamtui.ops.records import label
    from kamtui.ops.serialize import record_dict

    app.open()
    logged = log_meeting(
        customer,
        app.parse,
        stakeholders=people,
        new_stakeholders=new_people,
        meeting_type=meeting_type,
        status=status,
        when=when,
        purpose=purpose,
        mood=mood,
        review=review,
        next_steps=next_steps,
        due=due,
        owner=owner,
        settings=app.settings,
    )
    meeting = logged.meeting
    if as_json:
        echo_json(
            {
                "meeting": record_dict(meeting, app.today),
                "activities": [record_dict(a, app.today) for a in logged.activities],
            }
        )
        return
    done_what = "Completed the scheduled" if logged.completed_scheduled else "Logged"
    click.echo(f"{done_what} {label(meeting)}")
    click.echo(f"  date_time = {understood(meeting.date_time)}")
    click.echo(f"  meeting_type = {meeting.meeting_type}, status = {meeting.status}")
    attendees = sorted(s.name for s in meeting.stakeholders)
    if attendees:
        click.echo(f"  stakeholders = {', '.join(attendees)}")
    for person in logged.created_stakeholders:
        click.echo(f"  new stakeholder: {person.name}")
    if meeting.purpose:
        click.echo(f"  purpose = {', '.join(meeting.purpose)}")
    if meeting.mood is not None:
        click.echo(f"  mood = {meeting.mood}")
    for followup in logged.followups:
        activity = followup.activity
        owner_text = f", owner {activity.owner}" if activity.owner else ""
        click.echo(
            f"  FUP {activity.name!r} due {understood(activity.due_date)}"
            f" [{followup.due_reason}]{owner_text}"
        )
    if not logged.followups and meeting.status == "Done":
        click.echo("  no next steps: add --next so this meeting leads somewhere")


def register(main: click.Group) -> None:
    main.add_command(log_command)
