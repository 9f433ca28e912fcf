"""The form rules that moved into domain/: the action-item form and the agenda form, every field's
problem at once, in Dutch, and nothing made of input that is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.action_items import ITEM_TEXT_MAX, PAST, ItemDraft, validate_item_form
from domain.agenda_text import MAX_TITLE_LENGTH, MeetingDraft, meeting_start, validate_meeting_form
from domain.dates_nl import BRUSSELS
from domain.gaps import DEFAULT_FREQUENCY, UNCATEGORISED
from domain.needs import DESCRIPTION_MAX, guess_category, validate_need_form

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # 15:00 in Brussels


def test_an_item_needs_what_and_who_and_a_date_not_past() -> None:
    assert validate_item_form({"text": "  Flyer rondsturen ", "owner": "U2", "due": "2026-12-05"}, TODAY) == (
        ItemDraft(text="Flyer rondsturen", owner="U2", due=date(2026, 12, 5)),
        {},
    )
    assert validate_item_form({"text": "Bellen", "owner": "U2", "due": None}, TODAY) == (
        ItemDraft("Bellen", "U2", None),
        {},
    )
    assert validate_item_form({"text": "Bellen", "owner": "U2", "due": TODAY.isoformat()}, TODAY)[0] is not None
    assert validate_item_form({"text": " ", "owner": None, "due": "2026-12-02"}, TODAY) == (
        None,
        {"text": "Schrijf wat er moet gebeuren.", "owner": "Kies wie het doet.", "due": PAST},
    )
    long = "x" * (ITEM_TEXT_MAX + 1)
    assert validate_item_form({"text": long, "owner": "U2", "due": "gisteren"}, TODAY) == (
        None,
        {"text": f"Maximaal {ITEM_TEXT_MAX} tekens (nu {ITEM_TEXT_MAX + 1}).", "due": "Kies een datum."},
    )


def test_a_meeting_needs_a_title_and_a_moment_to_come() -> None:
    raw = {"title": " Overleg   december ", "place": "Bib", "points": "1. Welkom\n- Flyers", "date": "2026-12-10"}
    draft, errors = validate_meeting_form({**raw, "time": "09:30"}, NOW)
    assert errors == {}
    assert draft == MeetingDraft(
        title="Overleg december",
        place="Bib",
        points=["Welkom", "Flyers"],
        starts_at=datetime(2026, 12, 10, 9, 30, tzinfo=BRUSSELS),
    )
    assert validate_meeting_form({"title": "", "date": "2026-12-02", "time": "10:00"}, NOW) == (
        None,
        {"title": "Geef het overleg een titel.", "date": "Deze datum ligt in het verleden. Kies vandaag of later."},
    )
    assert validate_meeting_form({"title": "x" * (MAX_TITLE_LENGTH + 1), "date": "", "time": ""}, NOW)[1] == {
        "title": f"Maximaal {MAX_TITLE_LENGTH} tekens.",
        "date": "Kies een datum.",
    }


def test_the_start_is_brussels_time_and_not_already_past() -> None:
    assert meeting_start("2026-12-03", "14:30", NOW) == (None, {"time": "Dit uur is vandaag al voorbij."})
    assert meeting_start("2026-12-03", "15:30", NOW) == (datetime(2026, 12, 3, 15, 30, tzinfo=BRUSSELS), {})
    assert meeting_start("2026-12-03", "15", NOW) == (None, {"time": "Kies een uur."})
    assert meeting_start(None, "15:30", NOW) == (None, {"date": "Kies een datum."})


def test_a_need_is_described_without_personal_data_and_its_category_guessed_or_chosen() -> None:
    known = {"e-overheid-en-itsme", "smartphone-basis", UNCATEGORISED}
    draft, errors = validate_need_form({"description": "  Ouders raken niet in itsme ", "category": None}, known)
    assert errors == {} and draft is not None
    assert (draft.description, draft.frequency, draft.target_group, draft.guessed) == (
        "Ouders raken niet in itsme",
        DEFAULT_FREQUENCY,
        None,
        True,
    )
    assert draft.category in known
    chosen = validate_need_form({"description": "Wifi thuis", "category": "smartphone-basis"}, known)[0]
    assert chosen is not None and (chosen.category, chosen.guessed) == ("smartphone-basis", False)
    assert validate_need_form({"description": ""}, known) == (
        None,
        {"description": "Beschrijf kort waar je cliënten op vastlopen."},
    )
    assert validate_need_form({"description": "x" * (DESCRIPTION_MAX + 1)}, known)[1] == {
        "description": f"Maximaal {DESCRIPTION_MAX} tekens (nu {DESCRIPTION_MAX + 1})."
    }
    assert "persoonsgegevens" in validate_need_form({"description": "Bel 0470 12 34 56"}, known)[1]["description"]
    assert validate_need_form({"description": "Wifi", "category": "onbekend"}, known)[1] == {
        "category": "Ik kon geen categorie raden uit je beschrijving; kies er een."
    }
    assert validate_need_form({"description": "Wifi", "category": "smartphone-basis", "frequency": "nooit"}, known)[
        1
    ] == {"frequency": "Kies hoe vaak je dit ziet."}
    assert validate_need_form({"description": "Wifi", "category": "smartphone-basis", "target_group": "x"}, known)[
        1
    ] == {"target_group": "Kies een doelgroep uit de lijst."}
    assert guess_category("qwzx") == UNCATEGORISED
