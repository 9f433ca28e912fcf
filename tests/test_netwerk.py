"""`/netwerk`: the overview, organisatie, trekker, nieuw, code, koppel, ontkoppel, and refusals."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain.dates_nl import format_datetime_nl
from storage import catalog
from storage.base import utcnow
from storage.db import Database
from storage.meetings import create_meeting
from storage.models import Member, Network, NetworkChannel, Offering, Organisation
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import eventually
from tests.slack_driver import SlackDriver

BORGERHOUT = "Lerend netwerk Borgerhout"


def said(slack: SlackDriver, text: str, *, user: str = "UBIB", channel: str = "C1", team: str | None = None) -> str:
    """What the person sees: the ephemeral reply's text and blocks, as one string."""
    response = slack.command("/netwerk", text, user=user, channel=channel, team=team)
    assert response.status_code == 200
    body: dict[str, Any] = response.get_json()
    assert body["response_type"] == "ephemeral", body
    assert "Sorry" not in body["text"], body
    return body["text"] + "\n" + json.dumps(body.get("blocks", []), ensure_ascii=False)


def network_row(db: Database, name: str) -> Network:
    with db.transaction() as session:
        return session.scalars(select(Network).where(Network.name == name)).one()


def organisation_of(db: Database, user_id: str, network_name: str = BORGERHOUT) -> str | None:
    with db.transaction() as session:
        net = session.scalars(select(Network).where(Network.name == network_name)).one()
        org = catalog.organisation_of_member(session, net.id, user_id)
        return org.name if org else None


def test_overview_shows_organisations_with_offerings_coordinator_and_city_link(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    with db.transaction() as session:
        catalog.set_status(session, session.get_one(Offering, social_map["digicafe"]), "paused")
    shown = said(slack, "")
    assert BORGERHOUT in shown
    assert "Bibliotheek Borgerhout — 2 aanbiedingen (1 gepauzeerd)" in shown
    assert "CAW onthaal — 1 aanbieding" in shown and "Digipunt Stad — 1 aanbieding" in shown
    assert f"Trekker: <@{COORDINATOR}>" in shown and "3 leden" in shown
    assert "Jij spreekt voor *Bibliotheek Borgerhout*" in shown
    assert "Niet gekoppeld aan een stadsnetwerk" in shown
    assert "Volgend overleg" not in shown  # no meetings yet

    stranger = said(slack, "", user="UNIEUW")
    assert "nog niet aan een organisatie gekoppeld" in stranger and "4 leden" in stranger


def test_overview_shows_the_next_meeting(slack: SlackDriver, db: Database, social_map: dict[str, int]) -> None:
    now = utcnow().replace(microsecond=0)
    with db.transaction() as session:
        network_id = session.scalars(select(Network.id)).one()
        for title, starts_at in (
            ("Overleg november", now - timedelta(days=7)),
            ("Overleg december", now + timedelta(days=7)),
        ):
            create_meeting(
                session,
                network_id,
                channel_id="C1",
                title=title,
                starts_at=starts_at,
                location="Bib Borgerhout, zaal 2",
                created_by=COORDINATOR,
                points=[],
            )
    shown = said(slack, "")
    when = format_datetime_nl(now + timedelta(days=7))
    assert f"Volgend overleg: *Overleg december*, {when} · Bib Borgerhout, zaal 2" in shown
    assert "Overleg november" not in shown


def allow_request(slack: SlackDriver, fake: FakeSlack, approver: str, requester: str, organisation: str) -> None:
    """The approver clicks *Toestaan* in the question the app sent them about this requester."""
    asking = f"<@{requester}> wil voor {organisation} spreken"

    def questions() -> list:
        return [c for c in fake.calls_to("chat.postMessage")
                if c.params.get("channel") == approver and c.params.get("text", "").startswith(asking)]  # fmt: skip

    question = eventually(questions)[-1]
    request_id = next(
        e["value"] for b in question.json("blocks") if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == "organisatie_toestaan"
    )  # fmt: skip
    slack.block_action("organisatie_toestaan", request_id, user=approver, channel=f"D{approver}")


def test_organisatie_links_you_creating_it_if_needed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    assert "`/netwerk organisatie Bibliotheek Deurne`" in said(slack, "organisatie", user="UNIEUW")

    reply = said(slack, "organisatie  Buurtwerk   De Kiem ", user="UNIEUW")
    assert "Je spreekt nu voor *Buurtwerk De Kiem* (nieuw in het netwerk)" in reply
    assert organisation_of(db, "UNIEUW") == "Buurtwerk De Kiem"

    reply = said(slack, "organisatie caw ONTHAAL", user="UNIEUW")  # an existing one, in other capitals
    assert "*CAW onthaal* heeft al leden" in reply  # its member or the coordinator must allow it first
    assert organisation_of(db, "UNIEUW") == "Buurtwerk De Kiem"
    allow_request(slack, fake_slack, "UCAW", "UNIEUW", "CAW onthaal")
    assert organisation_of(db, "UNIEUW") == "CAW onthaal"
    assert "Je spreekt al voor *CAW onthaal*" in said(slack, "organisatie CAW onthaal", user="UNIEUW")
    assert "Je spreekt voor *CAW onthaal*" in said(slack, "organisatie", user="UNIEUW")

    said(slack, "organisatie Bib &amp; Co", user="UCO")  # Slack escapes & < > in command text
    assert organisation_of(db, "UCO") == "Bib & Co"

    assert "gewone tekst" in said(slack, "organisatie <@UCAW|caw>", user="UCO")
    assert "te lang" in said(slack, "organisatie " + "x" * 201, user="UCO")
    near = said(slack, "organisatie bibliotheek-Borgerhout", user="UCO")  # the same name, written otherwise
    assert "*Bibliotheek Borgerhout* heeft al leden" in near
    allow_request(slack, fake_slack, COORDINATOR, "UCO", "Bibliotheek Borgerhout")
    assert organisation_of(db, "UCO") == "Bibliotheek Borgerhout"
    with db.transaction() as session:
        names = session.scalars(select(Organisation.name).order_by(Organisation.id)).all()
        assert names == ["Bibliotheek Borgerhout", "CAW onthaal", "Digipunt Stad", "Buurtwerk De Kiem", "Bib & Co"]


def test_trekker_hands_over_the_role_and_tells_the_new_coordinator(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    assert "Noem de nieuwe trekker met @" in said(slack, "trekker An", user=COORDINATOR)
    refused = said(slack, "trekker <@UBIB|bib>", user="UCAW")
    assert "Alleen de trekker" in refused and "beheerder van de werkruimte" in refused
    assert network_row(db, BORGERHOUT).coordinator_user_id == COORDINATOR

    reply = said(slack, "trekker <@UBIB|bib>", user=COORDINATOR)
    assert "<@UBIB> is nu de trekker" in reply
    assert network_row(db, BORGERHOUT).coordinator_user_id == "UBIB"
    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == "UBIB" and f"<@{COORDINATOR}> gaf jou de rol van trekker" in dm.params["text"]

    assert "Alleen de trekker" in said(slack, "trekker <@UCAW>", user=COORDINATOR)  # no longer the coordinator
    assert "is al de trekker" in said(slack, "trekker <@UBIB>", user="UBIB")


def test_a_workspace_admin_may_hand_over_the_role_but_never_to_a_bot(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    admin = {"id": "UADMIN", "name": "admin", "is_admin": True, "is_bot": False, "team_id": "T1"}
    fake_slack.answer("users.info", {"ok": True, "user": admin})
    assert "is nu de trekker" in said(slack, "trekker <@UCAW>", user="UADMIN")
    assert network_row(db, BORGERHOUT).coordinator_user_id == "UCAW"
    asked = [call.params["user"] for call in fake_slack.calls_to("users.info")]
    assert asked == ["UADMIN", "UCAW"]

    fake_slack.answer("users.info", {"ok": True, "user": {"id": "UBOT", "is_bot": True, "is_admin": False}})
    assert "Een bot kan geen trekker zijn" in said(slack, "trekker <@UBOT>", user="UCAW")
    fake_slack.fail("users.info", "user_not_found")
    assert "niet als actieve gebruiker" in said(slack, "trekker <@UGONE>", user="UCAW")
    assert network_row(db, BORGERHOUT).coordinator_user_id == "UCAW"


def test_nieuw_starts_a_network_in_a_free_channel_and_only_the_coordinator_gives_away_a_bound_one(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    reply = said(slack, "nieuw Lerend netwerk Deurne", user="UDEURNE", channel="C2")
    assert "Netwerk *Lerend netwerk Deurne* is gestart in dit kanaal, met jou als trekker" in reply
    deurne = network_row(db, "Lerend netwerk Deurne")
    assert (deurne.team_id, deurne.coordinator_user_id, deurne.announce_channel_id) == ("T1", "UDEURNE", "C2")
    shown = said(slack, "", user="UDEURNE", channel="C2")
    assert "Lerend netwerk Deurne" in shown and "Trekker: <@UDEURNE>" in shown and BORGERHOUT not in shown

    assert "al een netwerk" in said(slack, "nieuw lerend netwerk deurne", user="UX", channel="C3")
    assert "niet in een privébericht" in said(slack, "nieuw Hoboken", user="UX", channel="D123")
    assert "Geef het nieuwe netwerk een naam" in said(slack, "nieuw", user="UX", channel="C3")
    refused = said(slack, "nieuw Lerend netwerk Hoboken", user="UBIB", channel="C1")
    assert f"Dit kanaal hoort bij *{BORGERHOUT}*" in refused and f"<@{COORDINATOR}>" in refused

    moved = said(slack, "nieuw Lerend netwerk Borgerhout-Noord", user=COORDINATOR, channel="C1")
    assert f"Dit kanaal hoorde bij {BORGERHOUT}" in moved
    with db.transaction() as session:
        bindings = dict(session.execute(select(NetworkChannel.channel_id, Network.name).join(Network)).all())
        assert bindings == {"C1": "Lerend netwerk Borgerhout-Noord", "C2": "Lerend netwerk Deurne"}
        old = session.scalars(select(Network).where(Network.name == BORGERHOUT)).one()
        assert old.announce_channel_id is None  # its announcements no longer land in C1
        noord = select(Member.user_id).join(Network).where(Network.name == "Lerend netwerk Borgerhout-Noord")
        assert session.scalars(noord).all() == [COORDINATOR]


def test_code_makes_a_city_network_and_koppel_links_a_neighbourhood_to_it(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    said(slack, "nieuw Stad Antwerpen", user="USTAD", channel="CSTAD")
    assert "Alleen de trekker van *Stad Antwerpen*" in said(slack, "code", user="UBIB", channel="CSTAD")
    reply = said(slack, "code", user="USTAD", channel="CSTAD")
    city = network_row(db, "Stad Antwerpen")
    assert city.is_city_wide and city.join_code and f"Deelcode: `{city.join_code}`" in reply
    assert f"`{city.join_code}`" in said(slack, "code", user="USTAD", channel="CSTAD")  # the same code again
    code = city.join_code

    assert "Alleen de trekker" in said(slack, f"koppel {code}", user="UBIB")
    assert "Geen stadsnetwerk gevonden met code `fout-code`" in said(slack, "koppel fout-code", user=COORDINATOR)
    assert "Geen stadsnetwerk gevonden" in said(slack, f"koppel {code.swapcase()}", user=COORDINATOR)
    assert "Geef de code van het stadsnetwerk" in said(slack, "koppel", user=COORDINATOR)
    assert "niet aan zichzelf" in said(slack, f"koppel {code}", user="USTAD", channel="CSTAD")

    linked = said(slack, f"koppel `{code}`", user=COORDINATOR)  # as copied from the code message
    assert f"*{BORGERHOUT}* is nu gekoppeld aan stadsnetwerk *Stad Antwerpen*" in linked
    assert network_row(db, BORGERHOUT).city_network_id == city.id
    assert "is al gekoppeld" in said(slack, f"koppel {code}", user=COORDINATOR)

    neighbourhood_view = said(slack, "", user="UBIB")
    assert "Gekoppeld aan stadsnetwerk *Stad Antwerpen*" in neighbourhood_view
    city_view = said(slack, "", user="USTAD", channel="CSTAD")
    assert f"1 gekoppeld wijknetwerk: *{BORGERHOUT}*" in city_view and code in city_view
    assert code not in said(slack, "", user="UBIB", channel="CSTAD")  # only the coordinator sees the code

    assert "Ontkoppel eerst" in said(slack, "code", user=COORDINATOR)  # a linked network is no city network
    said(slack, "nieuw Tweede stad", user="UTWEE", channel="CTWEE")
    said(slack, "code", user="UTWEE", channel="CTWEE")
    refused = said(slack, f"koppel {code}", user="UTWEE", channel="CTWEE")
    assert "een stadsnetwerk koppel je niet aan een ander" in refused
    assert network_row(db, "Tweede stad").city_network_id is None

    assert "Alleen de trekker" in said(slack, "ontkoppel", user="UBIB")
    assert "niet langer gekoppeld aan Stad Antwerpen" in said(slack, "ontkoppel", user=COORDINATOR)
    assert network_row(db, BORGERHOUT).city_network_id is None
    assert "is niet gekoppeld" in said(slack, "ontkoppel", user=COORDINATOR)


def test_unknown_subcommand_gets_a_short_dutch_help(slack: SlackDriver, social_map: dict[str, int]) -> None:
    reply = said(slack, "verwijder alles")
    assert "`/netwerk verwijder` ken ik niet" in reply and "/netwerk koppel <code>" in reply
    assert "/netwerk organisatie <naam>" in said(slack, "help")
