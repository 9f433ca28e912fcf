"""Whom a person acts for (issue 10): several networks in one workspace, signed modal metadata, and
speaking for an organisation only once one of its members or the coordinator allows it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from plugin.config import Settings, load_settings
from plugin.modal_metadata import seal, unseal
from storage import catalog
from storage.db import Database
from storage.meeting_models import ActionItem, AgendaPoint
from storage.models import JoinRequest, Member, Network, Offering
from storage.networks import create_network
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import eventually, plan_meeting, posted_items, text_of
from tests.signed import KEY, metadata_of, network_of_view, signed_metadata
from tests.slack_driver import SlackDriver, plain_value, select_value
from tests.test_aanbod import form as offering_form

DEURNE = "Lerend netwerk Deurne"


@pytest.fixture
def two_networks(db: Database, social_map: dict[str, int]) -> dict[str, int]:
    """Borgerhout (C1, social map) and Deurne (C2, coordinator UD, UDKIEM speaks for its Kiem) in T1;
    UBOTH is a member of both. Returns network ids and Deurne's offering id."""
    with db.transaction() as session:
        deurne = create_network(session, team_id="T1", name=DEURNE, coordinator_user_id="UD", channel_id="C2")
        kiem = catalog.get_or_create_organisation(session, deurne.id, "Buurtwerk De Kiem Deurne")
        catalog.link_member(session, deurne, "UDKIEM", kiem)
        offering = catalog.add_offering(
            session, deurne.id, kiem, hsds_id="", name="Tabletcafé Deurne", description="Samen tablets leren.",
            categories=["basisvaardigheden"], languages=["nl"], location_kind="address", address="Kiemstraat 1",
        )  # fmt: skip
        borgerhout = session.scalars(select(Network.id).where(Network.channels.any(channel_id="C1"))).one()
        for network_id in (borgerhout, deurne.id):
            session.add(Member(network_id=network_id, user_id="UBOTH"))
        return {"borgerhout": borgerhout, "deurne": deurne.id, "tablet": offering.id}


def home_of(slack: SlackDriver, fake: FakeSlack, user: str) -> dict[str, Any]:
    before = len(fake.calls_to("views.publish"))
    slack.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    call = fake.wait_for("views.publish", before + 1)[-1]
    assert call.params["user_id"] == user
    return call.json("view")


def members_named(db: Database, user: str) -> list[int]:
    with db.transaction() as session:
        return list(session.scalars(select(Member.network_id).where(Member.user_id == user)))


def network_select(view: dict[str, Any]) -> dict[str, Any] | None:
    for block in view["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == "netwerk_kies":
                return element
    return None


# -- several networks in one workspace ---------------------------------------------------------------
def test_home_shows_only_the_persons_own_network_and_asks_which_one_when_several(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, two_networks: dict[str, int]
) -> None:
    deurne_home = home_of(slack, fake_slack, "UD")
    shown = text_of(deurne_home)
    assert DEURNE in shown and "Borgerhout" not in shown and network_select(deurne_home) is None
    assert network_of_view(deurne_home) == two_networks["deurne"]  # Home's buttons act in Deurne

    asked = home_of(slack, fake_slack, "UBOTH")  # a member of both, who has not chosen yet
    assert "meer dan één lerend netwerk" in text_of(asked) and "Trekker" not in text_of(asked)
    select_ = network_select(asked)
    assert select_ is not None and {o["text"]["text"] for o in select_["options"]} == {
        "Lerend netwerk Borgerhout",
        DEURNE,
    }
    slack.block_action(
        "netwerk_kies", user="UBOTH", view={"id": "VHOME", "type": "home"},
        selected_option={"value": str(two_networks["deurne"])},
    )  # fmt: skip
    chosen = fake_slack.wait_for("views.publish", 3)[-1].json("view")
    assert "Lerend Netwerk · Lerend netwerk Deurne" in text_of(chosen)
    assert network_select(chosen)["initial_option"]["value"] == str(two_networks["deurne"])  # type: ignore[index]
    assert DEURNE in text_of(home_of(slack, fake_slack, "UBOTH"))  # remembered

    with db.transaction() as session:
        elsewhere = create_network(session, team_id="T1", name="Lerend netwerk Hoboken", coordinator_user_id="UH")
        hoboken = elsewhere.id
    for count, forged in enumerate(("²", "9" * 30, "abc"), start=5):
        answered = slack.block_action("netwerk_kies", user="UBOTH", view={"id": "VHOME", "type": "home"},
                                      selected_option={"value": forged})  # fmt: skip
        assert answered.status_code == 200
        shown = fake_slack.wait_for("views.publish", count)[-1].json("view")
        assert "Je bent geen lid van dat netwerk" in text_of(shown)
    slack.block_action(
        "netwerk_kies", user="UBOTH", view={"id": "VHOME", "type": "home"}, selected_option={"value": str(hoboken)}
    )
    refused = fake_slack.wait_for("views.publish", 8)[-1].json("view")
    assert "Je bent geen lid van dat netwerk" in text_of(refused) and "Hoboken" not in text_of(refused)
    assert hoboken not in members_named(db, "UBOTH")

    nobody = home_of(slack, fake_slack, "UNOBODY")
    assert "nog geen lid" in text_of(nobody) and "<#C1>" in text_of(nobody) and "<#C2>" in text_of(nobody)
    assert members_named(db, "UNOBODY") == []


def test_dm_commands_use_the_persons_network_ask_when_several_and_never_make_members(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, two_networks: dict[str, int]
) -> None:
    listing = slack.command("/aanbod", "lijst", user="UD", channel="DUD").get_json()
    assert "Tabletcafé Deurne" in text_of(listing) and "Laptop ontlenen" not in text_of(listing)
    kennis = slack.command("/kennis", "lijst", user="UD", channel="DUD").get_json()
    assert DEURNE in kennis["text"]

    stranger = slack.command("/aanbod", "lijst", user="UNOBODY", channel="DUNOBODY").get_json()
    assert "nog geen lid van een lerend netwerk" in stranger["text"] and "Laptop" not in text_of(stranger)
    for command in ("/verwijs laptop", "/hiaten", "/netwerk", "/kennis lijst"):
        name, _, text = command.partition(" ")
        reply = slack.command(name, text, user="UNOBODY", channel="DUNOBODY").get_json()
        assert "nog geen lid" in reply["text"], command
    assert members_named(db, "UNOBODY") == []

    asked = slack.command("/aanbod", "lijst", user="UBOTH", channel="DUBOTH").get_json()
    buttons = {e["text"]["text"]: e["value"] for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert set(buttons) == {"Lerend netwerk Borgerhout", DEURNE}
    slack.block_action("netwerk_kies", buttons[DEURNE], user="UBOTH", channel="DUBOTH")
    assert "Je werkt nu in *Lerend netwerk Deurne*" in fake_slack.wait_for("response_url")[0].params["text"]
    listing = slack.command("/aanbod", "lijst", user="UBOTH", channel="DUBOTH").get_json()
    assert "Tabletcafé Deurne" in text_of(listing) and "Laptop ontlenen" not in text_of(listing)
    in_channel = slack.command("/aanbod", "lijst", user="UBOTH", channel="C1").get_json()  # a channel decides
    assert "Laptop ontlenen" in text_of(in_channel) and "Tabletcafé" not in text_of(in_channel)


def test_klaar_on_home_and_punt_toevoegen_work_in_the_second_network(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, two_networks: dict[str, int]
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db, user="UD", channel="C2", title="Overleg Deurne")
    slack.command("/actie", "Zaal boeken <@UD>", user="UD", channel="C2")
    [item] = posted_items(db, 1)
    home = home_of(slack, fake_slack, "UD")
    klaar = next(
        e for b in home["blocks"] if b.get("accessory") for e in [b["accessory"]] if e["action_id"] == "actie_klaar"
    )
    slack.block_action("actie_klaar", klaar["value"], user="UD", view={"id": "VHOME", **home})
    eventually(lambda: [i for i in _items(db) if i.id == item.id and i.done_at is not None])

    slack.block_action("agenda_punt_open", str(meeting.id), user="UD", channel="C2")
    view = fake_slack.wait_for("views.open", 2)[-1].json("view")
    assert network_of_view(view) == two_networks["deurne"] and metadata_of(view) == {"meeting": meeting.id}
    response = slack.view_submission(
        "agenda_punt", {"point": {"value": plain_value("Digiweek Deurne")}}, private_metadata=view["private_metadata"],
        user="UD",
    )  # fmt: skip
    assert response.status_code == 200 and not response.data, response.data
    with db.transaction() as session:
        points = session.scalars(select(AgendaPoint.text).where(AgendaPoint.meeting_id == meeting.id)).all()
    assert "Digiweek Deurne" in points


def _items(db: Database) -> list[ActionItem]:
    with db.transaction() as session:
        return list(session.scalars(select(ActionItem)))


# -- signed metadata ---------------------------------------------------------------------------------
def test_a_submission_whose_metadata_does_not_verify_is_refused_and_saves_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, two_networks: dict[str, int]
) -> None:
    slack.command("/aanbod", "", user="UBIB", channel="C1")
    view = fake_slack.wait_for("views.open")[0].json("view")
    genuine = view["private_metadata"]
    payload, mac = genuine.rsplit(".", 1)
    to_deurne = payload.replace(f'"n":{two_networks["borgerhout"]}', f'"n":{two_networks["deurne"]}')
    forgeries = {
        "plain JSON": json.dumps({"offering": None, "channel": "C2"}),
        "another network, same signature": f"{to_deurne}.{mac}",
        "another key": seal(
            b"not-our-key",
            team_id="T1",
            callback_id="aanbod_save",
            network_id=two_networks["deurne"],
            data={"offering": None},
        ),  # fmt: skip
        "another form's metadata": signed_metadata("kennis_save", {"offering": None}),
        "another workspace": signed_metadata("aanbod_save", {"offering": None}, team_id="T2"),
        "empty": "",
        "garbage": "x" * 5000,
        "not ascii": f"{payload}.{'é' * len(mac)}",
        "not an object": f"[1].{mac}",
        "a JSON list, unsigned": "[1]",
    }
    values = offering_form(organisation=select_value(None), new_organisation=plain_value("Bibliotheek Borgerhout"))
    for what, forged in forgeries.items():
        refused = slack.view_submission("aanbod_save", values, private_metadata=forged, user="UBIB").get_json()
        assert refused["response_action"] == "update", what
        assert "Er is niets bewaard" in text_of(refused["view"]), what
    with db.transaction() as session:
        assert session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).all() == []
    saved = slack.view_submission("aanbod_save", values, private_metadata=genuine, user="UBIB")
    assert saved.status_code == 200 and not saved.data, saved.data
    with db.transaction() as session:
        [offering] = session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).all()
        assert offering.network_id == two_networks["borgerhout"]


def test_the_metadata_key_comes_from_the_configuration_or_from_the_signing_secret() -> None:
    derived = load_settings({"SLACK_SIGNING_SECRET": "s1"})
    assert derived.metadata_key is None and derived.metadata_signing_key != b"s1"
    assert load_settings({"SLACK_SIGNING_SECRET": "s2"}).metadata_signing_key != derived.metadata_signing_key
    explicit = load_settings({"SLACK_SIGNING_SECRET": "s1", "LEREND_NETWERK_METADATA_KEY": "k" * 32})
    assert explicit.metadata_signing_key == b"k" * 32
    sealed = seal(explicit.metadata_signing_key, team_id="T1", callback_id="x", network_id=3, data={"a": 1})
    assert unseal(explicit.metadata_signing_key, sealed, team_id="T1", callback_id="x").data == {"a": 1}  # type: ignore[union-attr]
    assert unseal(derived.metadata_signing_key, sealed, team_id="T1", callback_id="x") is None
    assert unseal(KEY, sealed, team_id="T1", callback_id="x") is None


# -- speaking for an organisation --------------------------------------------------------------------
def questions(fake: FakeSlack, approver: str, requester: str) -> list[Call]:
    return [
        c for c in fake.calls_to("chat.postMessage")
        if c.params.get("channel") == approver and c.params.get("text", "").startswith(f"<@{requester}> wil voor")
    ]  # fmt: skip


def request_id_in(call: Call) -> str:
    return next(
        e["value"] for b in call.json("blocks") if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == "organisatie_toestaan"
    )  # fmt: skip


def told(fake: FakeSlack, user: str, text: str) -> list[Call]:
    return [
        c for c in fake.calls_to("chat.postMessage") if c.params.get("channel") == user and text in c.params["text"]
    ]


def speaks_for(db: Database, user: str) -> str | None:
    with db.transaction() as session:
        network_id = session.scalars(select(Network.id).where(Network.name == "Lerend netwerk Borgerhout")).one()
        organisation = catalog.organisation_of_member(session, network_id, user)
        return organisation.name if organisation else None


def test_joining_an_organisation_with_members_takes_a_yes_from_a_member_or_the_coordinator(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    reply = slack.command("/netwerk", "organisatie Bibliotheek Borgerhout", user="UNEW").get_json()["text"]
    assert "heeft al leden" in reply and speaks_for(db, "UNEW") is None
    to_bib = eventually(lambda: questions(fake_slack, "UBIB", "UNEW"))[0]
    to_coordinator = eventually(lambda: questions(fake_slack, COORDINATOR, "UNEW"))[0]
    assert questions(fake_slack, "UCAW", "UNEW") == []  # another organisation's member is not asked
    request = request_id_in(to_bib)
    assert request_id_in(to_coordinator) == request

    slack.block_action("aanbod_toggle", str(social_map["laptop"]), user="UNEW")  # not its member yet
    assert "Alleen de leden" in fake_slack.wait_for("response_url", 1)[-1].params["text"]
    again = slack.command("/netwerk", "organisatie Bibliotheek Borgerhout", user="UNEW").get_json()["text"]
    assert "loopt nog" in again and len(questions(fake_slack, "UBIB", "UNEW")) == 1  # nobody asked twice

    slack.block_action("organisatie_toestaan", request, user="UCAW", channel="DUCAW")  # the wrong person
    assert (
        "Alleen de leden van de organisatie en de trekker" in fake_slack.wait_for("response_url", 2)[-1].params["text"]
    )
    assert speaks_for(db, "UNEW") is None

    slack.block_action("organisatie_weigeren", request, user="UBIB", channel="DUBIB")
    assert "Geweigerd" in fake_slack.wait_for("response_url", 3)[-1].params["text"]
    assert told(fake_slack, "UNEW", "weigerde je vraag") and speaks_for(db, "UNEW") is None
    slack.block_action("organisatie_toestaan", request, user=COORDINATOR, channel="DUTREKKER")  # too late
    late = fake_slack.wait_for("response_url", 4)[-1].params["text"]
    assert "al beantwoord" in late and "<@UBIB> heeft ze geweigerd" in late and speaks_for(db, "UNEW") is None

    slack.command("/netwerk", "organisatie Bibliotheek Borgerhout", user="UNEW")  # asking again asks again
    second = eventually(
        lambda: len(questions(fake_slack, COORDINATOR, "UNEW")) == 2 and questions(fake_slack, COORDINATOR, "UNEW")
    )
    slack.block_action("organisatie_toestaan", request_id_in(second[-1]), user=COORDINATOR, channel="DUTREKKER")
    assert "Toegestaan" in fake_slack.wait_for("response_url", 5)[-1].params["text"]
    assert told(fake_slack, "UNEW", "gaf je toegang") and speaks_for(db, "UNEW") == "Bibliotheek Borgerhout"
    slack.block_action("aanbod_toggle", str(social_map["laptop"]), user="UNEW")  # now it may
    assert "gepauzeerd" in fake_slack.wait_for("response_url", 6)[-1].params["text"]


def test_the_first_member_and_the_coordinator_need_no_yes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    first = slack.command("/netwerk", "organisatie Buurtwerk De Kiem", user="UKIEM").get_json()["text"]
    assert "Je spreekt nu voor *Buurtwerk De Kiem* (nieuw in het netwerk)" in first
    coordinator = slack.command("/netwerk", "organisatie CAW onthaal", user=COORDINATOR).get_json()["text"]
    assert "Je spreekt nu voor *CAW onthaal*" in coordinator
    assert speaks_for(db, "UKIEM") == "Buurtwerk De Kiem" and speaks_for(db, COORDINATOR) == "CAW onthaal"
    with db.transaction() as session:
        assert session.scalars(select(JoinRequest)).all() == []


def test_two_answers_at_once_have_one_effect(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    slack.command("/netwerk", "organisatie CAW onthaal", user="UNEW")
    request = request_id_in(eventually(lambda: questions(fake_slack, "UCAW", "UNEW"))[0])
    clicks = [("organisatie_toestaan", "UCAW"), ("organisatie_weigeren", COORDINATOR)] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(lambda c: slack.block_action(c[0], request, user=c[1]).status_code, clicks))
    assert codes == [200] * 4
    answers = [c.params["text"] for c in fake_slack.wait_for("response_url", 4)]
    assert sum(a.startswith(("✅ Toegestaan", "❌ Geweigerd")) for a in answers) == 1
    assert sum("al beantwoord" in a for a in answers) == 3
    with db.transaction() as session:
        [row] = session.scalars(select(JoinRequest)).all()
    assert (speaks_for(db, "UNEW") == "CAW onthaal") == (row.status == "allowed")
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "UNEW"]) == 1


def test_the_aanbod_form_asks_too_and_keeps_what_was_typed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int], settings: Settings
) -> None:
    slack.command("/aanbod", "", user="UNEW")
    meta = fake_slack.wait_for("views.open")[0].json("view")["private_metadata"]
    with db.transaction() as session:
        bib = session.scalars(select(Offering.organisation_id).where(Offering.id == social_map["laptop"])).one()
    values = offering_form(organisation=select_value(str(bib)), new_organisation=plain_value(""))
    refused = slack.view_submission("aanbod_save", values, private_metadata=meta, user="UNEW").get_json()
    assert refused["response_action"] == "errors" and "heeft al leden" in refused["errors"]["organisation"]
    with db.transaction() as session:
        assert session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).all() == []
    question = eventually(lambda: questions(fake_slack, "UBIB", "UNEW"))[0]
    slack.block_action("organisatie_toestaan", request_id_in(question), user="UBIB", channel="DUBIB")
    eventually(lambda: told(fake_slack, "UNEW", "gaf je toegang"))
    saved = slack.view_submission("aanbod_save", values, private_metadata=meta, user="UNEW")
    assert saved.status_code == 200 and not saved.data, saved.data
    with db.transaction() as session:
        [offering] = session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).all()
        assert offering.organisation_id == bib


def test_a_dm_button_acts_in_the_network_it_is_about_even_when_another_was_chosen(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, two_networks: dict[str, int], settings: Settings
) -> None:
    from datetime import timedelta

    from plugin.jobs.stale_offerings import ask_to_confirm_stale_offerings
    from storage.base import utcnow

    with db.transaction() as session:
        deurne = session.get_one(Network, two_networks["deurne"])
        kiem = session.get_one(Offering, two_networks["tablet"]).organisation
        catalog.link_member(session, deurne, "UBOTH", kiem)
        session.get_one(Offering, two_networks["tablet"]).last_confirmed_at = utcnow() - timedelta(days=200)
    slack.command("/aanbod", "lijst", user="UBOTH", channel="DUBOTH")  # asked which network
    slack.block_action("netwerk_kies", str(two_networks["borgerhout"]), user="UBOTH", channel="DUBOTH")
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1
    dm = next(c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "UBOTH")
    [buttons] = [b for b in dm.json("blocks") if b["type"] == "actions"]
    slack.block_action(
        "aanbod_confirm", str(two_networks["tablet"]), user="UBOTH", channel="DUBOTH", block_id=buttons["block_id"]
    )
    reply = fake_slack.wait_for("response_url", 2)[-1].params["text"]
    assert "Tabletcafé Deurne* is bevestigd" in reply
    with db.transaction() as session:
        assert session.get_one(Offering, two_networks["tablet"]).last_confirmed_at > utcnow() - timedelta(minutes=5)
    slack.block_action(  # a network the person is no member of: the hint is not followed
        "aanbod_confirm", str(social_map_laptop(db)), user="UDKIEM", channel="DUDKIEM",
        block_id=buttons["block_id"].replace(f"@n{two_networks['deurne']}", f"@n{two_networks['borgerhout']}"),
    )  # fmt: skip
    assert "bestaat niet meer" in fake_slack.wait_for("response_url", 3)[-1].params["text"]


def social_map_laptop(db: Database) -> int:
    with db.transaction() as session:
        return session.scalars(select(Offering.id).where(Offering.name == "Laptop ontlenen")).one()
