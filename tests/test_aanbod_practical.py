"""`/aanbod` with the practical details: saved per field, refused per field in Dutch, shown on the card,
and prefilled again when editing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from domain.dates_nl import BRUSSELS
from domain.offering_practical import closures_of
from storage.db import Database
from storage.models import Offering
from tests.aanbod_forms import form
from tests.fake_slack import FakeSlack
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, multi_select_values, plain_value, select_value

NEW = {"offering": None, "channel": "C1"}


def checkboxes(values: list[str]) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


PRACTICAL = {
    "documents": multi_select_values(["eid", "eid-pincode", "brief"]),
    "letter_from": plain_value("de belastingen"),
    "documents_other": plain_value(""),
    "sign_up": select_value("bellen"),
    "sign_up_contact": plain_value("03 111 22 33"),
    "wheelchair": select_value("ja"),
    "access_features": multi_select_values(["lift"]),
    "access_details": plain_value("ingang via de zijdeur"),
    "interpreter_languages": multi_select_values(["ar"]),
    "facilities": multi_select_values(["gratis-wifi", "printer"]),
    "capacity_available": plain_value("3"),
    "capacity_maximum": plain_value("10"),
    "capacity_unit": select_value(None),
    "closures": plain_value("23/12-2/1 (kerstvakantie)"),
    "school_holidays": checkboxes(["ja"]),
    "closure_alert": plain_value(""),
    "closure_until": plain_value(""),
}


def _saved(db: Database) -> Offering:
    with db.transaction() as session:
        offering = session.scalars(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")).one()
        session.expunge(offering)
        return offering


def test_practical_fields_are_saved_shown_on_the_card_and_prefilled(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    response = slack.view_submission(
        "aanbod_save", form(**PRACTICAL), private_metadata=signed_metadata("aanbod_save", NEW), user="UNEW"
    )
    assert response.status_code == 200 and response.data in (b"", b"{}")
    offering = _saved(db)
    assert offering.required_documents == ["eid", "eid-pincode", "brief"]
    assert offering.documents_letter_from == "de belastingen"
    assert (offering.sign_up_method, offering.sign_up_contact) == ("bellen", "03 111 22 33")
    assert (offering.wheelchair, offering.access_features) == ("ja", ["lift"])
    assert offering.interpreter_languages == ["ar"] and offering.languages == ["nl", "tr"]
    assert offering.facilities == ["gratis-wifi", "printer"]
    assert (offering.capacity_available, offering.capacity_maximum, offering.capacity_unit) == (3, 10, "plaatsen")
    assert offering.follows_school_holidays is True
    [christmas] = closures_of(offering)
    assert (christmas.start.month, christmas.start.day, christmas.end and christmas.end.day) == (12, 23, 2)
    assert christmas.reason == "kerstvakantie"

    card = json.dumps(slack.command("/aanbod", "mijn", user="UNEW").get_json(), ensure_ascii=False)
    today = datetime.now(BRUSSELS).date()
    assert f"3 van 10 plaatsen vrij (bijgewerkt {today.day}/{today.month})" in card
    assert "Meebrengen: identiteitskaart (eID), pincode van de eID en de brief van de belastingen" in card
    assert "Aanmelden: bel 03 111 22 33" in card
    assert "Rolstoeltoegankelijk · lift · ingang via de zijdeur" in card
    assert "Met tolk: Arabisch" in card and "Gratis wifi en printer" in card

    slack.block_action("aanbod_edit", str(offering.id), user="UNEW")
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert len(view["blocks"]) <= 100
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["capacity_available"]["element"]["initial_value"] == "3"
    assert blocks["closures"]["element"]["initial_value"].endswith("(kerstvakantie)")
    assert [o["value"] for o in blocks["school_holidays"]["element"]["initial_options"]] == ["ja"]
    assert blocks["sign_up"]["element"]["initial_option"]["value"] == "bellen"
    resubmitted = form(**{**PRACTICAL, "closures": plain_value(blocks["closures"]["element"]["initial_value"])})
    del resubmitted["organisation"], resubmitted["new_organisation"]
    slack.view_submission("aanbod_save", resubmitted, private_metadata=view["private_metadata"], user="UNEW")
    again = _saved(db)
    assert closures_of(again) == closures_of(offering)
    assert again.capacity_updated_at == offering.capacity_updated_at  # the same count keeps its day


def test_practical_mistakes_are_refused_per_field_in_dutch(slack: SlackDriver, db: Database, social_map) -> None:
    wrong = {
        **PRACTICAL,
        "documents": multi_select_values(["geen", "eid"]),
        "sign_up_contact": plain_value("bel maar"),
        "wheelchair": select_value("misschien"),
        "facilities": multi_select_values(["geen", "printer"]),
        "capacity_available": plain_value("12"),
        "capacity_maximum": plain_value("10"),
        "closures": plain_value("na de zomer"),
        "closure_until": plain_value("15/1"),
    }
    body = slack.view_submission(
        "aanbod_save", form(**wrong), private_metadata=signed_metadata("aanbod_save", NEW), user="UNEW"
    ).get_json()
    assert body["response_action"] == "errors"
    errors = body["errors"]
    assert set(errors) == {
        "documents", "letter_from", "sign_up_contact", "wheelchair", "facilities", "capacity_available",
        "closures", "closure_alert",
    }  # fmt: skip
    assert "telefoonnummer" in errors["sign_up_contact"]
    assert "maximum (10)" in errors["capacity_available"]
    assert "Schrijf kort waarom" in errors["closure_alert"]
    with db.transaction() as session:
        assert session.scalar(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")) is None


def test_nothing_filled_in_stays_unknown_and_the_card_claims_nothing(
    slack: SlackDriver, db: Database, social_map
) -> None:
    slack.view_submission("aanbod_save", form(), private_metadata=signed_metadata("aanbod_save", NEW), user="UNEW")
    offering = _saved(db)
    assert offering.required_documents is None and offering.facilities is None and offering.wheelchair is None
    assert offering.capacity_maximum is None and offering.closures == [] and offering.closure_alert is None
    card = json.dumps(slack.command("/aanbod", "mijn", user="UNEW").get_json(), ensure_ascii=False)
    for claim in ("Rolstoeltoegankelijk", "Meebrengen", "Niets speciaals", "plaatsen vrij", "wifi", "Aanmelden"):
        assert claim not in card


def test_closed_until_yesterday_is_refused_on_its_field(slack: SlackDriver, db: Database, social_map) -> None:
    """Without a year, yesterday would be read as next year: the offer would show closed for a year."""
    yesterday = datetime.now(BRUSSELS).date() - timedelta(days=1)
    typed = f"{yesterday.day}/{yesterday.month}"
    closing = {**PRACTICAL, "closure_alert": plain_value("Verbouwing"), "closure_until": plain_value(typed)}
    body = slack.view_submission(
        "aanbod_save", form(**closing), private_metadata=signed_metadata("aanbod_save", NEW), user="UNEW"
    ).get_json()
    assert body["response_action"] == "errors"
    assert body["errors"] == {"closure_until": f'"{typed}" is al voorbij. Gaat het om volgend jaar, schrijf dan '
                                                f"het jaar erbij (tot {typed}/{yesterday.year + 1})."}  # fmt: skip
    with db.transaction() as session:
        assert session.scalar(select(Offering).where(Offering.name == "Smartphonecursus voor senioren")) is None
