"""Stakeholders as vCards (3.0), written with the ``vobject`` library.

Each card has the person's name (``N`` split from ``Last, First`` or
``First Last``), the customer as organisation, the role as title, email, phone,
LinkedIn URL and a note with buying level and status. The UID comes from the
natural key (customer and name), so re-exporting updates a contact in an
address book instead of duplicating it.
"""

from __future__ import annotations

import vobject

from kamtui.db.models import Customer, Stakeholder
from kamtui.exchange.ics import uid


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given): ``Smith, John`` → (Smith, John); ``Jane Doe`` → (Doe, Jane)."""
    if ", " in name:
        family, given = name.split(", ", 1)
        return family.strip(), given.strip()
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(person: Stakeholder) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("uid").value = uid("stakeholder", person.customer.name_key, person.name)
    card.add("fn").value = person.name
    family, given = _name_parts(person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("org").value = [person.customer.name]
    if person.role:
        card.add("title").value = person.role
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = "INTERNET"
    if person.phone:
        phone = card.add("tel")
        phone.value = person.phone
        phone.type_param = "CELL" if person.preferred_contact_method == "WhatsApp" else "WORK"
    if person.linkedin:
        card.add("url").value = person.linkedin
    note = [
        f"{label}: {value}"
        for label, value in (("Buying level", person.buying_level), ("Status", person.status))
        if value
    ]
    if person.departed_on:
        note.append(f"Departed on {person.departed_on.isoformat()}")
    if person.preferred_contact_method:
        note.append(f"Prefers: {person.preferred_contact_method}")
    if note:
        card.add("note").value = ". ".join(note)
    return card


def build_vcards(customer: Customer | None = None) -> str:
    """Every stakeholder (of ``customer`` when given) as one vCard file's text."""
    query = Stakeholder.select(Stakeholder, Customer).join(Customer)
    if customer is not None:
        query = query.where(Stakeholder.customer == customer)
    people = query.order_by(Customer.name_key, Stakeholder.name)
    return "".join(vcard(person).serialize() for person in people)
