"""`/hiaten`: gaps per category for the asker's network, the chart upload, and the city comparison."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import update

from commands.hiaten import current_period
from domain.activities import ActivityDraft
from storage import catalog, signals
from storage.activities import add_activity
from storage.base import utcnow
from storage.db import Database
from storage.models import Need, Network, Offering
from storage.networks import create_network, resolve_network
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def add_borgerhout_signals(db: Database, social_map: dict[str, int]) -> None:
    """Needs, questions and referrals in Borgerhout (network of the `social_map` fixture)."""
    with db.transaction() as session:
        laptop = session.get(Offering, social_map["laptop"])
        assert laptop is not None
        net = laptop.network_id
        catalog.add_offering(
            session,
            net,
            laptop.organisation,
            hsds_id="",
            name="Smartschool-hulp",
            description="Hulp met Smartschool, enkel op afspraak.",
            categories=["school-en-ouders"],
            area="Borgerhout",
            by_appointment=True,
            access="appointment",
        )
        for user, category, frequency in (
            ("UBIB", "e-overheid-en-itsme", "dagelijks"),
            ("UCAW", "e-overheid-en-itsme", "dagelijks"),
            ("UCAW", "school-en-ouders", "wekelijks"),
            ("UBIB", "toestel-en-internet", "maandelijks"),
        ):
            signals.record_need(session, net, user_id=user, description="…", category=category, frequency=frequency)
        old = signals.record_need(
            session, net, user_id="UBIB", description="oud", category="e-overheid-en-itsme", frequency="dagelijks"
        )
        session.execute(update(Need).where(Need.id == old.id).values(created_at=utcnow() - timedelta(days=91)))
        catalog.record_unmet_question(
            session, net, user_id="UCAW", query="itsme kwijt", categories=["e-overheid-en-itsme"]
        )
        catalog.record_unmet_question(session, net, user_id="UCAW", query="loodgieter", categories=[])
        for _ in range(2):
            catalog.record_referral(
                session, net, laptop, from_user_id="UCAW", category="toestel-en-internet", note=None
            )


def section_texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]


def test_hiaten_lists_the_biggest_gaps_first_with_an_explanation(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    body = slack.command("/hiaten", "", user="UBIB").get_json()
    assert body["response_type"] == "ephemeral"
    blocks = body["blocks"]
    assert blocks[0]["text"]["text"] == "Hiaten in Lerend netwerk Borgerhout"
    period = current_period()
    assert f"Periode: {period.describe_nl()} (90 dagen)" in blocks[1]["elements"][0]["text"]
    gaps = section_texts(blocks)
    assert gaps == [
        # 8 + 8 + 2 (the question) − (2 offers open one day a week × 4); the 91-day-old need is outside the period
        "*1. E-overheid en itsme* · tekort 10 punten\nnood 18 punten · aanbod 8 punten\n"
        "Veel nood, te weinig aanbod (2 aanbiedingen, 6 u/week) en 1 vraag zonder antwoord.",
        "*2. School en ouders* · tekort 2 punten\nnood 4 punten · aanbod 2 punten\n"
        "Wat nood, te weinig aanbod (1 aanbieding, 0 u/week, enkel op afspraak).",
    ]
    notes = json.dumps(blocks[-4:], ensure_ascii=False)
    assert "Zonder tekort: " in notes and "Toestel en internet (nood 2 punten · aanbod 4 punten)" in notes
    assert "Geen tekort" not in json.dumps(blocks, ensure_ascii=False)  # never beside a shortage
    assert "Zonder categorie, dus nog niet meegeteld: 1 vraag zonder antwoord." in notes
    assert "2 zonder vaste uren (op afspraak, online)" in notes


def test_hiaten_without_signals_and_help(slack: SlackDriver, db: Database) -> None:
    body = slack.command("/hiaten", "").get_json()
    assert "Nog geen signalen" in json.dumps(body["blocks"], ensure_ascii=False)
    help_text = json.dumps(slack.command("/hiaten", "wat is dit").get_json()["blocks"], ensure_ascii=False)
    assert "`/hiaten grafiek`" in help_text and "`/nood`" in help_text
    assert "`/hiaten wat is dit` ken ik niet." in help_text  # not a silent help, as if nothing was asked
    assert "ken ik niet" not in json.dumps(body["blocks"], ensure_ascii=False)


def test_grafiek_uploads_a_png_to_the_channel(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    body = slack.command("/hiaten", "grafiek", user="UBIB", channel="C1").get_json()
    assert body == {"response_type": "ephemeral", "text": "De grafiek komt eraan…"}
    complete = fake_slack.wait_for("files.completeUploadExternal", timeout=15)[0]
    [url_call] = fake_slack.calls_to("files.getUploadURLExternal")
    assert url_call.params["filename"] == "hiaten.png"
    [upload] = fake_slack.calls_to("file_upload")
    assert upload.params["_raw_bytes"] == int(url_call.params["length"])
    assert upload.params["_body"].startswith(PNG_SIGNATURE)
    assert complete.params["channel_id"] == "C1"
    assert "Hiaten in Lerend netwerk Borgerhout" in complete.params["files"]
    comment = complete.params["initial_comment"]
    assert "1. E-overheid en itsme: tekort 10 punten (nood 18 punten · aanbod 8 punten)" in comment


def test_grafiek_without_signals_says_so(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    slack.command("/hiaten", "grafiek")
    reply = fake_slack.wait_for("response_url")[0]
    assert "Nog geen signalen" in reply.params["text"]
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_grafiek_upload_refused_by_slack_is_explained(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    fake_slack.fail("files.completeUploadExternal", "not_in_channel")
    slack.command("/hiaten", "grafiek", channel="C1")
    refusal = fake_slack.wait_for("response_url", timeout=15)[0]
    assert "niet in dit kanaal zetten (not_in_channel)" in refusal.params["text"]
    assert refusal.params["replace_original"] is False


# -- the city-wide network and tenancy ------------------------------------------------------------
def make_city(db: Database, social_map: dict[str, int]) -> None:
    """Stad Antwerpen (CSTAD) links Borgerhout (C1) and Deurne (CDEURNE); Hoboken (CHOB) is linked to
    another city, Stad Mechelen (CMECH). Each neighbourhood has a need the others do not."""
    with db.transaction() as session:
        borgerhout = session.get(Offering, social_map["laptop"]).network_id  # type: ignore[union-attr]
        city = create_network(
            session, team_id="T1", name="Stad Antwerpen", coordinator_user_id="USTAD", channel_id="CSTAD"
        )
        other_city = create_network(
            session, team_id="T1", name="Stad Mechelen", coordinator_user_id="UMECH", channel_id="CMECH"
        )
        deurne = create_network(
            session,
            team_id="T1",
            name="Lerend netwerk Deurne",
            coordinator_user_id="UDEURNE",
            channel_id="CDEURNE",
            neighbourhood="Deurne",
        )
        hoboken = create_network(
            session,
            team_id="T1",
            name="Lerend netwerk Hoboken",
            coordinator_user_id="UHOB",
            channel_id="CHOB",
            neighbourhood="Hoboken",
        )
        for network in (city, other_city):
            network.is_city_wide = True
        for network_id in (borgerhout, deurne.id):
            session.execute(update(Network).where(Network.id == network_id).values(city_network_id=city.id))
        hoboken.city_network_id = other_city.id
        for net, category, count in (
            (borgerhout, "e-overheid-en-itsme", 1),
            (deurne.id, "school-en-ouders", 2),
            (hoboken.id, "jongeren", 3),
        ):
            for _ in range(count):
                signals.record_need(
                    session, net, user_id="U1", description="…", category=category, frequency="dagelijks"
                )


def test_neighbourhoods_see_only_themselves(slack: SlackDriver, db: Database, social_map: dict[str, int]) -> None:
    make_city(db, social_map)
    borgerhout = json.dumps(slack.command("/hiaten", "", user="UBIB", channel="C1").get_json(), ensure_ascii=False)
    assert "E-overheid en itsme" in borgerhout and "nood 8 punten" in borgerhout
    assert "School en ouders" not in borgerhout and "Jongeren" not in borgerhout and "Deurne" not in borgerhout
    deurne = json.dumps(slack.command("/hiaten", "", user="UDEURNE", channel="CDEURNE").get_json(), ensure_ascii=False)
    assert "Hiaten in Lerend netwerk Deurne" in deurne and "nood 16 punten · aanbod 0 punten" in deurne
    assert "E-overheid" not in deurne and "Jongeren" not in deurne


def test_city_compares_its_linked_neighbourhoods_side_by_side(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    make_city(db, social_map)
    blocks = slack.command("/hiaten", "", user="USTAD", channel="CSTAD").get_json()["blocks"]
    assert blocks[0]["text"]["text"] == "Hiaten in Stad Antwerpen per wijk"
    rows = [b for b in blocks if b["type"] == "section" and b.get("fields")]
    assert rows[0]["text"]["text"].startswith("*1. School en ouders* · samen: tekort 16 punten")
    columns = [f["text"].split("\n")[0] for f in rows[0]["fields"]]
    assert columns == ["*Stad Antwerpen*", "*Borgerhout*", "*Deurne*"]
    school = [f["text"] for f in rows[0]["fields"]]
    assert school[1] == "*Borgerhout*\n–"
    assert school[2].startswith("*Deurne*\nnood 16 punten · aanbod 0 punten · tekort 16 punten")
    everything = json.dumps(blocks, ensure_ascii=False)
    assert "Hoboken" not in everything and "Jongeren" not in everything  # linked to another city
    # the city's coordinator asking in a neighbourhood's channel sees only that neighbourhood
    assert "Deurne" not in json.dumps(slack.command("/hiaten", "", user="USTAD", channel="C1").get_json())

    mechelen = json.dumps(slack.command("/hiaten", "", user="UMECH", channel="CMECH").get_json(), ensure_ascii=False)
    assert "Hoboken" in mechelen and "Jongeren" in mechelen
    assert "Borgerhout" not in mechelen and "Deurne" not in mechelen

    slack.command("/hiaten", "grafiek", user="USTAD", channel="CSTAD")
    complete = fake_slack.wait_for("files.completeUploadExternal", timeout=15)[0]
    assert complete.params["channel_id"] == "CSTAD"
    assert "Hiaten in Stad Antwerpen" in complete.params["files"]
    assert fake_slack.calls_to("file_upload")[0].params["_body"].startswith(PNG_SIGNATURE)


def test_city_lists_its_neighbourhoods_activities_in_aanpak(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    """`/activiteit` plans show under the city's category rows, each with its neighbourhood; Hoboken's do not."""
    make_city(db, social_map)
    soon = utcnow().date() + timedelta(days=7)
    with db.transaction() as session:
        for channel, title, category in (
            ("CDEURNE", "Infosessie Smartschool", "school-en-ouders"),
            ("CHOB", "Jongerencafé", "jongeren"),
        ):
            net = resolve_network(session, "T1", channel)
            assert net is not None
            draft = ActivityDraft(title, "", [], soon, None, "Schoolstraat 1", category, None, False)
            add_activity(session, net.id, draft, organiser="U1", organisation_id=None)
    blocks = slack.command("/hiaten", "", user="USTAD", channel="CSTAD").get_json()["blocks"]
    school = next(b["text"]["text"] for b in blocks if b["type"] == "section" and b.get("fields"))
    assert school.startswith("*1. School en ouders*")
    assert "🛠 In aanpak: *Infosessie Smartschool* (" in school and "Deurne)" in school
    assert "Jongerencafé" not in json.dumps(blocks, ensure_ascii=False)
    borgerhout = json.dumps(slack.command("/hiaten", "", user="UBIB", channel="C1").get_json(), ensure_ascii=False)
    assert "Infosessie Smartschool" not in borgerhout


def test_coordinator_sorts_a_question_without_category_in_one_click(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    """`loodgieter` could not be guessed: the coordinator chooses a category in /hiaten, then it counts."""
    add_borgerhout_signals(db, social_map)
    member_view = json.dumps(slack.command("/hiaten", "", user="UBIB").get_json()["blocks"], ensure_ascii=False)
    assert "hiaten_categorie" not in member_view and "De trekker kiest er een categorie voor" in member_view
    blocks = slack.command("/hiaten", "", user="UTREKKER").get_json()["blocks"]
    [unsorted] = [b for b in blocks if b.get("accessory", {}).get("action_id") == "hiaten_categorie"]
    assert "“loodgieter”" in unsorted["text"]["text"] and unsorted["block_id"].startswith("vraag_")
    assert unsorted["accessory"]["type"] == "static_select"
    assert "*2. School en ouders*" in json.dumps(blocks, ensure_ascii=False)

    refused = {"text": {"type": "plain_text", "text": "Jongeren"}, "value": "jongeren"}
    slack.block_action("hiaten_categorie", user="UBIB", block_id=unsorted["block_id"], selected_option=refused)
    assert "Alleen de trekker" in fake_slack.wait_for("response_url")[0].params["text"]

    option = {"text": {"type": "plain_text", "text": "Toestel en internet"}, "value": "toestel-en-internet"}
    slack.block_action("hiaten_categorie", user="UTREKKER", block_id=unsorted["block_id"], selected_option=option)
    updated = fake_slack.wait_for("response_url", count=2)[1].params
    assert updated["replace_original"] is True
    text = json.dumps(updated["blocks"], ensure_ascii=False)
    assert "hiaten_categorie" not in text and "Zonder categorie" not in text
    # toestel: a monthly need (2) + the question (2) against one offering open two days a week (4): no gap yet
    assert "Toestel en internet (nood 4 punten · aanbod 4 punten)" in text
    with db.transaction() as session:
        report = signals.gap_report(session, social_map_network(db, social_map), current_period())
    assert report is not None and report.analysis.uncategorised_unmet == 0
    assert report.analysis.row("toestel-en-internet").unmet == 1  # type: ignore[union-attr]


def social_map_network(db: Database, social_map: dict[str, int]) -> int:
    with db.transaction() as session:
        return session.get(Offering, social_map["laptop"]).network_id  # type: ignore[union-attr]
