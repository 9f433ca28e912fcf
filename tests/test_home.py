"""The App Home tab: the person's organisation's offerings, the top gaps, and the three buttons."""

from __future__ import annotations

from datetime import timedelta

from storage import catalog, signals
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Offering
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver

HOME = {"type": "app_home_opened", "user": "UBIB", "channel": "DUBIB", "tab": "home"}


def published(fake_slack: FakeSlack) -> dict:
    call = fake_slack.wait_for("views.publish")[-1]
    assert call.params["user_id"] == "UBIB"
    return call.json("view")


def texts(view: dict) -> str:
    """All text a person sees on the tab, buttons included."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(view["blocks"])
    return "\n".join(found)


def test_home_shows_own_offerings_gaps_and_buttons(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    with db.transaction() as session:
        session.get(Offering, social_map["laptop"]).last_confirmed_at = utcnow() - timedelta(days=200)
        network = session.query(Network).filter_by(team_id="T1").one()
        for _ in range(3):
            signals.record_need(
                session,
                network.id,
                user_id="UCAW",
                description="Geen idee hoe ze een cv online zetten",
                category="werk-en-solliciteren",
                frequency="wekelijks",
                organisation_id=None,
            )
    slack.event(HOME)
    view = published(fake_slack)
    shown = texts(view)
    assert "Aanbod van Bibliotheek Borgerhout" in shown
    assert "Laptop ontlenen" in shown and "mogelijk verouderd" in shown
    assert "Hulp bij itsme" not in shown  # the CAW's offering, not the library's
    assert "Werk en solliciteren" in shown
    buttons = [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["aanbod_open", "nood_open", "verwijs_zoek_open", "kennis_open"]
    confirm = [b["accessory"]["action_id"] for b in view["blocks"] if b.get("accessory")]
    assert confirm == ["aanbod_confirm", "aanbod_confirm"]


def test_home_stays_within_100_blocks_for_a_large_organisation(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    from storage import catalog

    with db.transaction() as session:
        laptop = session.get(Offering, social_map["laptop"])
        for i in range(150):
            catalog.add_offering(
                session,
                laptop.network_id,
                laptop.organisation,
                hsds_id="",
                name=f"Aanbod {i}",
                categories=["basisvaardigheden"],
            )
    slack.event(HOME)
    view = published(fake_slack)
    assert len(view["blocks"]) <= 100
    assert "`/aanbod mijn` toont ze allemaal" in texts(view)


def test_home_buttons_open_the_forms(slack: SlackDriver, fake_slack: FakeSlack, social_map) -> None:
    home = {"id": "VHOME", "type": "home"}
    for action, callback in (
        ("aanbod_open", "aanbod_save"),
        ("nood_open", "nood_save"),
        ("verwijs_zoek_open", "verwijs_zoek"),
        ("kennis_open", "kennis_save"),
    ):
        slack.block_action(action, user="UBIB", view=home)
        assert fake_slack.wait_for("views.open")[-1].json("view")["callback_id"] == callback
        fake_slack.reset()


def test_home_shows_next_meeting_and_open_items_and_klaar_closes_one(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    from storage import action_items, meetings

    with db.transaction() as session:
        network = session.query(Network).filter_by(team_id="T1").one()
        meeting = meetings.create_meeting(
            session,
            network.id,
            channel_id="C1",
            title="Overleg december",
            starts_at=utcnow() + timedelta(days=5),
            location="Bib Borgerhout",
            created_by="UTREKKER",
            points=["Digiweek"],
        )
        meetings.set_meeting_ts(session, network.id, meeting.id, "1700000000.000100")
        item = action_items.create_action_item(
            session,
            network.id,
            meeting,
            text="Flyer rondsturen",
            owner="UBIB",
            due=(utcnow() + timedelta(days=3)).date(),
            created_by="UTREKKER",
        )
        action_items.set_item_ts(session, network.id, item.id, "1700000000.000200")
        item_id = item.id
    slack.event(HOME)
    shown = texts(published(fake_slack))
    assert "Overleg december" in shown and "Flyer rondsturen" in shown
    slack.block_action("actie_klaar", str(item_id), user="UBIB", view={"id": "VHOME", "type": "home"})
    update = fake_slack.wait_for("chat.update")[0]
    assert update.params["ts"] == "1700000000.000200" and "afgerond door <@UBIB>" in str(update.json("blocks"))
    assert "Je hebt geen open actiepunten" in texts(published(fake_slack))


def test_no_gap_on_home_says_why_never_that_nothing_was_reported(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    def gaps_note() -> str:
        slack.event(HOME)
        shown = texts(published(fake_slack))
        return shown[shown.index("Grootste hiaten") :]

    assert "Nog geen nood gemeld." in gaps_note()  # nothing at all in the last 90 days
    with db.transaction() as session:
        network = session.query(Network).filter_by(team_id="T1").one()
        catalog.record_unmet_question(session, network.id, user_id="UCAW", query="loodgieter", categories=[])
    note = gaps_note()
    assert "Nog geen nood in een categorie. 1 melding zonder categorie telt nog niet mee" in note
    assert "Nog geen nood gemeld" not in note  # a question was reported
    with db.transaction() as session:  # a rare need where the library lends laptops two days a week: met
        signals.record_need(
            session, network.id, user_id="UCAW", description="laptop nodig", category="toestel-en-internet",
            frequency="zelden",
        )  # fmt: skip
    note = gaps_note()
    assert "Geen tekort: in elke categorie is er minstens zoveel aanbod als nood." in note
    assert "1 melding zonder categorie telt nog niet mee" in note and "Nog geen nood" not in note
