"""A small, fixed portfolio for the TUI tests (no clock: everything dated by hand)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tui_harness import steady_cursors

from kamtui.db.fields import ParseContext
from kamtui.db.models import Activity, Customer, Invoice, Meeting, Stakeholder
from kamtui.ops.records import save_record
from kamtui.tui.app import KamtuiApp

TODAY = date(2026, 12, 4)
CTX = ParseContext(TODAY, now=datetime(2026, 12, 4, 9, 30))


def _save(model: type, **values: object) -> object:
    return save_record(model, values, CTX)


def portfolio() -> None:
    """Three customers; Initech has nothing but itself (tests create records there)."""
    from kamtui.db.models import Contract, Metric, Project

    _save(Customer, name="Acme Corp", tier="A", cadence="High", industry="Retail",
          contract_start="2025-01-01", contract_end="2027-01-01", arr="120000",
          channel="Email, Zoom")  # fmt: skip
    _save(Customer, name="Globex", tier="B", cadence="Moderate", industry="Energy",
          contract_end="2026-12-31", arr="54000.5")  # fmt: skip
    _save(Customer, name="Initech", tier="C", cadence="Check-in", industry="Software",
          lifecycle="Onboarding")  # fmt: skip
    _save(Stakeholder, name="Anna Smith", customer="Acme Corp", buying_level="Decision Maker",
          role="CTO", email="anna@acme.com")  # fmt: skip
    _save(Stakeholder, name="Bob Jones", customer="Acme Corp", buying_level="Influencer",
          status="Departed")  # fmt: skip
    _save(Stakeholder, name="Carla Diaz", customer="Globex", buying_level="Budget Owner")
    meeting = _save(Meeting, customer="Acme Corp", stakeholders="Anna Smith",
                    date_time="2026-11-20 10:00", meeting_type="Cadence", status="Done",
                    mood="4", purpose="Renewals, Projects", next_steps="Send proposal")  # fmt: skip
    _save(Meeting, customer="Globex", date_time="2026-12-10 15:00", meeting_type="QBR",
          status="Scheduled")  # fmt: skip
    _save(Activity, name="Send revised proposal to Anna", type="Email", customer="Acme Corp",
          stakeholder="Anna Smith", meeting=meeting.id, due_date="2026-12-01",
          owner="me")  # fmt: skip
    _save(Activity, name="Prepare QBR deck", type="Task", customer="Globex",
          due_date="2026-12-09", owner="me")  # fmt: skip
    _save(Activity, name="Call about renewal", type="Call", customer="Globex",
          due_date="2026-11-30", status="Done")  # fmt: skip
    parent = _save(Project, name="SSO rollout", customer="Acme Corp", status="In Progress",
                   priority="High", deadline="2027-02-01", health_status="At Risk")  # fmt: skip
    _save(Project, name="SSO pilot", customer="Acme Corp", parent=parent.id, status="Done")
    _save(Contract, customer="Acme Corp", status="Active", created_at="2024-11-01",
          internally_approved_at="2024-11-10", externally_approved_at="2024-11-20",
          signed_at="2024-12-01", expiration_date="2025-12-01", value="120000")  # fmt: skip
    _save(Contract, customer="Globex", status="Draft", created_at="2026-11-01", value="50000")
    _save(Metric, customer="Acme Corp", month="2026-11-01", mau="140", nps="40", csat="4.2",
          sponsor_health="4")  # fmt: skip
    invoice = _save(Invoice, customer="Acme Corp", invoice_date="2026-10-01",
                    invoice_due_date="2026-10-31", invoice_amount="10000",
                    billing_contact="Anna Smith")  # fmt: skip
    _save(Invoice, customer="Globex", invoice_date="2026-11-15", invoice_due_date="2026-12-15",
          invoice_amount="4500", amount_collected="1000")  # fmt: skip
    _save(Invoice, customer="Globex", invoice_date="2026-09-01", invoice_due_date="2026-09-30",
          invoice_amount="800", amount_collected="800")  # fmt: skip
    _save(Activity, name="Chase invoice", type="FUP", customer="Acme Corp",
          invoice=invoice.id, due_date="2026-11-05")  # fmt: skip


def make_app(path: Path | None = None, start: str = "home") -> KamtuiApp:
    """The app on the already opened test database; the label hides the tmp path."""
    return KamtuiApp("test.db", CTX, start=start)


async def settle(pilot: object, app: KamtuiApp) -> None:
    """Wait for screen switches and database workers to finish."""
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    steady_cursors(app)
