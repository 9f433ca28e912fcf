"""`/verwijs`: ranked results, filters, city-wide fallback, the gap answer, and *Verwijs door*."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from plugin.app import create_app, shutdown
from storage import catalog
from storage.db import Database
from storage.models import Offering, Referral, UnmetQuestion
from tests.conftest import SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, multi_select_values, plain_value, select_value


def result_names(body: dict) -> list[str]:
    names = []
    for block in body["blocks"]:
        if block["type"] == "section" and block.get("accessory", {}).get("action_id") == "verwijs_refer":
            names.append(block["text"]["text"].split("*")[1])
    return names


def test_laptop_lenen_finds_the_laptop_loan_first(slack: SlackDriver, social_map) -> None:
    body = slack.command("/verwijs", "laptop lenen").get_json()
    assert body["response_type"] == "ephemeral"
    assert result_names(body)[0] == "Laptop ontlenen"
    card = json.dumps(body["blocks"], ensure_ascii=False)
    assert "Bibliotheek Borgerhout" in card and "Teststraat 1" in card


def test_itsme_prefers_own_neighbourhood_and_marks_city_wide(slack: SlackDriver, social_map) -> None:
    body = slack.command("/verwijs", "hulp bij ittsme").get_json()  # a typo, as people type
    names = result_names(body)
    assert names[:2] == ["Hulp bij itsme en e-loket", "Itsme-spreekuur in het stadhuis"]
    city_card = next(b for b in body["blocks"] if "Itsme-spreekuur" in b.get("text", {}).get("text", ""))
    assert "stadsbreed" in city_card["text"]["text"]


def test_filters_written_in_the_text(slack: SlackDriver, social_map) -> None:
    body = slack.command("/verwijs", "woensdagnamiddag hulp met smartphone").get_json()
    assert result_names(body)[0] == "Digicafé op woensdagnamiddag"
    body = slack.command("/verwijs", "itsme in het Frans").get_json()
    assert result_names(body)[0] == "Hulp bij itsme en e-loket"


def test_nothing_relevant_is_admitted_and_can_be_reported(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    body = slack.command("/verwijs", "loodgieter voor een lekkende kraan").get_json()
    assert result_names(body) == []
    assert "geen aanbod" in body["blocks"][0]["text"]["text"]
    button = body["blocks"][1]["elements"][0]
    assert button["action_id"] == "verwijs_report_gap"
    slack.block_action("verwijs_report_gap", button["value"], user="UCAW")
    reply = fake_slack.wait_for("response_url")[0]
    assert "Genoteerd als nood" in reply.params["text"]
    with db.transaction() as session:
        question = session.scalars(select(UnmetQuestion)).one()
        assert (question.query, question.user_id) == ("loodgieter voor een lekkende kraan", "UCAW")


def test_a_question_reported_twice_counts_once_per_person(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    body = slack.command("/verwijs", "loodgieter voor een lekkende kraan", user="UCAW").get_json()
    value = body["blocks"][1]["elements"][0]["value"]
    slack.block_action("verwijs_report_gap", value, user="UCAW")
    first = fake_slack.wait_for("response_url")[0]
    assert first.params["text"] == "Genoteerd als nood"
    assert "de trekker kiest er een in `/hiaten`" in json.dumps(first.params["blocks"], ensure_ascii=False)
    slack.block_action("verwijs_report_gap", "Loodgieter  voor een lekkende KRAAN", user="UCAW")
    again = fake_slack.wait_for("response_url", count=2)[1]
    assert again.params["text"] == "Staat al genoteerd als nood"
    assert "staat al genoteerd" in json.dumps(again.params["blocks"], ensure_ascii=False)
    slack.block_action("verwijs_report_gap", value, user="UBIB")  # another partner meets it too: counts
    assert fake_slack.wait_for("response_url", count=3)[2].params["text"] == "Genoteerd als nood"
    with db.transaction() as session:
        assert sorted(q.user_id for q in session.scalars(select(UnmetQuestion))) == ["UBIB", "UCAW"]


def test_two_clicks_at_once_note_the_question_once(
    app, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click (or two instances) reaches the insert together: one notes it, the other finds it noted."""
    together = threading.Barrier(2, timeout=20)
    record = catalog.record_unmet_question

    def at_the_same_time(*args: Any, **kwargs: Any) -> bool:
        together.wait()
        return record(*args, **kwargs)

    monkeypatch.setattr(catalog, "record_unmet_question", at_the_same_time)
    twin = SlackDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
    with ThreadPoolExecutor(max_workers=2) as pool:
        clicks = [pool.submit(d.block_action, "verwijs_report_gap", "loodgieter", user="UCAW") for d in (slack, twin)]
        assert [c.result().status_code for c in clicks] == [200, 200]
    replies = fake_slack.wait_for("response_url", count=2)
    assert sorted(r.params["text"] for r in replies) == ["Genoteerd als nood", "Staat al genoteerd als nood"]
    with db.transaction() as session:
        assert len(session.scalars(select(UnmetQuestion)).all()) == 1


def test_empty_text_shows_help_with_category_buttons(slack: SlackDriver, fake_slack: FakeSlack, social_map) -> None:
    body = slack.command("/verwijs", "   ").get_json()
    buttons = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) >= 12 and all(b["action_id"] == "verwijs_category" for b in buttons)
    slack.block_action("verwijs_category", "e-overheid-en-itsme")
    reply = fake_slack.wait_for("response_url")[0]
    assert "Hulp bij itsme en e-loket" in json.dumps(reply.json("blocks"), ensure_ascii=False)


def test_meer_shows_more_results(slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map) -> None:
    from storage import catalog

    with db.transaction() as session:
        offering = session.get(Offering, social_map["laptop"])
        for i in range(9):  # only offerings that lend answer "lenen": ten of them, so "Meer" has a page
            catalog.add_offering(
                session,
                offering.network_id,
                offering.organisation,
                hsds_id="",
                name=f"Laptop ontlenen {i}",
                description="Een laptop lenen voor thuis.",
                categories=["toestel-en-internet"],
                area="Borgerhout",
            )
    body = slack.command("/verwijs", "laptop lenen").get_json()
    assert len(result_names(body)) == 5
    more = next(e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert more["action_id"] == "verwijs_more"
    slack.block_action("verwijs_more", more["value"])
    reply = fake_slack.wait_for("response_url")[0]
    assert reply.params["replace_original"] is True
    shown = result_names({"blocks": reply.json("blocks")})
    assert len(shown) == 10 and sum(name.startswith("Laptop ontlenen") for name in shown) == 10


def test_verwijs_door_logs_without_personal_data_and_notifies(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.block_action("verwijs_refer", str(social_map["itsme"]), user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    text = json.dumps(view, ensure_ascii=False)
    assert "Geen persoonsgegevens" in text
    assert {b.get("block_id") for b in view["blocks"] if b["type"] == "input"} == {"category", "note"}
    values = {"category": {"value": select_value("e-overheid-en-itsme")}, "note": {"value": plain_value("")}}

    values["note"] = {"value": plain_value("mevrouw, tel 0470 12 34 56")}
    refused = slack.view_submission("verwijs_door", values, private_metadata=view["private_metadata"], user="UBIB")
    assert "telefoonnummer" in refused.get_json()["errors"]["note"]

    values["note"] = {"value": plain_value("wil itsme op nieuwe gsm")}
    ok = slack.view_submission("verwijs_door", values, private_metadata=view["private_metadata"], user="UBIB")
    assert ok.status_code == 200 and ok.data in (b"", b"{}")
    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == "UCAW" and "Hulp bij itsme en e-loket" in dm.params["text"]
    assert "📝 Notitie: “wil itsme op nieuwe gsm”" in dm.params["text"]  # the note reaches the organisation
    note_input = next(b for b in view["blocks"] if b.get("block_id") == "note")
    assert note_input["optional"] is True and "optioneel" not in note_input["label"]["text"].lower()
    with db.transaction() as session:
        referral = session.scalars(select(Referral)).one()
        assert (referral.offering_id, referral.category, referral.note) == (
            social_map["itsme"],
            "e-overheid-en-itsme",
            "wil itsme op nieuwe gsm",
        )


def test_an_offering_saved_on_one_instance_is_found_on_another(
    settings, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    one, two = create_app(settings), create_app(replace(settings))
    driver_one = SlackDriver(one.test_client(), SIGNING_SECRET, fake_slack.response_url())
    driver_two = SlackDriver(two.test_client(), SIGNING_SECRET, fake_slack.response_url())
    before = result_names(driver_two.command("/verwijs", "tablet lenen").get_json())  # warms instance two
    assert "Tablet ontlenen" not in before
    from tests.test_aanbod import form

    saved = driver_one.view_submission(
        "aanbod_save",
        form(
            name=plain_value("Tablet ontlenen"),
            description=plain_value("Leen een tablet."),
            new_organisation=plain_value("Bibliotheek Borgerhout"),
            categories=multi_select_values(["toestel-en-internet"]),
        ),
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}),
        user="UBIB",
    )
    assert saved.status_code == 200 and saved.data in (b"", b"{}"), saved.data
    assert "Tablet ontlenen" in result_names(driver_two.command("/verwijs", "tablet lenen").get_json())
    for app in (one, two):
        shutdown(app)


def test_odd_input_gets_a_clear_answer_never_a_crash(slack: SlackDriver, social_map) -> None:
    huge = slack.command("/verwijs", "laptop " * 2000).get_json()
    assert "te lang" in huge["text"]
    for text in ("🙂🙂🙂", "مساعدة في الهاتف", "\u200b\u200f itsme \u202e", "' OR 1=1 --", "<script>alert(1)</script>"):
        response = slack.command("/verwijs", text)
        assert response.status_code == 200
        body = response.get_json()
        assert body["response_type"] == "ephemeral" and "Sorry" not in body["text"], text


def test_home_search_modal_finds_and_refers_with_a_stacked_form(
    slack: SlackDriver, fake_slack: FakeSlack, social_map
) -> None:
    slack.block_action("verwijs_zoek_open", user="UCAW", view={"id": "VHOME", "type": "home"})
    search = fake_slack.wait_for("views.open")[0].json("view")
    assert search["callback_id"] == "verwijs_zoek"
    meta = search["private_metadata"]  # the network, signed

    def submit(query: str) -> dict:
        values = {"query": {"value": plain_value(query)}}
        return slack.view_submission("verwijs_zoek", values, private_metadata=meta, user="UCAW").get_json()

    empty = submit("  ")
    assert empty["response_action"] == "errors"
    body = submit("laptop lenen")
    assert body["response_action"] == "update"
    assert result_names(body["view"])[0] == "Laptop ontlenen"
    results = {"id": "VRESULTS", "type": "modal", "callback_id": body["view"]["callback_id"],
               "private_metadata": body["view"]["private_metadata"]}  # fmt: skip
    slack.block_action("verwijs_refer", str(social_map["laptop"]), user="UCAW", view=results)
    pushed = fake_slack.wait_for("views.push")[0].json("view")
    assert pushed["callback_id"] == "verwijs_door"
