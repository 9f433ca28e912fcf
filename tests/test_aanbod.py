"""`/aanbod`: the register modal, validation on the fields, lists, and who may change an offering."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.db import Database
from storage.models import Member, Offering, Organisation
from tests.aanbod_forms import form
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, multi_select_values, plain_value, select_value


def test_aanbod_opens_the_register_modal(slack: SlackDriver, fake_slack: FakeSlack, social_map) -> None:
    assert slack.command("/aanbod", "", user="UBIB").status_code == 200
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "aanbod_save"
    block_ids = [b.get("block_id") for b in view["blocks"]]
    assert {"organisation", "name", "categories", "hours", "contact"} <= set(block_ids)
    org_select = next(b for b in view["blocks"] if b.get("block_id") == "organisation")
    assert org_select["element"]["initial_option"]["text"]["text"] == "Bibliotheek Borgerhout"


def test_invalid_form_shows_errors_on_the_fields_and_saves_nothing(
    slack: SlackDriver, db: Database, social_map
) -> None:
    response = slack.view_submission(
        "aanbod_save",
        form(
            name=plain_value(""),
            categories=multi_select_values([]),
            hours=plain_value("maandag 25-27"),
            description=plain_value("x" * 1600),
            contact=plain_value("bel maar"),
        ),
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}),
    )
    body = response.get_json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"name", "categories", "hours", "description", "contact"}
    assert "Maximaal 1500" in body["errors"]["description"]
    with db.transaction() as session:
        assert session.scalar(select(Offering).where(Offering.name == "")) is None
        assert session.scalar(select(Organisation).where(Organisation.name == "Buurtwerk De Kiem")) is None


def test_valid_form_saves_links_the_member_and_announces(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    response = slack.view_submission(
        "aanbod_save",
        form(),
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}),
        user="UNEW",
    )
    assert response.status_code == 200 and response.data in (b"", b"{}")
    ephemeral = fake_slack.wait_for("chat.postEphemeral")[0]
    assert "Smartphonecursus voor senioren" in ephemeral.params["text"] and ephemeral.params["user"] == "UNEW"
    announcement = fake_slack.wait_for("chat.postMessage")[0]
    assert announcement.params["channel"] == "C1" and "Buurtwerk De Kiem" in announcement.params["text"]
    with db.transaction() as session:
        offering = session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).one()
        assert offering.openings == [[1, "14:00", "16:00"]]
        assert offering.languages == ["nl", "tr"]
        assert (offering.contact_email, offering.contact_phone) == ("kiem@buurtwerk.example", "03 111 22 33")
        assert offering.area == "Borgerhout"
        member = session.scalars(select(Member).where(Member.user_id == "UNEW")).one()
        assert member.organisation_id == offering.organisation_id


def test_lijst_shows_offerings_by_organisation(slack: SlackDriver, social_map) -> None:
    body = slack.command("/aanbod", "lijst").get_json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["response_type"] == "ephemeral"
    assert "Bibliotheek Borgerhout" in text and "Laptop ontlenen" in text and "CAW onthaal" in text


def test_an_unknown_word_is_said_to_be_unknown(slack: SlackDriver, social_map) -> None:
    body = slack.command("/aanbod", "lijstje", user="UBIB").get_json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith("`/aanbod lijstje` ken ik niet. `/aanbod` registreert een aanbod")
    assert "`/aanbod lijst` toont het aanbod van het netwerk" in body["text"]


def test_mijn_has_the_buttons_and_only_owners_may_change(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    body = slack.command("/aanbod", "mijn", user="UBIB").get_json()
    action_ids = [e["action_id"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"aanbod_edit", "aanbod_toggle", "aanbod_confirm"} <= set(action_ids)
    laptop = str(social_map["laptop"])

    slack.block_action("aanbod_toggle", laptop, user="UCAW")  # the CAW does not own the library's laptops
    refusal = fake_slack.wait_for("response_url")[0]
    assert "Alleen de leden van de organisatie en de trekker" in refusal.params["text"]
    slack.block_action("aanbod_toggle", laptop, user="UBIB")
    slack.block_action("aanbod_confirm", str(social_map["itsme"]), user=COORDINATOR)
    with db.transaction() as session:
        assert session.get(Offering, social_map["laptop"]).status == "paused"
    replies = fake_slack.wait_for("response_url", 3)
    assert "gepauzeerd" in replies[1].params["text"] and "nog actueel" in replies[2].params["text"]


def test_edit_by_a_non_member_is_refused(slack: SlackDriver, fake_slack: FakeSlack, social_map) -> None:
    slack.block_action("aanbod_edit", str(social_map["laptop"]), user="UCAW")
    assert "Alleen de leden" in fake_slack.wait_for("response_url")[0].params["text"]
    assert fake_slack.calls_to("views.open") == []
    response = slack.view_submission(
        "aanbod_save",
        form(),
        private_metadata=signed_metadata("aanbod_save", {"offering": social_map["laptop"], "channel": "C1"}),
        user="UCAW",
    )
    assert response.get_json()["response_action"] == "errors"


def test_owner_edits_through_the_prefilled_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.block_action("aanbod_edit", str(social_map["laptop"]), user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    name_block = next(b for b in view["blocks"] if b.get("block_id") == "name")
    assert name_block["element"]["initial_value"] == "Laptop ontlenen"
    metadata = view["private_metadata"]
    edited = form(name=plain_value("Laptop ontlenen (3 weken)"))
    del edited["organisation"], edited["new_organisation"]
    slack.view_submission("aanbod_save", edited, private_metadata=metadata, user="UBIB")
    with db.transaction() as session:
        assert session.get(Offering, social_map["laptop"]).name == "Laptop ontlenen (3 weken)"


def test_how_to_get_in_is_never_guessed_as_walk_in(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    """A partner who skips "Hoe kom je erbij" has not said anyone can walk in: the card says "vraag na"."""
    slack.command("/aanbod", "", user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    access = next(b for b in view["blocks"] if b.get("block_id") == "access")
    assert "initial_option" not in access["element"] and access["optional"] is True
    slack.view_submission(
        "aanbod_save", form(access=select_value(None)),
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}), user="UNEW",
    )  # fmt: skip
    with db.transaction() as session:
        saved = session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).one()
        assert saved.access is None and saved.by_appointment is False
    card = json.dumps(slack.command("/aanbod", "mijn", user="UNEW").get_json(), ensure_ascii=False)
    assert "toegang: vraag na" in card and "Vrij binnenlopen" not in card
    # "op afspraak" in the hours still says how to get in
    slack.view_submission(
        "aanbod_save", form(name=plain_value("Spreekuur"), hours=plain_value("op afspraak"), access=select_value(None)),
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}), user="UNEW",
    )  # fmt: skip
    with db.transaction() as session:
        assert session.scalars(select(Offering).where(Offering.name == "Spreekuur")).one().access == "appointment"
