"""`/nood`: the quick form with a guessed category that can be corrected, and the full modal."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.db import Database
from storage.models import Need, Organisation
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, plain_value, select_value


def stored_needs(db: Database) -> list[Need]:
    with db.transaction() as session:
        return list(session.scalars(select(Need).order_by(Need.id)))


def selects(blocks: list[dict]) -> dict[str, dict]:
    """The confirmation's selects by action id, with the block id that names the need."""
    found = {}
    for block in blocks:
        if block["type"] == "actions":
            for element in block["elements"]:
                found[element["action_id"]] = {**element, "block_id": block["block_id"]}
    return found


def text_of(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_quick_need_guesses_category_and_frequency(slack: SlackDriver, db: Database, social_map) -> None:
    body = slack.command("/nood", "Ouders raken elke week niet in Smartschool", user="UBIB").get_json()
    assert body["response_type"] == "ephemeral"
    assert "Nood genoteerd" in body["blocks"][0]["text"]["text"]
    assert "*School en ouders* (geraden)" in body["blocks"][0]["text"]["text"]
    controls = selects(body["blocks"])
    assert controls["nood_category"]["initial_option"]["value"] == "school-en-ouders"
    assert controls["nood_frequency"]["initial_option"]["value"] == "wekelijks"
    [need] = stored_needs(db)
    assert (need.description, need.category, need.frequency) == (
        "Ouders raken elke week niet in Smartschool",
        "school-en-ouders",
        "wekelijks",
    )
    assert need.user_id == "UBIB"
    with db.transaction() as session:
        assert session.get(Organisation, need.organisation_id).name == "Bibliotheek Borgerhout"  # type: ignore[union-attr]


def test_the_select_corrects_a_wrong_guess(slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map) -> None:
    body = slack.command("/nood", "geen laptop thuis", user="UCAW").get_json()
    [need] = stored_needs(db)
    assert need.category == "basisvaardigheden" and need.frequency == "maandelijks"  # the guess misses here
    block_id = selects(body["blocks"])["nood_category"]["block_id"]

    slack.block_action(
        "nood_category", user="UCAW", block_id=block_id, selected_option={"value": "toestel-en-internet"}
    )
    reply = fake_slack.wait_for("response_url")[0]
    assert reply.params["replace_original"] is True
    assert "*Toestel en internet*" in text_of(reply.json("blocks"))
    assert "(geraden)" not in text_of(reply.json("blocks"))
    slack.block_action("nood_frequency", user="UCAW", block_id=block_id, selected_option={"value": "dagelijks"})
    fake_slack.wait_for("response_url", 2)
    [need] = stored_needs(db)
    assert (need.category, need.frequency) == ("toestel-en-internet", "dagelijks")


def test_only_the_reporter_or_coordinator_changes_a_need(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    body = slack.command("/nood", "itsme activeren lukt niet", user="UCAW").get_json()
    block_id = selects(body["blocks"])["nood_category"]["block_id"]
    slack.block_action("nood_category", user="UBIB", block_id=block_id, selected_option={"value": "senioren"})
    refusal = fake_slack.wait_for("response_url")[0]
    assert "bestaat niet meer" in refusal.params["text"] and refusal.params["replace_original"] is False
    assert stored_needs(db)[0].category == "e-overheid-en-itsme"
    slack.block_action("nood_category", user=COORDINATOR, block_id=block_id, selected_option={"value": "senioren"})
    fake_slack.wait_for("response_url", 2)
    assert stored_needs(db)[0].category == "senioren"


def test_unrecognised_need_is_kept_until_a_category_is_chosen(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    body = slack.command("/nood", "loodgieter voor een lekkende kraan", user="UCAW").get_json()
    assert "geen categorie raden" in body["blocks"][0]["text"]["text"]
    controls = selects(body["blocks"])
    assert "initial_option" not in controls["nood_category"]
    assert stored_needs(db)[0].category == ""
    slack.block_action(
        "nood_category",
        user="UCAW",
        block_id=controls["nood_category"]["block_id"],
        selected_option={"value": "jongeren"},
    )
    fake_slack.wait_for("response_url")
    assert stored_needs(db)[0].category == "jongeren"


def test_personal_data_and_overlong_text_are_refused(slack: SlackDriver, db: Database, social_map) -> None:
    body = slack.command("/nood", "mevrouw belt van 0470 12 34 56, kan niet in itsme", user="UCAW").get_json()
    assert "telefoonnummer" in body["text"] and "niets bewaard" in body["text"]
    body = slack.command("/nood", "x" * 501, user="UCAW").get_json()
    assert "Maximaal 500 tekens" in body["text"]
    assert "`/nood <tekst>`" in slack.command("/nood", "help").get_json()["text"]
    assert stored_needs(db) == []


def test_modal_preselects_own_organisation_and_confirms_in_the_channel(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    response = slack.command("/nood", "", user="UBIB", channel="C1")
    assert response.status_code == 200
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "nood_save"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert set(inputs) == {"description", "category", "frequency", "target_group", "organisation"}
    assert inputs["organisation"]["element"]["initial_option"]["text"]["text"] == "Bibliotheek Borgerhout"
    assert inputs["frequency"]["element"]["initial_option"]["value"] == "maandelijks"
    frequencies = [o["value"] for o in inputs["frequency"]["element"]["options"]]
    assert frequencies == ["zelden", "maandelijks", "wekelijks", "dagelijks"]
    organisation = inputs["organisation"]["element"]["initial_option"]["value"]

    values = {
        "description": {"value": plain_value("")},
        "category": {"value": select_value(None)},
        "frequency": {"value": select_value("dagelijks")},
        "target_group": {"value": select_value("senioren")},
        "organisation": {"value": select_value(organisation)},
    }
    refused = slack.view_submission("nood_save", values, private_metadata=view["private_metadata"], user="UBIB")
    assert refused.get_json()["errors"] == {"description": "Beschrijf kort waar je cliënten op vastlopen."}
    values["description"] = {"value": plain_value("loodgieter voor een lekkende kraan")}
    refused = slack.view_submission("nood_save", values, private_metadata=view["private_metadata"], user="UBIB")
    assert "kies er een" in refused.get_json()["errors"]["category"]
    assert stored_needs(db) == []

    values["description"] = {"value": plain_value("Senioren krijgen de app van de mutualiteit niet aan de praat")}
    values["category"] = {"value": select_value("gezondheid-online")}
    ok = slack.view_submission("nood_save", values, private_metadata=view["private_metadata"], user="UBIB")
    assert ok.status_code == 200 and ok.data in (b"", b"{}")
    [need] = stored_needs(db)
    assert (need.category, need.frequency, need.target_group, need.organisation_id) == (
        "gezondheid-online",
        "dagelijks",
        "senioren",
        int(organisation),
    )
    confirmation = fake_slack.wait_for("chat.postEphemeral")[0]
    assert (confirmation.params["channel"], confirmation.params["user"]) == ("C1", "UBIB")
    blocks = confirmation.json("blocks")
    assert "*Gezondheid online*." in text_of(blocks) and "(geraden)" not in text_of(blocks)
    assert selects(blocks)["nood_category"]["block_id"] == f"nood_{need.id}"


def test_modal_guesses_the_category_when_left_empty(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    values = {
        "description": {"value": plain_value("Itsme activeren lukt niet zonder hulp")},
        "category": {"value": select_value(None)},
        "frequency": {"value": select_value("wekelijks")},
        "target_group": {"value": select_value(None)},
    }
    ok = slack.view_submission(
        "nood_save", values, private_metadata=signed_metadata("nood_save", {"channel": None}), user="UNIEUW"
    )
    assert ok.status_code == 200
    [need] = stored_needs(db)
    assert (need.category, need.organisation_id, need.target_group) == ("e-overheid-en-itsme", None, None)
    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == "UNIEUW" and "(geraden)" in text_of(dm.json("blocks"))


def test_nood_lijst_shows_the_reported_needs_and_records_none(slack: SlackDriver, db: Database, social_map) -> None:
    """`/nood lijst` is a question, not a need called "lijst"."""
    empty = slack.command("/nood", "lijst", user="UBIB").get_json()
    assert "Nog geen noden gemeld in de laatste 90 dagen" in text_of(empty["blocks"])
    assert stored_needs(db) == []
    slack.command("/nood", "Ouders raken elke week niet in Smartschool", user="UBIB")
    slack.command("/nood", "de lavabo in de inkomhal lekt", user="UBIB")
    body = slack.command("/nood", "lijst", user="UBIB").get_json()
    shown = text_of(body["blocks"])
    assert "Ouders raken elke week niet in Smartschool" in shown and "School en ouders · wekelijks" in shown
    assert "Bibliotheek Borgerhout" in shown and "2 noden uit de laatste 90 dagen" in shown
    assert shown.index("lavabo") < shown.index("Smartschool")  # newest first
    assert "nog zonder categorie" in shown
    assert len(stored_needs(db)) == 2
