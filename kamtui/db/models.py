"""The eight entities of the data architecture, one model each.

Field names are the seed's field names in snake_case; every Title field is ``name``.
Derived values (meeting customer, effective statuses, DSO, activation...) are not
stored here: :mod:`kamtui.domain.derived` computes them.
"""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from kamtui.db import choices as c
from kamtui.db.fields import (
    DateField,
    DateTimeField,
    EmailField,
    IntField,
    LinkedInField,
    LongTextField,
    MoneyField,
    MultiSelectField,
    NumberField,
    PercentField,
    PhoneField,
    RelationField,
    ScaleField,
    SelectField,
    TagField,
    TextField,
)

database = pw.DatabaseProxy()


class BaseModel(pw.Model):
    created_at = DateTimeField(default=datetime.now, label="Created at")
    updated_at = DateTimeField(default=datetime.now, label="Updated at")

    class Meta:
        database = database
        legacy_table_names = False

    def __str__(self) -> str:
        return str(getattr(self, "name", None) or f"#{self.id}")


class Customer(BaseModel):
    name = TextField(null=False)
    name_key = pw.CharField(unique=True, max_length=255)
    contract_start = DateField()
    contract_end = DateField()
    industry = TagField()
    cadence = SelectField(c.Cadence)
    channel = MultiSelectField(c.Channel)
    tier = SelectField(c.Tier)
    sub_segment = TagField(label="Sub-segment")
    company_size = TagField()
    arr = MoneyField(label="ARR")
    contracted_licenses = IntField()
    contracted_features = IntField()
    lifecycle = SelectField(c.Lifecycle, default=c.Lifecycle.ACTIVE.value)
    notes = LongTextField()

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_key = " ".join((self.name or "").split()).casefold()
        return super().save(*args, **kwargs)


class Stakeholder(BaseModel):
    name = TextField(null=False)
    customer = RelationField(Customer, backref="stakeholders", null=False, on_delete="CASCADE")
    role = TagField()
    buying_level = SelectField(c.BuyingLevel)
    email = EmailField()
    linkedin = LinkedInField(label="LinkedIn")
    status = SelectField(c.StakeholderStatus, default=c.StakeholderStatus.ACTIVE.value)
    phone = PhoneField()
    preferred_contact_method = SelectField(c.ContactMethod)
    internal_area = TagField()
    direct_manager = RelationField("self", backref="reports")
    departed_on = DateField()

    class Meta:
        indexes = ((("customer", "name"), True),)


class Meeting(BaseModel):
    name = TextField(null=False)
    date_time = DateTimeField(label="Date/Time")
    status = SelectField(c.MeetingStatus, default=c.MeetingStatus.DONE.value)
    customer = RelationField(Customer, backref="meetings", null=False, on_delete="CASCADE")
    purpose = MultiSelectField(c.Purpose, label="Purpose / Goal")
    meeting_type = SelectField(c.MeetingType)
    next_steps = LongTextField()
    review = LongTextField()
    mood = IntField(minimum=1, maximum=5)
    stakeholders = pw.ManyToManyField(
        Stakeholder, backref="meetings", through_model=pw.DeferredThroughModel()
    )

    class Meta:
        # The triage's date windows and each customer's latest meeting of a status.
        # (No index leads with, or covers, the status: without statistics SQLite
        # would read one to filter a common status, ten times slower than a scan.)
        indexes = (
            (("customer", "name"), True),
            (("date_time",), False),
            (("customer", "status", "date_time"), False),
        )


class Project(BaseModel):
    name = TextField(null=False)
    customer = RelationField(Customer, backref="projects", null=False, on_delete="CASCADE")
    status = SelectField(c.ProjectStatus, default=c.ProjectStatus.NOT_STARTED.value)
    priority = SelectField(c.Priority)
    deadline = DateField()
    expected_results = LongTextField()
    responsible = MultiSelectField(None)
    artifact = MultiSelectField(c.Artifact)
    parent = RelationField("self", backref="subtasks", label="Subtask / Parent task")
    actual_results = LongTextField()
    health_status = SelectField(c.HealthStatus)
    delay_reason = LongTextField()
    stakeholders = pw.ManyToManyField(
        Stakeholder, backref="projects", through_model=pw.DeferredThroughModel()
    )

    class Meta:
        indexes = ((("customer", "name"), True),)


class Contract(BaseModel):
    name = TextField(null=False)
    customer = RelationField(Customer, backref="contracts", null=False, on_delete="CASCADE")
    status = SelectField(c.ContractStatus, default=c.ContractStatus.DRAFT.value)
    # The seed's "Created at" is the contract's own creation date, typed by the user.
    created_at = DateField(default=None, label="Created at")
    internally_approved_at = DateField()
    externally_approved_at = DateField()
    signed_at = DateField()
    expiration_date = DateField()
    contractual_commitments = LongTextField()
    penalties = LongTextField()
    value = MoneyField()
    billing_frequency = SelectField(c.BillingFrequency)
    stakeholders = pw.ManyToManyField(
        Stakeholder, backref="contracts", through_model=pw.DeferredThroughModel()
    )

    class Meta:
        indexes = ((("customer", "name"), True),)


class Invoice(BaseModel):
    name = TextField(null=False, label="Invoice name")
    customer = RelationField(Customer, backref="invoices", null=False, on_delete="CASCADE")
    billing_contact = RelationField(Stakeholder, backref="invoices")
    invoice_date = DateField()
    invoice_due_date = DateField()
    sent_date = DateField()
    received_date = DateField()
    po_number = TextField(label="PO number")
    invoice_amount = MoneyField()
    tax_amount = MoneyField()
    amount_collected = MoneyField()
    payment_status = SelectField(c.PaymentStatus, default=c.PaymentStatus.OPEN.value)
    paid_date = DateField()
    discount_applied = MoneyField()
    discount_reason = LongTextField()
    transaction_id = TextField(label="Transaction ID")
    payment_method = TagField()
    notes = LongTextField()

    class Meta:
        # (customer, invoice_date): each customer's first invoice without a scan;
        # invoice_date: the list's default order, read a page at a time.
        indexes = (
            (("customer", "name"), True),
            (("customer", "invoice_date"), False),
            (("invoice_date",), False),
        )


class Activity(BaseModel):
    name = TextField(null=False, label="Activity")
    type = SelectField(c.ActivityType)
    status = SelectField(c.ActivityStatus, default=c.ActivityStatus.PENDING.value)
    due_date = DateField()
    customer = RelationField(Customer, backref="activities", on_delete="CASCADE")
    stakeholder = RelationField(Stakeholder, backref="activities")
    meeting = RelationField(Meeting, backref="activities")
    project = RelationField(Project, backref="activities")
    owner = TagField()
    notes = LongTextField()
    category = SelectField(c.Category, label="Duration or category")
    invoice = RelationField(Invoice, backref="activities")
    contract = RelationField(Contract, backref="activities")
    done_at = DateTimeField()

    class Meta:
        indexes = (
            (("status",), False),  # pending work, in the triage and the lists
            (("due_date",), False),  # the list's default order, read a page at a time
            # The words typed in the list's filter are looked for in this narrow copy
            # of the searchable columns (and the default sort), not in the wide rows.
            (("name", "owner", "customer", "due_date"), False),
        )


class Metric(BaseModel):
    name = TextField(null=False)
    customer = RelationField(Customer, backref="metrics", null=False, on_delete="CASCADE")
    month = DateField()
    mau = IntField(label="MAU")
    average_session_time = NumberField(label="Average session time (min)")
    user_login_frequency = NumberField()
    depth_of_usage = IntField()
    ramp_up_rate = NumberField(label="Ramp-up rate (days)")
    roi = NumberField(label="ROI")
    goal_completion_rate = PercentField()
    business_outcomes_reached = IntField()
    value_generated = MoneyField()
    nps = IntField(minimum=-100, maximum=100, label="NPS")
    csat = ScaleField(label="CSAT")
    sponsor_health = ScaleField()
    response_time = NumberField(label="Response time (h)")
    proactive_interactions = IntField(label="Meaningful / proactive interactions")
    maturity = PercentField()

    class Meta:
        indexes = (
            (("customer", "month"), True),
            (("customer", "name"), True),
            # Covers the health windows' reads, so they never touch the wide rows.
            (("month", "customer", "mau", "sponsor_health"), False),
        )


class _ThroughBase(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


MeetingStakeholder = type(
    "MeetingStakeholder",
    (_ThroughBase,),
    {
        "meeting": pw.ForeignKeyField(Meeting, on_delete="CASCADE"),
        "stakeholder": pw.ForeignKeyField(Stakeholder, on_delete="CASCADE"),
        "Meta": type("Meta", (), {"indexes": ((("meeting", "stakeholder"), True),)}),
        "__module__": __name__,
    },
)
ProjectStakeholder = type(
    "ProjectStakeholder",
    (_ThroughBase,),
    {
        "project": pw.ForeignKeyField(Project, on_delete="CASCADE"),
        "stakeholder": pw.ForeignKeyField(Stakeholder, on_delete="CASCADE"),
        "Meta": type("Meta", (), {"indexes": ((("project", "stakeholder"), True),)}),
        "__module__": __name__,
    },
)
ContractStakeholder = type(
    "ContractStakeholder",
    (_ThroughBase,),
    {
        "contract": pw.ForeignKeyField(Contract, on_delete="CASCADE"),
        "stakeholder": pw.ForeignKeyField(Stakeholder, on_delete="CASCADE"),
        "Meta": type("Meta", (), {"indexes": ((("contract", "stakeholder"), True),)}),
        "__module__": __name__,
    },
)
Meeting.stakeholders.through_model.set_model(MeetingStakeholder)
Project.stakeholders.through_model.set_model(ProjectStakeholder)
Contract.stakeholders.through_model.set_model(ContractStakeholder)


class TriageState(pw.Model):
    """A triage item the user snoozed or acknowledged (schema version 2).

    ``fingerprint`` is the record's ``updated_at`` when the user acted: when the
    record changes, the snooze or acknowledgement no longer applies.
    """

    item_id = pw.CharField(unique=True, max_length=255)
    snoozed_until = pw.DateField(null=True)
    acknowledged_at = pw.DateTimeField(null=True)
    fingerprint = pw.CharField(null=True, max_length=64)
    created_at = pw.DateTimeField(default=datetime.now)

    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(pw.Model):
    version = pw.IntegerField()
    applied_at = pw.DateTimeField(default=datetime.now)

    class Meta:
        database = database
        legacy_table_names = False


ENTITY_MODELS: tuple[type[BaseModel], ...] = (
    Customer,
    Stakeholder,
    Meeting,
    Activity,
    Project,
    Contract,
    Metric,
    Invoice,
)
THROUGH_MODELS = (MeetingStakeholder, ProjectStakeholder, ContractStakeholder)
ALL_MODELS = (*ENTITY_MODELS, *THROUGH_MODELS, TriageState, SchemaVersion)
