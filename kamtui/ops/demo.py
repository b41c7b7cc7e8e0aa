"""The built-in demo portfolio: ``build_demo(today)`` fills an empty database.

About thirty customers across tiers, industries and lifecycles, with their
stakeholders, a year of meetings, activities, projects, contracts, monthly
metrics and invoices. Every date is relative to ``today``, so on any day (and on
every day of the following month) the portfolio has something overdue, something
due today, something due soon and plenty that is healthy: each triage rule has a
case that fires. The same ``today`` and ``seed`` always give the same portfolio.

Every record goes through :func:`kamtui.ops.records.save_record`, so the demo
obeys the same validation as anything a user types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from kamtui.db.connection import write_transaction
from kamtui.db.entities import COLLECTIONS, counted
from kamtui.db.models import Customer, Project, Stakeholder
from kamtui.ops import demo_data as words
from kamtui.ops.demo_base import RENEWAL_DAYS, Account, Demo, slug
from kamtui.ops.demo_history import add_activities, add_meetings
from kamtui.ops.demo_money import INVOICE_SCENARIOS, add_contracts, add_invoices, add_metrics

MIN_CUSTOMERS = 24
MAX_CUSTOMERS = 500


class DemoError(RuntimeError):
    """The demo cannot be built here (the database already holds data)."""


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo` wrote: record counts per collection."""

    today: date
    seed: int
    counts: dict[str, int]

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.counts)
        return [f"{name:<{width}}  {count:>5}" for name, count in self.counts.items()]


def build_demo(today: date, seed: int = 7, customers: int = 30) -> DemoSummary:
    """Write the demo portfolio into the open (empty) database, in one transaction.

    Raises :class:`DemoError` if the database already holds records, and
    ``ValueError`` if ``customers`` is outside 24..500.
    """
    if not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise ValueError(
            f"customers {customers} is not valid, expected {MIN_CUSTOMERS} to {MAX_CUSTOMERS}"
        )
    held = {name: model.select().count() for name, model in COLLECTIONS.items()}
    if any(held.values()):
        listed = ", ".join(counted(n, name) for name, n in held.items() if n)
        raise DemoError(
            f"the database already holds {listed}: the demo only fills an empty database"
        )
    demo = Demo(today, seed)
    with write_transaction():
        demo.accounts = _accounts(demo, customers)
        for account in demo.accounts:
            _save_customer(demo, account)
            _save_people(demo, account)
            _save_projects(demo, account)
        add_contracts(demo)
        add_meetings(demo)
        add_invoices(demo)
        add_metrics(demo)
        add_activities(demo)
    counts = {name: model.select().count() for name, model in COLLECTIONS.items()}
    return DemoSummary(today, seed, counts)


# -- profiles -------------------------------------------------------------------

#: Scenario roles given to one mature account each (see the module docstring).
SINGLE_ROLES = (
    "expired", "disengaged", "churn_risk", "departed_dm", "departed_bo", "low_activation",
    "low_activation", "cadence_gap", "cadence_gap", "cadence_gap", "project_overdue",
    "project_blocked",
)  # fmt: skip
#: Accounts whose renewal is inside the window, and what is happening with it.
RENEWAL_ROLES = ("stalled_approval", "stalled_draft", "fresh_draft", "renewal", "renewal")


def _company_names(demo: Demo, industries: list[str]) -> list[str]:
    prefixes = list(words.COMPANY_PREFIXES)
    demo.rng.shuffle(prefixes)
    names: list[str] = []
    for index, industry in enumerate(industries):
        prefix = prefixes[index % len(prefixes)]
        suffix = demo.rng.choice(words.INDUSTRIES[industry][0])
        name = f"{prefix} {suffix}"
        round_ = index // len(prefixes)
        names.append(name if round_ == 0 else f"{name} {round_ + 1}")
    return names


def _accounts(demo: Demo, count: int) -> list[Account]:
    rng = demo.rng
    tiers = ["A"] * round(count * 0.2) + ["B"] * round(count * 0.4)
    tiers += ["C"] * (count - len(tiers))
    rng.shuffle(tiers)
    industries = [list(words.INDUSTRIES)[i % len(words.INDUSTRIES)] for i in range(count)]
    rng.shuffle(industries)
    names = _company_names(demo, industries)

    order = list(range(count))
    rng.shuffle(order)
    churned = {i for i in order if tiers[i] != "A"}
    churned = set(sorted(churned, key=order.index)[:2])
    rest = [i for i in order if i not in churned]
    onboarding, mature = set(rest[:2]), rest[2:]
    roles: dict[int, set[str]] = {i: set() for i in range(count)}
    # The churn-risk account should matter: put it on a tier A account.
    mature.sort(key=lambda i: (tiers[i] != "A", order.index(i)))
    roles[mature[0]].add("churn_risk")
    others = [i for i in mature[1:]]
    for role, index in zip([r for r in SINGLE_ROLES if r != "churn_risk"], others, strict=False):
        roles[index].add(role)
    renewing = [i for i in reversed(others) if not roles[i]]
    for role, index in zip(RENEWAL_ROLES, renewing, strict=False):
        roles[index] |= {role, "in_window"}
    for index in renewing[len(RENEWAL_ROLES) : len(RENEWAL_ROLES) + 2]:
        roles[index].add("entering_window")
    roles[next(i for i in others if "cadence_gap" in roles[i])].add("stale_meeting")
    high = [i for i in mature if not roles[i] & {"cadence_gap", "disengaged"}]
    roles[high[0]].add("meeting_today")
    for index in rng.sample(mature[:-1], 2):
        roles[index].add("no_log")
    payers = [i for i in mature if "expired" not in roles[i]]
    for scenario, index in zip(
        INVOICE_SCENARIOS, rng.sample(payers, len(INVOICE_SCENARIOS)), strict=True
    ):
        roles[index].add(f"invoice:{scenario}")

    accounts = []
    for i in range(count):
        accounts.append(
            _profile(
                demo, names[i], tiers[i], industries[i], roles[i], i in churned, i in onboarding
            )
        )
    return accounts


def _profile(
    demo: Demo, name: str, tier: str, industry: str, roles: set[str], churned: bool, new: bool
) -> Account:
    rng = demo.rng
    window = RENEWAL_DAYS[tier]
    cadence = {"A": ("High", "High", "Moderate"), "B": ("Moderate", "Moderate", "High", "Check-in")}
    cadence_choice = rng.choice(cadence.get(tier, ("Check-in", "Check-in", "Moderate")))
    if "meeting_today" in roles:
        cadence_choice = "High"
    if new:
        kickoff = demo.day(-rng.randint(20, 60))
        term_start, expiry, lifecycle = kickoff, kickoff + relativedelta(years=1), "Onboarding"
    else:
        if churned:
            left = -rng.randint(40, 200)
        elif "expired" in roles:
            left = -9
        elif "in_window" in roles:
            left = rng.randint(20, window - 15)
        elif "entering_window" in roles:
            left = window + rng.randint(3, 25)
        else:
            left = window + rng.randint(30, 520)
        years = 1 if left < 300 else 2 if left < 660 else 3
        expiry = demo.day(left)
        term_start = expiry - relativedelta(years=years)
        renewals = rng.choice((0, 1, 1, 2, 3)) or (1 if "low_activation" in roles else 0)
        kickoff = term_start - relativedelta(years=renewals)
        lifecycle = "Churned" if churned else "Active"
    billing = {"A": ("Yearly", "Quarterly"), "B": ("Quarterly", "Monthly")}.get(tier, ("Monthly",))
    arr_range = {"A": (150_000, 450_000), "B": (50_000, 150_000), "C": (12_000, 50_000)}[tier]
    seats = {"A": (300, 1500), "B": (80, 400), "C": (15, 100)}[tier]
    return Account(
        name=name,
        tier=tier,
        cadence=cadence_choice,
        industry=industry,
        lifecycle=lifecycle,
        kickoff=kickoff,
        term_start=term_start,
        expiry=expiry,
        billing="One-off" if new and tier == "C" else rng.choice(billing),
        arr=demo.money(*arr_range, step=500),
        licenses=rng.randint(*seats),
        features=rng.randint(8, 20),
        roles=roles,
    )


# -- customers, stakeholders, projects -------------------------------------------------

_NOTES = {
    "churn_risk": "Sponsor frustrated since the summer outage; a competitor is pitching them.",
    "departed_dm": "Their CEO left this month: find the new decision maker.",
    "disengaged": "Two cadence calls in a row cancelled by the customer.",
    "expired": "Contract ran out; the renewal paperwork never started.",
    "low_activation": "Licences bought for the whole company, rollout stuck in two teams.",
}


def _save_customer(demo: Demo, account: Account) -> None:
    rng = demo.rng
    sizes = {"A": words.COMPANY_SIZES[3:], "B": words.COMPANY_SIZES[2:4]}
    note = next((text for role, text in _NOTES.items() if role in account.roles), None)
    account.record = demo.save(
        Customer,
        demo.at(account.kickoff - timedelta(days=30), 10),
        name=account.name,
        contract_start=account.kickoff,
        contract_end=account.expiry,
        industry=account.industry,
        cadence=account.cadence,
        channel=demo.pick(("Email", "WhatsApp", "Zoom"), rng.randint(1, 3)),
        tier=account.tier,
        sub_segment=rng.choice(words.INDUSTRIES[account.industry][1]),
        company_size=rng.choice(sizes.get(account.tier, words.COMPANY_SIZES[:3])),
        arr=account.arr,
        contracted_licenses=account.licenses,
        contracted_features=account.features,
        lifecycle=account.lifecycle,
        notes=note,
    )


_LEVELS = ("Decision Maker", "Influencer", "Budget Owner", "End User", "Administrator")


def _save_people(demo: Demo, account: Account) -> None:
    rng = demo.rng
    count = rng.randint(3, 6)
    levels = [*_LEVELS, rng.choice(("Influencer", "End User"))][:count]
    firsts = demo.pick(words.FIRST_NAMES, count)
    tld, phone_pattern = rng.choice(words.COUNTRIES)
    domain = f"{slug(account.name.split()[0])}.{tld}"
    for level, first in zip(levels, firsts, strict=True):
        last = rng.choice(words.LAST_NAMES)
        roles, areas = words.ROLES[level]
        status, departed_on = "Active", None
        if level == "Decision Maker" and "departed_dm" in account.roles:
            status, departed_on = "Departed", demo.day(-11)
        elif level == "Budget Owner" and "departed_bo" in account.roles:
            status, departed_on = "Departed", demo.day(-130)
        elif level in ("End User", "Influencer", "Administrator") and rng.random() < 0.1:
            status = "On Leave"
        elif level == "End User" and rng.random() < 0.15:
            status, departed_on = "Departed", demo.day(-rng.randint(40, 300))
        manager = None
        if level in ("Influencer", "Budget Owner"):
            manager = account.people[0]
        elif level in ("End User", "Administrator"):
            manager = account.people[1]
        phone = "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in phone_pattern)
        created = max(account.kickoff - timedelta(days=20), demo.day(-500))
        person = demo.save(
            Stakeholder,
            demo.at(created, 11),
            name=f"{first} {last}",
            customer=account.record,
            role=rng.choice(roles),
            buying_level=level,
            email=f"{slug(first)}.{slug(last)}@{domain}",
            linkedin=f"https://www.linkedin.com/in/{slug(first)}-{slug(last)}-{rng.randrange(16**4):04x}",
            status=status,
            departed_on=departed_on,
            phone=phone,
            preferred_contact_method=rng.choice(("Email", "WhatsApp", "Phone", "Online Meeting")),
            internal_area=rng.choice(areas),
            direct_manager=manager,
            updated_at=demo.at(departed_on or created, 12),
        )
        account.people.append(person)


def _save_projects(demo: Demo, account: Account) -> None:
    rng = demo.rng
    count = 1 if not account.active or account.lifecycle == "Onboarding" else rng.randint(1, 3)
    for index, (title, expected) in enumerate(demo.pick(words.PROJECTS, count)):
        plan = _project_plan(demo, account, index)
        if not account.active:
            plan.update(status="Done", deadline=account.expiry - timedelta(days=60))
        deadline = plan["deadline"]
        if plan["status"] == "Done":
            plan.update(health_status="On Track", actual_results=rng.choice(words.ACTUAL_RESULTS))
        created = min(deadline - timedelta(days=rng.randint(60, 120)), demo.day(-3))
        values = dict(
            name=title,
            customer=account.record,
            priority=rng.choice(("High", "Mid", "Low")),
            expected_results=expected,
            responsible=demo.pick(words.RESPONSIBLE, rng.randint(1, 3)),
            artifact=demo.pick(("Meeting", "Jira", "Email", "Contract"), rng.randint(1, 3)),
            stakeholders=demo.pick(account.people, rng.randint(1, min(3, len(account.people)))),
            **plan,
        )
        parent = demo.save(Project, demo.at(created, 10), **values)
        account.projects.append(parent)
        if plan["status"] == "In Progress" and rng.random() < 0.5:
            _save_subprojects(demo, account, parent, values, created)


def _project_plan(demo: Demo, account: Account, index: int) -> dict[str, object]:
    rng = demo.rng
    if index == 0 and "project_overdue" in account.roles:
        return dict(status="In Progress", deadline=demo.day(-12), health_status="At Risk",
                    delay_reason=words.DELAY_REASONS[0])  # fmt: skip
    if index == 0 and "project_blocked" in account.roles:
        return dict(status="In Progress", deadline=demo.day(25), health_status="Blocked",
                    delay_reason=words.DELAY_REASONS[3])  # fmt: skip
    if index == 0 and account.lifecycle == "Onboarding":
        return dict(status="In Progress", deadline=demo.day(rng.randint(5, 30)),
                    health_status="On Track")  # fmt: skip
    status = rng.choice(("Done", "Done", "In Progress", "In Progress", "Not Started"))
    if status == "Done":
        return dict(status=status, deadline=demo.day(-rng.randint(20, 300)))
    if status == "Not Started":
        return dict(status=status, deadline=demo.day(rng.randint(60, 200)))
    health = rng.choice(("On Track", "On Track", "On Track", "At Risk"))
    plan: dict[str, object] = dict(status=status, deadline=demo.day(rng.randint(4, 150)),
                                   health_status=health)  # fmt: skip
    if health == "At Risk":
        plan["delay_reason"] = rng.choice(words.DELAY_REASONS)
    return plan


def _save_subprojects(
    demo: Demo, account: Account, parent: Project, values: dict, created: date
) -> None:
    rng = demo.rng
    for step, title in enumerate(words.SUBPROJECTS[: rng.randint(1, 2)]):
        done = step == 0
        deadline = created + timedelta(days=30 + 30 * step)
        if not done:
            deadline = max(deadline, demo.day(rng.randint(3, 30)))
        sub = demo.save(
            Project,
            demo.at(created, 11),
            name=f"{parent.name}: {title}",
            customer=account.record,
            parent=parent,
            status="Done" if done else "In Progress",
            priority=values["priority"],
            deadline=deadline,
            health_status="On Track",
            responsible=values["responsible"],
            artifact=["Jira"],
            actual_results="Pilot group live" if done else None,
            expected_results=f"{title} of: {values['expected_results']}",
        )
        account.projects.append(sub)
