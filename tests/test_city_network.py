"""The city-wide network: its `/verwijs` also searches linked neighbourhoods and says where results come from."""

from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import select

from storage import catalog
from storage.db import Database
from storage.models import Network
from tests.conftest import COORDINATOR, install_team
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver
from tests.test_verwijs import result_names


def _cards(body: dict) -> str:
    return json.dumps(body["blocks"], ensure_ascii=False)


def _join_code(db: Database, name: str) -> str:
    with db.transaction() as session:
        code = session.scalars(select(Network.join_code).where(Network.name == name)).one()
        assert code
        return code


def test_city_verwijs_finds_linked_neighbourhood_offerings_and_says_where(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    slack.command("/netwerk", "nieuw Stad Antwerpen", user="USTAD", channel="CSTAD")
    slack.command("/netwerk", "code", user="USTAD", channel="CSTAD")
    code = _join_code(db, "Stad Antwerpen")
    assert "Laptop ontlenen" not in result_names(
        slack.command("/verwijs", "laptop lenen", user="USTAD", channel="CSTAD").get_json()
    )

    slack.command("/netwerk", f"koppel {code}", user=COORDINATOR, channel="C1")
    body = slack.command("/verwijs", "laptop lenen", user="USTAD", channel="CSTAD").get_json()
    assert result_names(body)[0] == "Laptop ontlenen"
    card = next(b for b in body["blocks"] if "Laptop ontlenen" in b.get("text", {}).get("text", ""))
    assert "📍 Lerend netwerk Borgerhout" in card["text"]["text"]
    own = slack.command("/verwijs", "laptop lenen", user="UBIB", channel="C1").get_json()
    assert "📍 Lerend netwerk Borgerhout" not in _cards(own)  # a neighbourhood searches only itself

    slack.command("/netwerk", "ontkoppel", user=COORDINATOR, channel="C1")
    after = slack.command("/verwijs", "laptop lenen", user="USTAD", channel="CSTAD").get_json()
    assert "Laptop ontlenen" not in result_names(after)


def test_a_neighbourhood_in_another_workspace_links_with_the_code(
    oauth_app: Flask, oauth_slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    install_team(oauth_app, fake_slack, "TA", "Stad Antwerpen")
    install_team(oauth_app, fake_slack, "TB", "Hoboken")
    with db.transaction() as session:
        hoboken = session.scalars(select(Network).where(Network.team_id == "TB")).one()
        bib = catalog.get_or_create_organisation(session, hoboken.id, "Bib Hoboken")
        catalog.add_offering(
            session,
            hoboken.id,
            bib,
            hsds_id="",
            name="Tablet ontlenen in Hoboken",
            description="Leen een tablet voor thuis.",
            categories=["toestel-en-internet"],
            area="Hoboken",
        )
        city = session.scalars(select(Network).where(Network.team_id == "TA")).one()
        city_offering = catalog.add_offering(
            session,
            city.id,
            catalog.get_or_create_organisation(session, city.id, "Digipunt Stad"),
            hsds_id="",
            name="Tablet-spreekuur in het stadhuis",
            description="Hulp met je tablet.",
            categories=["toestel-en-internet"],
            area=None,
        )
        assert city_offering.id

    oauth_slack.command("/netwerk", "code", team="TA", user="UINSTALLER")
    code = _join_code(db, "Stad Antwerpen")
    linked = oauth_slack.command("/netwerk", f"koppel {code}", team="TB", user="UINSTALLER").get_json()
    assert "is nu gekoppeld aan stadsnetwerk *Stad Antwerpen*" in linked["text"]

    city_view = oauth_slack.command("/netwerk", "", team="TA", user="UINSTALLER").get_json()
    assert "*Hoboken* _(andere werkruimte)_" in _cards(city_view)
    body = oauth_slack.command("/verwijs", "tablet lenen", team="TA", user="UINSTALLER").get_json()
    assert "Tablet ontlenen in Hoboken" in result_names(body) and "📍 Hoboken" in _cards(body)

    hoboken_search = oauth_slack.command("/verwijs", "tablet lenen", team="TB", user="UINSTALLER").get_json()
    assert "Tablet-spreekuur in het stadhuis" not in result_names(hoboken_search)
