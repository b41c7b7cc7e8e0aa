"""Values derived from the data, never typed twice (the seed's "auto-resolved").

All functions are pure: they take records (or plain values) and ``today``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from kamtui.db.choices import ActivityStatus, ContractStatus, PaymentStatus

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")


def money(value: Decimal | int | None) -> Decimal:
    """An amount rounded to cents (None counts as zero). Hot in the triage: kept lean."""
    if not value:
        return ZERO
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def activity_status(status: str | None, due_date: date | None, today: date) -> str:
    """Done stays Done; a pending activity past its due date is Overdue."""
    if status == ActivityStatus.DONE:
        return ActivityStatus.DONE.value
    if due_date is not None and due_date < today:
        return ActivityStatus.OVERDUE.value
    return ActivityStatus.PENDING.value


def amount_due(invoice: Any) -> Decimal:
    """What the customer owes on an invoice: the amount less any discount."""
    return max(money(invoice.invoice_amount) - money(invoice.discount_applied), ZERO)


def outstanding(invoice: Any) -> Decimal:
    return max(amount_due(invoice) - money(invoice.amount_collected), ZERO)


class InvoiceFigures(NamedTuple):
    status: str
    amount_due: Decimal
    outstanding: Decimal


def invoice_figures(invoice: Any, today: date) -> InvoiceFigures:
    """An invoice's status, amount due and outstanding, each amount rounded once."""
    due = amount_due(invoice)
    collected = money(invoice.amount_collected)
    return InvoiceFigures(_status(invoice, due, collected, today), due, max(due - collected, ZERO))


def invoice_status(invoice: Any, today: date) -> str:
    """Paid / Partial / Overdue / Open from amounts and dates; Disputed is set by hand."""
    return _status(invoice, amount_due(invoice), money(invoice.amount_collected), today)


# Plain strings for the hot paths: an enum member lookup costs 130 ns on Python 3.11.
_DISPUTED, _PAID, _OVERDUE, _PARTIAL, _OPEN = (
    PaymentStatus.DISPUTED.value,
    PaymentStatus.PAID.value,
    PaymentStatus.OVERDUE.value,
    PaymentStatus.PARTIAL.value,
    PaymentStatus.OPEN.value,
)


def _status(invoice: Any, due: Decimal, collected: Decimal, today: date) -> str:
    if invoice.payment_status == _DISPUTED:
        return _DISPUTED
    if (invoice.invoice_amount is not None and collected >= due) or (
        invoice.invoice_amount is None and invoice.payment_status == _PAID
    ):
        return _PAID
    if invoice.invoice_due_date is not None and invoice.invoice_due_date < today:
        return _OVERDUE
    if collected > ZERO:
        return _PARTIAL
    return _OPEN


def invoice_dso(invoice: Any, today: date) -> int | None:
    """Days from issuing the invoice to collecting it (or to ``today`` while open)."""
    if invoice.invoice_date is None or invoice.invoice_date > today:
        return None
    paid = invoice_status(invoice, today) == PaymentStatus.PAID
    end = (invoice.paid_date or invoice.received_date or today) if paid else today
    return max((end - invoice.invoice_date).days, 0)


def weighted_dso(invoices: Iterable[Any], today: date, window_days: int = 365) -> Decimal | None:
    """DSO of a set of invoices: days outstanding weighted by amount, over a window."""
    total = Decimal(0)
    weighted = Decimal(0)
    for invoice in invoices:
        days = invoice_dso(invoice, today)
        if days is None or (today - invoice.invoice_date).days > window_days:
            continue
        weight = amount_due(invoice) or Decimal(1)
        total += weight
        weighted += weight * days
    if not total:
        return None
    return (weighted / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


#: The effective status of an Active contract that expired after a later one took
#: over: not an option to pick (the seed's are Active / Overdue / Draft / Approval).
RENEWED = "Renewed"


def contract_status(
    status: str | None, expiration: date | None, renewed: bool, today: date
) -> str | None:
    """An Active contract past its expiration date is Overdue, or Renewed when the
    customer has a contract running later."""
    if status == ContractStatus.ACTIVE and expiration is not None and expiration < today:
        return RENEWED if renewed else ContractStatus.OVERDUE.value
    return status


def ratio_percent(
    numerator: int | Decimal | None, denominator: int | Decimal | None
) -> Decimal | None:
    """``numerator / denominator`` as a percentage with one decimal, or None."""
    if numerator is None or not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def activation(mau: int | None, contracted_licenses: int | None) -> Decimal | None:
    """Activation: % of active users (MAU) against contracted licenses."""
    return ratio_percent(mau, contracted_licenses)


def adoption_spread(depth_of_usage: int | None, contracted_features: int | None) -> Decimal | None:
    """Adoption spread: % of features used (depth of usage) against contracted ones."""
    return ratio_percent(depth_of_usage, contracted_features)
