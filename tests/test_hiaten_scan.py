"""`/hiaten scan` and the report's scan section: ✅/❌ per Digitaal Inclusieve Wijk criterion, with the offers
that satisfy it and what is missing; a city-wide network compares its neighbourhoods."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from domain.neighbourhood_scan import Format
from domain.practical import Document, Facilities, Facility, Practical, WhatToBring
from domain.scan_inputs import scan_offer
from plugin.cli import main
from storage.db import Database
from storage.models import Offering
from storage.networks import create_network
from tests.slack_driver import SlackDriver
from tests.test_hiaten import make_city
from tests.test_rapport import period_args


def _printer_at_the_library(db: Database, social_map: dict[str, int]) -> None:
    with db.transaction() as session:
        laptop = session.get_one(Offering, social_map["laptop"])
        laptop.facilities = ["printer", "gratis-wifi"]


def _scan_text(slack: SlackDriver, user: str, channel: str) -> str:
    body = slack.command("/hiaten", "scan", user=user, channel=channel).get_json()
    return "\n".join(b.get("text", {}).get("text", "") for b in body["blocks"] if b["type"] in ("section", "header"))


def test_scan_says_per_criterion_what_is_met_by_which_offer_and_what_is_missing(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    before = _scan_text(slack, "UBIB", "C1")
    assert "❌ Minstens één printer" in before and "Wijkscan · Borgerhout" in before
    assert "✅ Eén aanspreekpunt" in before  # the network has a coordinator
    _printer_at_the_library(db, social_map)
    after = _scan_text(slack, "UBIB", "C1")
    assert "✅ Minstens één printer — Laptop ontlenen (Bibliotheek Borgerhout)" in after
    assert "❌ Gratis wifi, ook 's avonds en in het weekend" in after  # the cost of the loan is not known


def test_a_city_compares_its_neighbourhoods(slack: SlackDriver, db: Database, social_map: dict[str, int]) -> None:
    make_city(db, social_map)
    _printer_at_the_library(db, social_map)
    text = _scan_text(slack, "USTAD", "CSTAD")
    assert "De wijken naast elkaar" in text
    # Deurne registered no offers: not known there, so neither ✅ nor ❌
    assert "Minstens één printer: ✅ Borgerhout · ❔ Deurne (nog geen aanbod)" in text
    assert "Eén aanspreekpunt dat het aanbod in de wijk coördineert: ✅ Borgerhout · ✅ Deurne" in text
    assert "Nog geen actief aanbod geregistreerd" not in text and "❌ Minstens één printer" not in text
    assert "In geen enkele wijk" in text


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return CliRunner()


def test_the_report_has_the_scan_section(cli: CliRunner, db: Database, social_map: dict[str, int]) -> None:
    _printer_at_the_library(db, social_map)
    result = cli.invoke(main, ["rapport", "--team", "T1", *period_args()])
    assert result.exit_code == 0, result.output
    assert "## Wijkscan Digitaal Inclusieve Wijk: Borgerhout" in result.output
    assert "- ✅ Minstens één printer — Laptop ontlenen (Bibliotheek Borgerhout)" in result.output
    assert "- ❌ Minstens één gratis oplaadpunt" in result.output


def test_formats_and_free_are_read_conservatively() -> None:
    def offer(description: str, fees: str | None = None, **kw: object) -> object:
        return scan_offer(name="Aanbod", organisation="Org", categories=(), openings=(), description=description,
                          fees=fees, access=kw.get("access"), practical=kw.get("practical", Practical()))  # type: ignore[arg-type]  # fmt: skip

    group = offer("Een cursus van vier lessen", "Gratis")
    assert group.formats == {Format.GROUP} and group.free is True  # type: ignore[attr-defined]
    own = offer("Hulp", "vraag na", practical=Practical(WhatToBring(True, (Document.PHONE,))))
    assert own.own_device and own.free is None and own.formats == frozenset()  # type: ignore[attr-defined]
    assert offer("Spreekuur", "2 euro").free is False  # type: ignore[attr-defined]
    wifi = offer("", practical=Practical(facilities=Facilities(True, frozenset({Facility.FREE_WIFI}))))
    assert wifi.facilities == {Facility.FREE_WIFI}  # type: ignore[attr-defined]
    assert json.dumps(sorted(offer("Spreekuur").formats)) == '["individueel"]'  # type: ignore[attr-defined]


def test_a_network_without_offers_is_not_scanned_as_missing_everything(slack: SlackDriver, db: Database) -> None:
    """Nobody registered anything yet: the scan cannot tell there is no printer in the neighbourhood."""
    text = _scan_text(slack, "UNIEUW", "CNIEUW")
    assert "Nog geen actief aanbod geregistreerd, dus de wijkscan kan niets toetsen" in text
    assert "❌" not in text and "Geen printer" not in text and "Nergens" not in text


def test_the_report_of_a_network_without_offers_says_there_is_nothing_to_scan(
    cli: CliRunner, db: Database, social_map: dict[str, int]
) -> None:
    with db.transaction() as session:
        create_network(session, team_id="T7", name="Lerend netwerk Kiel", coordinator_user_id="UKIEL",
                       channel_id="CKIEL", neighbourhood="Kiel")  # fmt: skip
    result = cli.invoke(main, ["rapport", "--team", "T7", *period_args()])
    assert result.exit_code == 0, result.output
    assert "## Wijkscan Digitaal Inclusieve Wijk: Kiel" in result.output
    assert "Nog geen actief aanbod geregistreerd, dus de wijkscan kan niets toetsen" in result.output
    assert "- ❌ Minstens één printer" not in result.output
