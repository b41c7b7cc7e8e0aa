"""Contacts export, read back by vobject's own parser."""

from __future__ import annotations

from pathlib import Path

import vobject
from click.testing import CliRunner

from kamtui.cli import main
from kamtui.db.connection import close_database, open_database
from kamtui.exchange.vcf import build_vcards
from kamtui.ops.records import find_customer
from tests.test_csv import portfolio


def cards(text: str) -> dict[str, vobject.base.Component]:
    return {card.fn.value: card for card in vobject.readComponents(text)}


def test_every_stakeholder_as_a_card(db) -> None:
    portfolio()
    text = build_vcards()
    people = cards(text)
    assert set(people) == {"Jane Doe", "Smith, John", "Bob"}
    jane = people["Jane Doe"]
    assert jane.org.value == ["Acme, Inc."]
    assert (jane.n.value.family, jane.n.value.given) == ("Doe", "Jane")
    assert jane.email.value == "jane@acme.example"
    assert jane.tel.value == "+44 20 7946 0958"
    assert jane.url.value == "https://www.linkedin.com/in/janedoe"
    assert "Buying level: Decision Maker" in jane.note.value and "Status: Active" in (
        jane.note.value
    )
    john = people["Smith, John"]
    assert (john.n.value.family, john.n.value.given) == ("Smith", "John")
    assert "Status: Departed" in john.note.value
    assert people["Bob"].title.value == "+CEO"
    assert build_vcards() == text  # UIDs (and everything else) stable
    assert len({card.uid.value for card in people.values()}) == 3


def test_one_customer_to_a_file(tmp_path: Path) -> None:
    db_path = tmp_path / "k.db"
    open_database(str(db_path))
    portfolio()
    expected = build_vcards(find_customer("@globex"))
    close_database()
    out = tmp_path / "globex.vcf"
    result = CliRunner().invoke(main, ["--db", str(db_path), "vcf", "@Globex", "-o", str(out)])
    close_database()
    assert result.exit_code == 0, result.output
    assert set(cards(out.read_text())) == {"Bob"}
    assert out.read_bytes().decode() == expected  # CRLF lines, as RFC 6350 wants
