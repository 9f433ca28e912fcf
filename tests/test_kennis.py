"""`/kennis`: share through the form or from a message, search in Dutch, 👍 make a tip rise,
two tips under `/verwijs`, and no network sees another's knowledge."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.knowledge_models import KnowledgeItem, KnowledgeLike
from storage.models import Organisation
from storage.networks import create_network
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import eventually, reaction, settle, text_of
from tests.signed import metadata_of
from tests.slack_driver import SlackDriver, multi_select_values, plain_value

ITSME_GUIDE = "https://www.itsme-id.com/nl-BE/get-started"


def knowledge_values(
    title: str, explanation: str, categories: list[str], *, url: str = "", target_groups: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    return {
        "title": {"value": plain_value(title)},
        "url": {"value": plain_value(url)},
        "explanation": {"value": plain_value(explanation)},
        "categories": {"value": multi_select_values(categories)},
        "target_groups": {"value": multi_select_values(target_groups or [])},
    }


def items_in(db: Database) -> list[KnowledgeItem]:
    with db.transaction() as session:
        return list(session.scalars(select(KnowledgeItem).order_by(KnowledgeItem.id)))


def share(
    slack: SlackDriver,
    fake: FakeSlack,
    db: Database,
    title: str,
    explanation: str,
    categories: list[str],
    *,
    user: str = "UBIB",
    url: str = "",
    channel: str = "C1",
) -> KnowledgeItem:
    """Share through the form as a partner would, and wait until the announcement is posted."""
    before = len(items_in(db))
    slack.command("/kennis", "", user=user, channel=channel)
    view = fake.calls_to("views.open")[-1].json("view")
    response = slack.view_submission(
        "kennis_save",
        knowledge_values(title, explanation, categories, url=url),
        private_metadata=view["private_metadata"],
        user=user,
    )
    assert response.status_code == 200 and not response.data, response.data
    items = eventually(lambda: [i for i in items_in(db)[before:] if i.message_ts])
    return items[0]


def results(slack: SlackDriver, query: str, *, user: str = "UCAW", channel: str = "C1") -> str:
    return text_of(slack.command("/kennis", query, user=user, channel=channel).get_json()["blocks"])


def titles_in_order(shown: str, *titles: str) -> list[str]:
    return sorted((t for t in titles if t in shown), key=shown.index)


def test_kennis_opens_the_share_form(slack: SlackDriver, fake_slack: FakeSlack, social_map) -> None:
    assert slack.command("/kennis", "", user="UBIB").status_code == 200
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "kennis_save"
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs == ["title", "url", "explanation", "categories", "target_groups"]
    categories = next(b for b in view["blocks"] if b.get("block_id") == "categories")
    assert {
        "text": {"type": "plain_text", "text": "E-overheid en itsme", "emoji": True},
        "value": "e-overheid-en-itsme",
    } in categories["element"]["options"]
    assert metadata_of(view) == {"channel": "C1"}


def test_a_shared_tip_is_stored_announced_and_confirmed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    item = share(
        slack,
        fake_slack,
        db,
        "Stappenplan itsme activeren",
        "Met schermafbeeldingen, om samen met de cliënt te doorlopen. Ook handig als je zelf niet met itsme werkt.",
        ["e-overheid-en-itsme"],
        url=ITSME_GUIDE,
    )
    assert (item.title, item.url, item.shared_by, item.categories) == (
        "Stappenplan itsme activeren",
        ITSME_GUIDE,
        "UBIB",
        ["e-overheid-en-itsme"],
    )
    with db.transaction() as session:
        assert session.get(Organisation, item.organisation_id).name == "Bibliotheek Borgerhout"  # type: ignore[union-attr]
    post = fake_slack.calls_to("chat.postMessage")[0]
    assert post.params["channel"] == "C1" and (item.channel_id, item.message_ts) == (
        "C1",
        post.params.get("ts") or item.message_ts,
    )
    shown = text_of(post.json("blocks"))
    assert f"*Stappenplan itsme activeren* · <{ITSME_GUIDE}>" in shown  # the address visible, no label
    assert "<@UBIB> (Bibliotheek Borgerhout) deelde kennis" in shown and "👍 als je er iets aan hebt" in shown
    told = fake_slack.wait_for("chat.postEphemeral")[0]
    assert told.params["user"] == "UBIB" and "staat in de kennisbank en aangekondigd in <#C1>" in told.params["text"]


def test_the_form_refuses_what_it_cannot_use_and_saves_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.command("/kennis", "", user="UBIB")
    meta = fake_slack.calls_to("views.open")[0].json("view")["private_metadata"]
    response = slack.view_submission(
        "kennis_save", knowledge_values("   ", "", [], url="geen link"), private_metadata=meta, user="UBIB"
    )
    errors = response.get_json()["errors"]
    assert errors == {
        "title": "Geef je tip een korte titel.",
        "url": "Dat lijkt geen link. Begin met https:// of laat het veld leeg.",
        "explanation": "Leg in een paar zinnen uit waarom dit helpt.",
        "categories": "Kies minstens één categorie: zo vinden anderen je tip terug.",
    }
    response = slack.view_submission(
        "kennis_save",
        knowledge_values("x" * 151, "uitleg", ["bestaat-niet"]),
        private_metadata=meta,
        user="UBIB",
    )
    assert set(response.get_json()["errors"]) == {"title", "categories"}
    settle(slack)
    assert items_in(db) == [] and fake_slack.calls_to("chat.postMessage") == []


def test_the_shortcut_saves_a_message_prefilled_with_a_link_back_and_only_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    message = {
        "type": "message",
        "user": "UCAW",
        "ts": "1700000050.000100",
        "text": f"Handige gids voor wie vastloopt bij itsme &amp; de eID\n<{ITSME_GUIDE}|itsme stap voor stap> <@UBIB>",
    }
    slack.message_shortcut("bewaar_kennis", message, channel="C1", user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["title"]["initial_value"] == "Handige gids voor wie vastloopt bij itsme & de eID"
    assert inputs["url"]["initial_value"] == ITSME_GUIDE
    assert "itsme stap voor stap" in inputs["explanation"]["initial_value"]
    assert "<@UBIB>" not in inputs["explanation"]["initial_value"]
    assert [o["value"] for o in inputs["categories"]["initial_options"]] == ["e-overheid-en-itsme"]
    permalink = "https://testwijk.slack.com/archives/C1/p1700000050.000100"
    assert f"<{permalink}|dit bericht>" in text_of(view["blocks"])

    values = knowledge_values(
        inputs["title"]["initial_value"],
        inputs["explanation"]["initial_value"],
        ["e-overheid-en-itsme"],
        url=ITSME_GUIDE,
    )
    slack.view_submission("kennis_save", values, private_metadata=view["private_metadata"], user="UBIB")
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    assert (item.source_channel_id, item.source_ts, item.source_url) == ("C1", "1700000050.000100", permalink)
    assert f"<{permalink}|oorspronkelijk bericht>" in results(slack, "itsme")

    slack.message_shortcut("bewaar_kennis", message, channel="C1", user="UCAW")
    again = fake_slack.wait_for("views.open", 2)[-1].json("view")
    assert "staat al in de kennisbank" in text_of(again["blocks"]) and "submit" not in again
    twice = slack.view_submission("kennis_save", values, private_metadata=view["private_metadata"], user="UCAW")
    assert "staat al in de kennisbank" in twice.get_json()["errors"]["title"]
    assert len(items_in(db)) == 1


def test_search_understands_dutch_like_verwijs(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    share(
        slack,
        fake_slack,
        db,
        "Stappenplan itsme activeren",
        "Zo activeer je itsme op een nieuwe smartphone.",
        ["e-overheid-en-itsme"],
    )
    share(
        slack,
        fake_slack,
        db,
        "Smartschool uitgelegd voor ouders",
        "Een filmpje in eenvoudig Nederlands over berichten en de schoolagenda in Smartschool.",
        ["school-en-ouders"],
    )
    share(
        slack,
        fake_slack,
        db,
        "Gratis wifi in de wijk",
        "Een kaart met plekken waar je gratis internet hebt.",
        ["toestel-en-internet"],
    )

    assert titles_in_order(results(slack, "itsme"), "Stappenplan itsme", "Smartschool", "Gratis wifi") == [
        "Stappenplan itsme"
    ]
    assert "Smartschool uitgelegd" in results(slack, "smartscool")  # a typo
    assert "Smartschool uitgelegd" in results(slack, "schoolagenda van de ouders")  # stems and a compound
    assert "Gratis wifi" in results(slack, "internet")
    shown = results(slack, "itsme")
    assert "gedeeld door <@UBIB> (Bibliotheek Borgerhout) op" in shown and "👍 0" in shown
    nothing = results(slack, "loodgieter")
    assert "Nog geen kennis over “loodgieter”" in nothing and "kennis_open" in nothing


def test_thumbs_up_make_the_most_useful_tip_come_first_counted_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    paper = share(
        slack,
        fake_slack,
        db,
        "Itsme uitleg op papier",
        "Een folder over itsme om mee te geven.",
        ["e-overheid-en-itsme"],
    )
    video = share(
        slack,
        fake_slack,
        db,
        "Itsme uitleg in video",
        "Een filmpje over itsme om samen te bekijken.",
        ["e-overheid-en-itsme"],
    )
    before = titles_in_order(results(slack, "itsme uitleg"), "op papier", "in video")
    assert len(before) == 2
    second = paper if before[1] == "op papier" else video

    ts = second.message_ts or ""
    slack.event(reaction("reaction_added", "UCAW", ts, name="+1"), event_id="EvLIKE1")
    slack.event(reaction("reaction_added", "UCAW", ts, name="+1"), event_id="EvLIKE1", retry_num=1)  # Slack retries
    slack.event(reaction("reaction_added", "UCAW", ts, name="+1::skin-tone-3"))  # the same person again
    slack.event(reaction("reaction_added", "UBIB", ts, name="+1"))  # the sharer's own thumb does not count
    slack.event(reaction("reaction_added", "U7", ts, name="heart"))  # not a thumb
    settle(slack)
    with db.transaction() as session:
        assert [(like.item_id, like.user_id) for like in session.scalars(select(KnowledgeLike))] == [
            (second.id, "UCAW")
        ]
    shown = results(slack, "itsme uitleg")
    assert titles_in_order(shown, "op papier", "in video") == before[::-1]
    assert "👍 1" in shown

    slack.event(reaction("reaction_removed", "UCAW", ts, name="+1"))
    settle(slack)
    assert titles_in_order(results(slack, "itsme uitleg"), "op papier", "in video") == before

    listed = slack.command("/kennis", "lijst", user="UCAW").get_json()
    assert "Kennisbank van Lerend netwerk Borgerhout" in text_of(listed["blocks"])


def test_verwijs_shows_at_most_two_tips_that_help_with_the_question(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    for n in range(3):
        share(
            slack,
            fake_slack,
            db,
            f"Itsme-gids {n + 1}",
            "Hoe je itsme activeert en je pincode kiest.",
            ["e-overheid-en-itsme"],
        )
    share(slack, fake_slack, db, "Gratis wifi in de wijk", "Plekken met gratis internet.", ["toestel-en-internet"])

    shown = text_of(slack.command("/verwijs", "hulp bij itsme", user="UCAW").get_json()["blocks"])
    assert "Hulp bij itsme en e-loket" in shown  # the referrals come first
    assert "Uit de kennisbank" in shown and shown.index("Hulp bij itsme en e-loket") < shown.index("Uit de kennisbank")
    assert sum(f"Itsme-gids {n}" in shown for n in (1, 2, 3)) == 2 and "Gratis wifi" not in shown

    assert "Uit de kennisbank" not in text_of(
        slack.command("/verwijs", "laptop lenen", user="UCAW").get_json()["blocks"]
    )


def test_only_the_sharer_or_the_coordinator_removes_a_tip(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    item = share(slack, fake_slack, db, "Stappenplan itsme activeren", "Zo activeer je itsme.", ["e-overheid-en-itsme"])
    assert '"action_id": "kennis_remove"' not in results(slack, "itsme", user="UCAW")
    slack.block_action("kennis_remove", str(item.id), user="UCAW")
    assert "Alleen wie de tip deelde" in fake_slack.wait_for("response_url")[0].params["text"]
    assert len(items_in(db)) == 1
    assert '"action_id": "kennis_remove"' in results(slack, "itsme", user=COORDINATOR)
    slack.block_action("kennis_remove", str(item.id), user=COORDINATOR)
    assert "is uit de kennisbank verwijderd" in fake_slack.wait_for("response_url", 2)[-1].params["text"]
    assert items_in(db) == []
    assert "Nog geen kennis" in results(slack, "itsme")


def test_a_refused_announcement_is_told_and_the_tip_kept(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    fake_slack.fail("chat.postMessage", "not_in_channel")
    slack.command("/kennis", "", user="UBIB")
    meta = fake_slack.calls_to("views.open")[0].json("view")["private_metadata"]
    values = knowledge_values("Stappenplan itsme activeren", "Zo activeer je itsme.", ["e-overheid-en-itsme"])
    slack.view_submission("kennis_save", values, private_metadata=meta, user="UBIB")
    told = fake_slack.wait_for("chat.postEphemeral")[0].params["text"]
    assert "staat in de kennisbank, maar ik kon het niet aankondigen" in told and "/invite" in told
    [item] = items_in(db)
    assert item.message_ts is None
    assert "Stappenplan itsme activeren" in results(slack, "itsme")


def test_no_network_sees_or_touches_anothers_knowledge(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    with db.transaction() as session:
        create_network(
            session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UDEURNE", channel_id="C2"
        )
    item = share(slack, fake_slack, db, "Stappenplan itsme activeren", "Zo activeer je itsme.", ["e-overheid-en-itsme"])

    assert "Nog geen kennis" in results(slack, "itsme", user="UDEURNE", channel="C2")
    listed = slack.command("/kennis", "lijst", user="UDEURNE", channel="C2").get_json()
    assert "is nog leeg" in text_of(listed["blocks"])
    assert "Uit de kennisbank" not in text_of(
        slack.command("/verwijs", "itsme", user="UDEURNE", channel="C2").get_json()["blocks"]
    )
    slack.block_action("kennis_remove", str(item.id), user="UDEURNE", channel="C2")
    assert "bestaat niet meer" in fake_slack.wait_for("response_url")[0].params["text"]
    slack.event(reaction("reaction_added", "UDEURNE", item.message_ts or "", name="+1", channel="C2"))
    settle(slack)
    with db.transaction() as session:
        assert list(session.scalars(select(KnowledgeLike))) == []
    assert len(items_in(db)) == 1


def test_kennis_explains_itself_and_refuses_a_huge_query(slack: SlackDriver, social_map) -> None:
    help_text = slack.command("/kennis", "help", user="UBIB").get_json()["text"]
    assert "`/kennis <zoekterm>`" in help_text and "Bewaar als kennis" in help_text
    long = slack.command("/kennis", "itsme " * 200, user="UBIB").get_json()["text"]
    assert "te lang" in long
    odd = slack.command("/kennis", "\u200b🙂\u202e", user="UBIB").get_json()
    assert "Nog geen kennis" in text_of(odd["blocks"])


def test_a_city_network_finds_its_neighbourhoods_tips_with_their_name(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    from storage.network_links import link_to_city, make_city_wide
    from storage.networks import resolve_network

    with db.transaction() as session:
        city = create_network(
            session, team_id="T1", name="Stad Antwerpen", coordinator_user_id="USTAD", channel_id="CSTAD"
        )
        make_city_wide(session, city.id)
        link_to_city(session, resolve_network(session, "T1", "C1").id, city.id)  # type: ignore[union-attr]
    share(slack, fake_slack, db, "Stappenplan itsme activeren", "Zo activeer je itsme.", ["e-overheid-en-itsme"])
    share(slack, fake_slack, db, "Itsme in de stad", "Een stadsbrede affiche over itsme.", ["e-overheid-en-itsme"],
          user="USTAD", channel="CSTAD")  # fmt: skip

    in_city = results(slack, "itsme", user="USTAD", channel="CSTAD")
    assert "Stappenplan itsme activeren" in in_city and "📍 Lerend netwerk Borgerhout" in in_city
    in_borgerhout = results(slack, "itsme", user="UCAW")
    assert "Stappenplan itsme activeren" in in_borgerhout and "Itsme in de stad" not in in_borgerhout
