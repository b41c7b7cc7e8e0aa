"""The demo's relationship history: a year of meetings and the activities around them.

Meetings follow each customer's cadence up to ``today`` and are scheduled ahead
for the coming weeks; their next steps become activities. Gaps are filled so
that every day of the coming weeks has an activity due and every weekday a
meeting, whichever day the triage is replayed on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import cycle

from kamtui.db.models import Activity, Meeting, Stakeholder
from kamtui.ops import demo_data as words
from kamtui.ops.demo_base import CADENCE_DAYS, HORIZON, Account, Demo, business_day

_HISTORY_STATUSES = ("Done",) * 86 + ("Skipped by Customer",) * 5 + ("Skipped by KAM",) * 4
_HISTORY_STATUSES += ("Rescheduled",) * 5
_SKIP_REVIEWS = {
    "Skipped by Customer": "Customer cancelled ten minutes before the call.",
    "Skipped by KAM": "Moved: clashed with an escalation at another account.",
    "Rescheduled": "Moved to next week at the customer's request.",
}
_PURPOSES = {
    "Cadence": ("Projects", "Targets", "Projects"),
    "QBR": ("Targets", "Expansion", "Projects"),
    "Escalation": ("Projects", "Churn Risk"),
    "Onboarding": ("Projects", "Targets"),
}


def add_meetings(demo: Demo) -> None:
    """History and schedule for every account, then one meeting per coming weekday."""
    scheduled: set[date] = set()
    for account in demo.accounts:
        _history(demo, account)
        scheduled |= _schedule(demo, account)
    hosts = cycle(
        [a for a in demo.accounts if a.active and not a.roles & {"cadence_gap", "disengaged"}]
    )
    for offset in range(1, HORIZON + 1):
        day = demo.day(offset)
        if day.weekday() < 5 and day not in scheduled:
            account = next(hosts)
            kind = "QBR" if account.tier != "C" else "Cadence"
            _save_scheduled(demo, account, demo.meeting_time(day), kind, ["Targets", "Expansion"])


def _history(demo: Demo, account: Account) -> None:
    rng = demo.rng
    period = CADENCE_DAYS[account.cadence]
    first = max(account.kickoff, demo.day(-365))
    if not account.active:
        last = account.expiry - timedelta(days=rng.randint(5, 20))
    elif "cadence_gap" in account.roles:
        last = demo.day(-(period + rng.randint(5, 12)))
    else:
        last = demo.day(-rng.randint(1, max(1, period - 3)))
    days: list[date] = []
    day = last
    while day >= first:
        days.append(business_day(day, forward=False))
        day -= timedelta(days=period + rng.choice((-1, 0, 0, 1)))
    days.reverse()
    base_mood = rng.choice((3, 4, 4, 5))
    last_qbr = first
    for index, day in enumerate(days):
        from_end = len(days) - 1 - index
        status = "Done" if from_end == 0 else rng.choice(_HISTORY_STATUSES)
        if "disengaged" in account.roles and from_end < 2:
            status = "Skipped by Customer"
        recent = (demo.today - day).days < 100
        troubled = "churn_risk" in account.roles and recent
        if troubled and from_end > 1 and rng.random() < 0.3:
            status = "Skipped by Customer"
        kind = "Cadence"
        if (day - account.kickoff).days < 40:
            kind = "Onboarding"
        elif account.tier != "C" and (day - last_qbr).days >= 85:
            kind, last_qbr = "QBR", day
        elif (troubled and from_end in (2, 5)) or rng.random() < 0.02:
            kind = "Escalation"
        mood = max(1, min(5, base_mood + rng.choice((-1, 0, 0, 0, 1))))
        if troubled:
            mood = rng.choice((1, 2, 2))
        elif "disengaged" in account.roles and (demo.today - day).days < 120:
            mood = rng.choice((2, 3))
        purposes = _purposes(demo, account, kind, day, troubled)
        _save_done(demo, account, demo.meeting_time(day), kind, status, mood, purposes)
    if "departed_bo" in account.roles:
        # The risk review after the budget owner left: a Churn Risk meeting clears it.
        day = business_day(demo.day(-123))
        _save_done(demo, account, demo.at(day, 11), "Escalation", "Done", 3,
                   ["Churn Risk", "Renewals"])  # fmt: skip


def _purposes(demo: Demo, account: Account, kind: str, day: date, troubled: bool) -> list[str]:
    rng = demo.rng
    purposes = {rng.choice(_PURPOSES[kind])}
    if 0 <= (account.expiry - day).days <= 150:
        purposes.add("Renewals")
    if kind == "Escalation" and not troubled:
        purposes.discard("Churn Risk")
        purposes.add("Projects")
    if troubled and kind == "Escalation":
        purposes.add("Churn Risk")
    if rng.random() < 0.08:
        purposes.add("Invoicing")
    if kind == "QBR" and rng.random() < 0.5:
        purposes.add("Expansion")
    return sorted(purposes)


def _attendees(demo: Demo, account: Account, day: date) -> list[Stakeholder]:
    present = account.present(day)
    if not present:
        return []
    return demo.pick(present, demo.rng.randint(1, min(3, len(present))))


def _save_done(
    demo: Demo,
    account: Account,
    when: datetime,
    kind: str,
    status: str,
    mood: int,
    purposes: list[str],
) -> None:
    rng = demo.rng
    people = _attendees(demo, account, when.date())
    review = next_steps = None
    steps: list[tuple[str, str, str]] = []
    if status == "Done":
        review = f"{rng.choice(words.REVIEW_OPENINGS)}. {words.REVIEW_TONES[mood]}"
        if kind == "QBR":
            review += f" ROI so far: {rng.randint(2, 6)}x; agreed the targets for next quarter."
        if kind != "Cadence" or rng.random() < 0.7:
            who = people[0].name.split()[0] if people else "the team"
            steps = demo.pick(words.NEXT_STEPS, rng.randint(1, 2))
            steps = [(text.format(person=who), kind, cat) for text, kind, cat in steps]
            next_steps = "\n".join(f"- {text}" for text, _, _ in steps)
    else:
        review = _SKIP_REVIEWS[status]
    meeting = demo.save(
        Meeting,
        when - timedelta(days=7),
        customer=account.record,
        stakeholders=people,
        date_time=when,
        status=status,
        purpose=purposes,
        meeting_type=kind,
        mood=mood if status == "Done" else None,
        review=review,
        next_steps=next_steps,
        updated_at=when + timedelta(hours=2),
    )
    meeting.attendees = people
    meeting.steps = steps
    account.meetings.append(meeting)


def _schedule(demo: Demo, account: Account) -> set[date]:
    """The coming meetings at the account's cadence; returns the days taken."""
    rng = demo.rng
    days: set[date] = set()
    if not account.active or account.roles & {"disengaged", "cadence_gap"}:
        if "stale_meeting" in account.roles:
            # Held or not, nobody updated it: the triage asks what happened.
            day = business_day(demo.day(-3), forward=False)
            _save_scheduled(demo, account, demo.at(day, 10), "Cadence", ["Projects"])
        return days
    if "meeting_today" in account.roles:
        _save_scheduled(demo, account, demo.at(demo.today, 15), "Cadence", ["Projects"])
        days.add(demo.today)
    period = CADENCE_DAYS[account.cadence]
    last = max(m.date_time.date() for m in account.meetings)
    day = last + timedelta(days=period)
    while day <= demo.day(HORIZON):
        day = business_day(day)
        if day > demo.today:
            kind = "Onboarding" if account.lifecycle == "Onboarding" else "Cadence"
            purposes = [rng.choice(_PURPOSES[kind])]
            _save_scheduled(demo, account, demo.meeting_time(day), kind, purposes)
            days.add(day)
        day += timedelta(days=period)
    return days


def _save_scheduled(
    demo: Demo, account: Account, when: datetime, kind: str, purposes: list[str]
) -> None:
    created = min(when.date() - timedelta(days=10), demo.day(-demo.rng.randint(1, 6)))
    meeting = demo.save(
        Meeting,
        demo.at(created, 16),
        customer=account.record,
        stakeholders=_attendees(demo, account, when.date()),
        date_time=when,
        status="Scheduled",
        purpose=purposes,
        meeting_type=kind,
    )
    account.meetings.append(meeting)


# -- activities ----------------------------------------------------------------------


def add_activities(demo: Demo) -> None:
    """Next steps turned into activities, then the open work of the coming weeks."""
    due_days: set[date] = set()
    for account in demo.accounts:
        unlogged = _unlogged(account)
        for meeting in account.meetings:
            if meeting.next_steps and meeting.id not in unlogged:
                due_days |= _from_meeting(demo, account, meeting)
        _project_work(demo, account, due_days)
        _background(demo, account)
    _open_work(demo, due_days)


def _unlogged(account: Account) -> set[int]:
    """The meeting whose next steps were never logged (the triage's "didn't happen")."""
    if "no_log" not in account.roles:
        return set()
    done = [m for m in account.meetings if m.status == "Done" and m.next_steps]
    return {done[-1].id} if done else set()


def _from_meeting(demo: Demo, account: Account, meeting: Meeting) -> set[date]:
    rng = demo.rng
    pending: set[date] = set()
    day = meeting.date_time.date()
    people = getattr(meeting, "attendees", None) or account.people[:1]
    for text, kind, category in meeting.steps:
        due = business_day(day + timedelta(days=2))
        done = due < demo.day(-3) or (due < demo.today and rng.random() < 0.5)
        done_at = None
        if done:
            done_at = demo.at(
                max(day, due - timedelta(days=rng.randint(0, 2))), rng.randint(10, 17)
            )
        else:
            pending.add(due)
        owner = words.FINANCE if "Finance" in text else rng.choice((words.KAM,) * 3 + (words.CSM,))
        demo.save(
            Activity,
            meeting.date_time + timedelta(hours=1),
            name=text,
            type=kind,
            status="Done" if done else "Pending",
            due_date=due,
            customer=account.record,
            stakeholder=people[0] if people else None,
            meeting=meeting,
            owner=owner,
            category=category,
            done_at=done_at,
            updated_at=done_at or meeting.date_time + timedelta(hours=1),
        )
    return pending


_PROJECT_STEPS = ("next milestone", "status update to the sponsor")


def _project_work(demo: Demo, account: Account, due_days: set[date]) -> None:
    rng = demo.rng
    for project in account.projects:
        if project.status != "In Progress" or project.parent_id:
            continue
        for step in range(rng.randint(1, 2)):
            due = business_day(demo.day(rng.randint(-6, 20)))
            demo.save(
                Activity,
                demo.day(-rng.randint(7, 20)),
                name=f"{project.name}: {_PROJECT_STEPS[step]}",
                type="Task" if step == 0 else "Email",
                due_date=due,
                customer=account.record,
                stakeholder=account.people[0],
                project=project,
                owner=rng.choice((words.SOLUTIONS, words.CSM)),
                category="Project",
                notes="Check the Jira board before the call." if step == 0 else None,
            )
            due_days.add(due)


def _background(demo: Demo, account: Account) -> None:
    """A few done emails, calls and notes through the year: the everyday log."""
    rng = demo.rng
    start = max(account.kickoff, demo.day(-365))
    end = demo.today if account.active else account.expiry
    span = (end - start).days
    for _ in range(rng.randint(2, 6) if span > 10 else 0):
        title, kind = rng.choice(words.STANDALONE_TASKS)
        person = rng.choice(account.people)
        day = start + timedelta(days=rng.randint(0, span - 2))
        done_at = demo.at(day + timedelta(days=rng.randint(0, 2)), rng.randint(9, 17))
        demo.save(
            Activity,
            demo.at(day, 8),
            name=title.format(person=person.name.split()[0]),
            type=kind,
            status="Done",
            due_date=day + timedelta(days=2),
            customer=account.record,
            stakeholder=person,
            owner=words.KAM,
            category=rng.choice(("Immediate", "Task", "Recurrent")),
            done_at=min(done_at, demo.at(demo.today, 8)),
            updated_at=min(done_at, demo.at(demo.today, 8)),
        )


def _open_work(demo: Demo, due_days: set[date]) -> None:
    """Open tasks so that every coming day has something due, plus unresolved FUPs."""
    rng = demo.rng
    open_accounts = [a for a in demo.accounts if a.active]
    hosts = cycle(rng.sample(open_accounts, len(open_accounts)))
    wanted = [demo.day(n) for n in range(0, HORIZON + 1)] + [demo.day(n) for n in (-1, -4, -9)]
    for day in wanted:
        if day in due_days:
            continue
        account = next(hosts)
        title, kind = rng.choice(words.STANDALONE_TASKS)
        person = rng.choice(account.present(demo.today) or account.people)
        demo.save(
            Activity,
            min(day, demo.today) - timedelta(days=rng.randint(3, 12)),
            name=title.format(person=person.name.split()[0]),
            type=kind,
            due_date=day,
            customer=account.record,
            stakeholder=person,
            owner=rng.choice((words.KAM, words.KAM, words.CSM)),
            category=rng.choice(("Immediate", "Task", "Strategy/Thinking", "Recurrent")),
        )
    # FUPs with no due date: open for 2 (still fine), 9, 16 and 30 days.
    asks = (
        "Ask Legal about the data processing addendum",
        "Get Product's answer on the SSO roadmap",
        "Chase Support on the export bug",
        "Confirm the discount approval with Finance",
    )
    for age, ask in zip((2, 9, 16, 30), asks, strict=True):
        account = next(hosts)
        demo.save(
            Activity,
            demo.at(demo.day(-age), 14),
            name=ask,
            type="FUP",
            customer=account.record,
            owner=words.KAM,
            category="Eliminate/Delegate",
            notes="Internal follow-up: nobody gave a date.",
        )
