"""Issue 11: `/verwijs` tells the truth — every example of the issue, on the demo network, through Slack.

The demo network (`plugin/demo/demo_network.json`, what `make run` loads) is imported with the
product's importer into the test database (SQLite or PostgreSQL) as team T1's network in Deurne.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from domain.hsds import parse_document
from plugin.demo import DEMO_FILE
from storage.db import Database
from storage.hsds_io import import_organisations
from storage.models import Offering
from storage.networks import create_network
from tests.slack_driver import SlackDriver

CARD = "verwijs_refer"


@pytest.fixture
def demo(db: Database) -> None:
    with db.transaction() as session:
        network = create_network(
            session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UTREKKER",
            channel_id="C1", neighbourhood="Deurne",
        )  # fmt: skip
        import_organisations(session, network, parse_document(json.loads(DEMO_FILE.read_text(encoding="utf-8"))))


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr("commands.verwijs.utcnow", lambda: moment)


def texts(body: dict[str, Any]) -> list[str]:
    out = []
    for block in body["blocks"]:
        if "text" in block and isinstance(block["text"], dict):
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            if isinstance(element, dict) and element.get("type") == "mrkdwn":
                out.append(element["text"])
    return out


def cards(body: dict[str, Any]) -> list[str]:
    return [
        b["text"]["text"].split("*")[1]
        for b in body["blocks"]
        if b["type"] == "section" and b.get("accessory", {}).get("action_id") == CARD
    ]


def ask(slack: SlackDriver, text: str) -> dict[str, Any]:
    return slack.command("/verwijs", text).get_json()


# Tuesday 1 December 2026, 04:25 in Brussels (03:25 UTC): nothing is open yet
EARLY_TUESDAY = datetime(2026, 12, 1, 3, 25, tzinfo=UTC)
# Wednesday 2 December 2026, 10:00 in Brussels
WEDNESDAY_MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


# -- written filters are filters ---------------------------------------------------------------------


def test_zondag_laptop_lenen_says_nothing_on_sunday_and_shows_other_days(
    slack: SlackDriver, demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, WEDNESDAY_MORNING)
    body = ask(slack, "zondag laptop lenen")
    shown = texts(body)
    assert shown[0] == "🤷 Niets op zondag voor “laptop lenen”."
    assert "*Wel op andere dagen:*" in shown
    assert cards(body)[0] == "Laptop of tablet lenen voor thuis"
    assert not any("Gefilterd" in t for t in shown)
    assert body["blocks"][-2]["elements"][0]["action_id"] == "verwijs_report_gap"


def test_only_a_filter_that_nothing_meets(slack: SlackDriver, demo: None) -> None:
    assert texts(ask(slack, "zondag"))[0] == "🤷 Niets op zondag in het netwerk."
    saturday = ask(slack, "zaterdag")
    assert "Gefilterd: op zaterdag" in texts(saturday)[0]
    services = _demo_services()
    assert cards(saturday) and all(any("SA" in s["byday"] for s in services[n]["schedules"]) for n in cards(saturday))


def test_tigrinya_is_a_filter_not_a_boost(slack: SlackDriver, demo: None) -> None:
    body = ask(slack, "in het Tigrinya hulp met gsm")
    shown = texts(body)
    assert shown[0] == "🤷 Niets in het Tigrinya voor “hulp met gsm”."
    assert cards(body) == []  # help in another language is no referral for this client
    assert not any("Gefilterd" in t for t in shown)


def test_nu_open_at_night_is_nothing_open_now(slack: SlackDriver, demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, EARLY_TUESDAY)
    body = ask(slack, "nu open belastingbrief")
    # there is no tax offer in the demo network at all: an honest gap, not "Gefilterd: nu open"
    assert cards(body) == []
    assert "geen aanbod" in texts(body)[0]
    body = ask(slack, "nu open hulp met formulieren")
    assert texts(body)[0] == "🤷 Niets nu open voor “hulp met formulieren”."
    assert "*Wel, maar nu niet open:*" in texts(body)


def test_filter_line_only_when_applied_and_every_card_meets_it(
    slack: SlackDriver, demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, WEDNESDAY_MORNING)
    plain = ask(slack, "laptop lenen")
    assert not any("Gefilterd" in t for t in texts(plain))
    body = ask(slack, "woensdag hulp met smartphone in het Arabisch")
    intro = texts(body)[0]
    assert "Gefilterd: op woensdag · in het Arabisch" in intro
    assert cards(body)  # and each of them is open on Wednesday and speaks Arabic:
    names = set(cards(body))
    demo_services = _demo_services()
    for name in names:
        service = demo_services[name]
        assert "ar" in service["languages"]
        assert any("WE" in s["byday"] for s in service["schedules"])


def _demo_services() -> dict[str, dict[str, Any]]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return {s["name"]: s for o in data["organizations"] for s in o["services"]}


# -- one concept, one answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["belastingbrief", "tax-on-web", "Tax-on-web", "tax on web", "taxonweb", "myminfin", "aangifte personenbelasting"],
)
def test_tax_words_all_get_the_same_answer(slack: SlackDriver, demo: None, query: str) -> None:
    # the demo network has no tax help: every wording of the concept gets the same honest gap
    body = ask(slack, query)
    assert cards(body) == []
    assert "geen aanbod" in texts(body)[0]


# -- honest gaps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "iemand om mijn lavabo te herstellen",
        "'; DROP TABLE offerings; --",
        "mijn gsm is kapot",
        "tolk gebarentaal",
        "programmeren voor tieners",
        "3D printen",
        "een loodgieter",
        "hulp",
        "iemand die een vraag heeft",
        "les",
    ],
)
def test_noise_becomes_an_honest_gap(slack: SlackDriver, demo: None, query: str) -> None:
    body = ask(slack, query)
    assert cards(body) == [], query
    assert texts(body)[0].startswith(("🤷 Ik vond in het netwerk geen aanbod", "🤷 Niets ")), query


def test_cv_maken_lists_no_homework_class(slack: SlackDriver, demo: None) -> None:
    names = cards(ask(slack, "cv maken"))
    assert names[0] == "Jobclub voor jongeren: cv, vacatures en je eerste sollicitatie"
    assert "Huiswerkklas met laptops" not in names


def test_itsme_in_borgerhout_lists_no_housing_registration(slack: SlackDriver, demo: None) -> None:
    names = cards(ask(slack, "in Borgerhout hulp met itsme"))
    assert "Hulp bij je inschrijving voor een sociale woning" not in names
    assert "Digihulp aan huis" in names  # city-wide, and about itsme among other things


# -- unknown is unknown ----------------------------------------------------------------------------------


def test_imported_offer_without_access_route_is_not_walk_in(slack: SlackDriver, demo: None, db: Database) -> None:
    with db.transaction() as session:
        silent = session.scalars(select(Offering).where(Offering.name == "Nederlands oefenen op de computer")).one()
        assert silent.access is None  # neither the application process nor a sign-up route says how you get in
        by_phone = session.scalars(select(Offering).where(Offering.name == "Digihulp aan huis")).one()
        assert by_phone.access == "appointment"  # "Op afspraak; bel het dienstencentrum."
    body = ask(slack, "nederlands oefenen op de computer")
    card = next(t for t in texts(body) if "Nederlands oefenen op de computer" in t)
    assert "toegang: vraag na" in card
    assert "Vrij binnenlopen" not in card


def test_imported_sign_up_walk_in_is_the_access_route(slack: SlackDriver, demo: None, db: Database) -> None:
    """The file's sign-up route "binnenlopen" (and no application process) makes the offer walk-in: the
    card never says "toegang: vraag na" beside "Aanmelden: gewoon binnenlopen"."""
    with db.transaction() as session:
        bib = session.scalars(select(Offering).where(Offering.name == "Pc's, wifi en printen in de bib")).one()
        assert bib.access == "walk_in"
    body = ask(slack, "iets afdrukken")
    card = next(t for t in texts(body) if "Pc's, wifi en printen in de bib" in t)
    assert "Aanmelden: gewoon binnenlopen" in card
    assert "toegang: vraag na" not in card


def test_a_network_without_any_offer_says_so_instead_of_other_words(slack: SlackDriver, db: Database) -> None:
    """A new network (its first request made it): no other words would find anything, so none are suggested."""
    body = ask(slack, "laptop lenen")
    assert cards(body) == []
    first = texts(body)[0]
    assert first.startswith("🤷 Er staat nog geen aanbod in dit netwerk") and "`/aanbod`" in first
    assert "andere woorden" not in json.dumps(body, ensure_ascii=False)
    assert "verwijs_report_gap" in json.dumps(body)  # the need can still be reported


def test_a_card_gives_the_opening_the_question_asked_for(
    slack: SlackDriver, demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open on Monday, Wednesday and Friday mornings and on Tuesday afternoon: asked for a Tuesday
    afternoon, the card says Tuesday afternoon, not that it is open now (on Wednesday morning)."""
    at(monkeypatch, WEDNESDAY_MORNING)
    name = "Hulp bij brieven, facturen en online formulieren"
    plain = [t for t in texts(ask(slack, "hulp bij brieven en facturen")) if name in t]
    assert plain and "🕒 nu open tot 12:00" in plain[0]
    body = ask(slack, "hulp bij brieven en facturen op dinsdagnamiddag")
    assert "Gefilterd: op dinsdag · tussen 12:00 en 18:00" in texts(body)[0]
    card = next(t for t in texts(body) if name in t)
    assert "🕒 dinsdag 8 december 13:00–16:00" in card and "nu open" not in card


def test_an_appointment_only_card_never_says_also_by_appointment(
    slack: SlackDriver, demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, WEDNESDAY_MORNING)
    card = next(t for t in texts(ask(slack, "eID pincode kwijt")) if "eID-codes, kaartlezer en itsme" in t)
    assert "Op afspraak" in card  # how to get in: only by appointment
    assert "ook op afspraak" not in card  # so the hours are not also for walking in
    assert "🕒 op afspraak, " in card


def test_gratis_and_zonder_afspraak_are_said_not_to_be_filters(slack: SlackDriver, demo: None) -> None:
    """They rank, they do not filter: the answer says so, so nobody reads every card as free and walk-in."""
    intro = texts(ask(slack, "gratis computerles zonder afspraak"))[0]
    assert "Niet gefilterd op “gratis” en “zonder afspraak”: kijk bij elk aanbod naar de kostprijs" in intro
    assert "Niet gefilterd" not in texts(ask(slack, "computerles"))[0]
    assert "Niet gefilterd op “gratis”:" in texts(ask(slack, "Kosteloos hulp met de computer"))[0]
