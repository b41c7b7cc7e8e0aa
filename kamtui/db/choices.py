"""Every select option of the data architecture, spelled exactly as the seed spells it.

Models, forms, importers and exports all take their options from here.
"""

from __future__ import annotations

from enum import StrEnum


class Cadence(StrEnum):
    HIGH = "High"
    MODERATE = "Moderate"
    CHECK_IN = "Check-in"


class Channel(StrEnum):
    EMAIL = "Email"
    WHATSAPP = "WhatsApp"
    ZOOM = "Zoom"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Lifecycle(StrEnum):
    ONBOARDING = "Onboarding"
    ACTIVE = "Active"
    CHURNED = "Churned"


class BuyingLevel(StrEnum):
    DECISION_MAKER = "Decision Maker"
    INFLUENCER = "Influencer"
    BUDGET_OWNER = "Budget Owner"
    END_USER = "End User"
    ADMINISTRATOR = "Administrator"


class StakeholderStatus(StrEnum):
    ACTIVE = "Active"
    ON_LEAVE = "On Leave"
    DEPARTED = "Departed"


class ContactMethod(StrEnum):
    EMAIL = "Email"
    WHATSAPP = "WhatsApp"
    PHONE = "Phone"
    ONLINE_MEETING = "Online Meeting"


class MeetingStatus(StrEnum):
    SCHEDULED = "Scheduled"
    DONE = "Done"
    SKIPPED_BY_CUSTOMER = "Skipped by Customer"
    SKIPPED_BY_KAM = "Skipped by KAM"
    RESCHEDULED = "Rescheduled"


class Purpose(StrEnum):
    PROJECTS = "Projects"
    TARGETS = "Targets"
    CHURN_RISK = "Churn Risk"
    EXPANSION = "Expansion"
    RENEWALS = "Renewals"
    INVOICING = "Invoicing"


class MeetingType(StrEnum):
    CADENCE = "Cadence"
    QBR = "QBR"
    ESCALATION = "Escalation"
    ONBOARDING = "Onboarding"


class ActivityType(StrEnum):
    EMAIL = "Email"
    CALL = "Call"
    WHATSAPP = "WhatsApp"
    INTERNAL_NOTE = "Internal Note"
    TASK = "Task"
    FUP = "FUP"


class ActivityStatus(StrEnum):
    PENDING = "Pending"
    DONE = "Done"
    OVERDUE = "Overdue"


class Category(StrEnum):
    IMMEDIATE = "Immediate"
    TASK = "Task"
    PROJECT = "Project"
    RECURRENT = "Recurrent"
    STRATEGY_THINKING = "Strategy/Thinking"
    ELIMINATE_DELEGATE = "Eliminate/Delegate"


class ProjectStatus(StrEnum):
    NOT_STARTED = "Not Started"
    IN_PROGRESS = "In Progress"
    DONE = "Done"


class Priority(StrEnum):
    HIGH = "High"
    MID = "Mid"
    LOW = "Low"


class Artifact(StrEnum):
    MEETING = "Meeting"
    JIRA = "Jira"
    EMAIL = "Email"
    CONTRACT = "Contract"


class HealthStatus(StrEnum):
    ON_TRACK = "On Track"
    AT_RISK = "At Risk"
    BLOCKED = "Blocked"


class ContractStatus(StrEnum):
    ACTIVE = "Active"
    OVERDUE = "Overdue"
    DRAFT = "Draft"
    APPROVAL = "Approval"


class BillingFrequency(StrEnum):
    MONTHLY = "Monthly"
    QUARTERLY = "Quarterly"
    YEARLY = "Yearly"
    ONE_OFF = "One-off"


class PaymentStatus(StrEnum):
    OPEN = "Open"
    PARTIAL = "Partial"
    PAID = "Paid"
    OVERDUE = "Overdue"
    DISPUTED = "Disputed"
