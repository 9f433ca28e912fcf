"""The practical part of the offering modal (what to bring, sign-up, access, facilities, places, closures),
and the practical lines of a card. Unknown says nothing or "vraag na", never a positive claim."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.capacity import CapacityUnit, unit_words
from domain.closures import closed_until, describe_closed_nl
from domain.dates_nl import BRUSSELS
from domain.labels_nl import LANGUAGE_LABELS
from domain.offering_practical import capacity_of, closures_of, known_facts_nl
from domain.practical import (
    ACCESS_FEATURE_LABELS_NL,
    DOCUMENT_LABELS_NL,
    FACILITY_LABELS_NL,
    NONE_CODE,
    SIGN_UP_LABELS_NL,
    WHEELCHAIR_LABELS_NL,
    Wheelchair,
)
from domain.practical_form import closures_text, until_text
from plugin.views.kit import (
    Block,
    actions,
    button,
    checkbox_input,
    escape,
    modal,
    section,
    static_select,
    text_input,
)
from plugin.views.tenancy import network_hint

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.models import Offering

SCHOOL_HOLIDAYS_OPTION = ("ja", "Gesloten tijdens de schoolvakanties (volgt de schoolvakanties)")


def practical_blocks(source: Offering | None, today: date) -> list[Block]:
    """The practical fields of the register/edit modal (16 blocks); all optional."""
    documents = (source.required_documents if source else None) or []
    if source is not None and source.required_documents == [] and not source.documents_other:
        documents = [NONE_CODE]
    facilities = (source.facilities if source else None) or []
    if source is not None and source.facilities == []:
        facilities = [NONE_CODE]
    capacity_known = source is not None and source.capacity_maximum is not None
    return [
        section("*Praktisch* — wat je niet invult, tonen we als onbekend (“vraag na”)."),
        static_select(
            "documents",
            "Wat meebrengen",
            [(NONE_CODE, "Niets speciaals")] + [(d.value, label) for d, label in DOCUMENT_LABELS_NL.items()],
            multi=True,
            optional=True,
            initial_many=documents,
        ),
        text_input(
            "letter_from",
            "De brief is van…",
            optional=True,
            max_length=200,
            initial=source.documents_letter_from if source else None,
            placeholder="bv. de belastingen",
        ),
        text_input(
            "documents_other",
            "Nog iets meebrengen (één per regel)",
            multiline=True,
            optional=True,
            max_length=1000,
            initial="\n".join(source.documents_other or []) if source else None,
        ),
        static_select(
            "sign_up",
            "Hoe aanmelden",
            [(m.value, label) for m, label in SIGN_UP_LABELS_NL.items()],
            optional=True,
            initial=source.sign_up_method if source else None,
        ),
        text_input(
            "sign_up_contact",
            "Nummer of link om je aan te melden",
            optional=True,
            max_length=300,
            initial=source.sign_up_contact if source else None,
            placeholder="bv. 03 123 45 67 of https://…",
        ),
        static_select(
            "wheelchair",
            "Rolstoeltoegankelijk",
            [(w.value, label) for w, label in WHEELCHAIR_LABELS_NL.items() if w is not Wheelchair.UNKNOWN],
            optional=True,
            initial=source.wheelchair if source else None,
        ),
        static_select(
            "access_features",
            "Toegankelijkheid",
            [(f.value, label) for f, label in ACCESS_FEATURE_LABELS_NL.items()],
            multi=True,
            optional=True,
            initial_many=(source.access_features or []) if source else (),
        ),
        text_input(
            "access_details",
            "Uitleg over de toegang",
            optional=True,
            max_length=200,
            initial=source.access_details if source else None,
            placeholder="bv. ingang via de zijdeur, bel twee keer",
        ),
        static_select(
            "interpreter_languages",
            "Met tolk in",
            list(LANGUAGE_LABELS.items()),
            multi=True,
            optional=True,
            initial_many=(source.interpreter_languages or []) if source else (),
            hint="Talen waarin het kan met een tolk (niet de talen die de begeleiders zelf spreken).",
        ),
        static_select(
            "facilities",
            "Voorzieningen",
            [(NONE_CODE, "Geen van deze")] + [(f.value, label) for f, label in FACILITY_LABELS_NL.items()],
            multi=True,
            optional=True,
            initial_many=facilities,
        ),
        text_input(
            "capacity_available",
            "Plaatsen vrij",
            optional=True,
            max_length=5,
            initial=str(source.capacity_available) if capacity_known and source else None,
            hint="Alleen als er een beperkt aantal plaatsen (of laptops) is; we vragen het wekelijks opnieuw.",
        ),
        text_input(
            "capacity_maximum",
            "Plaatsen in totaal",
            optional=True,
            max_length=5,
            initial=str(source.capacity_maximum) if capacity_known and source else None,
        ),
        static_select(
            "capacity_unit",
            "Het gaat om",
            [(u.value, u.value) for u in CapacityUnit],
            optional=True,
            initial=source.capacity_unit if source else None,
        ),
        text_input(
            "closures",
            "Gesloten op",
            optional=True,
            max_length=500,
            initial=closures_text(closures_of(source), today) if source else None,
            placeholder="bv. 23/12-2/1 (kerstvakantie), 24/2",
        ),
        checkbox_input(
            "school_holidays",
            "Schoolvakanties",
            [SCHOOL_HOLIDAYS_OPTION],
            initial=["ja"] if source is not None and source.follows_school_holidays else [],
        ),
        text_input(
            "closure_alert",
            "Tijdelijk gesloten: bericht",
            optional=True,
            max_length=300,
            initial=source.closure_alert if source else None,
            placeholder="bv. Verbouwing, we verhuizen naar de bib",
        ),
        text_input(
            "closure_until",
            "Tijdelijk gesloten tot en met",
            optional=True,
            max_length=40,
            initial=until_text(source.closure_until) if source and source.closure_alert else None,
            placeholder="bv. 15/1 — leeg: tot nader bericht",
        ),
    ]


FACT_ICONS = {
    "plaatsen": "🪑",
    "meebrengen": "🎒",
    "aanmelden": "📝",
    "toegang": "♿",
    "tolk": "🗣️",
    "voorzieningen": "🖨️",
}


def practical_lines(offering: Offering, now: datetime) -> list[str]:
    """The card's practical lines, escaped: only what is known (unknown says nothing; a closure is on the 🕒 line)."""
    today = now.astimezone(BRUSSELS).date()
    return [f"{FACT_ICONS[key]} {escape(text)}" for key, text in known_facts_nl(offering, today)]


def closure_line(offering: Offering, now: datetime) -> str | None:
    """ "🚪 Gesloten tot en met 2 januari (kerstvakantie)" when closed today, escaped; None when not."""
    today = now.astimezone(BRUSSELS).date()
    stretch = closed_until(today, closures_of(offering), bool(offering.follows_school_holidays))
    return None if stretch is None else f"🚪 {escape(describe_closed_nl(stretch, today))}"


def capacity_modal(offering: Offering, now: datetime, message: tuple[str, str] | None) -> Block:
    """*Aantal aanpassen* under the weekly question: only the count, not the whole form of the offer.
    `message`: (channel, ts) of the question, which is updated once the count is saved."""
    capacity = capacity_of(offering)
    unit = capacity.unit if capacity is not None else CapacityUnit.PLACES
    _singular, plural, free = unit_words(unit)
    today = now.astimezone(BRUSSELS).date()
    intro = f"🪑 *{escape(offering.name)}* ({escape(offering.organisation.name)})"
    if capacity is not None:
        intro += f"\nCollega's zien nu bij `/verwijs`: _{escape(capacity.describe_nl(today))}_."
    blocks = [
        section(intro),
        text_input(
            "capacity_available",
            f"{plural.capitalize()} {free}",
            max_length=5,
            initial=str(capacity.available) if capacity is not None else None,
            hint="Vanaf nu zien collega's dit aantal, met de datum van vandaag.",
        ),
        text_input(
            "capacity_maximum",
            f"{plural.capitalize()} in totaal",
            max_length=5,
            initial=str(capacity.maximum) if capacity is not None else None,
        ),
    ]
    metadata = {"offering": offering.id, "message": list(message) if message else None}
    return modal("Aantal aanpassen", blocks, callback_id="aanbod_plaatsen", private_metadata=json.dumps(metadata))


def capacity_saved_message(offering: Offering, now: datetime) -> tuple[str, list[Block]]:
    """What replaces the weekly question once the count is saved."""
    capacity = capacity_of(offering)
    shown = capacity.describe_nl(now.astimezone(BRUSSELS).date()) if capacity is not None else "geen aantal"
    text = f"Aantal bewaard voor {offering.name}: {shown}"
    return text, [section(f"👍 Bewaard. Collega's zien bij *{escape(offering.name)}* nu: _{escape(shown)}_.")]


def capacity_prompt_message(offering: Offering, now: datetime) -> tuple[str, list[Block]]:
    """The weekly DM: the count as it is shown now, and buttons to keep it or change it."""
    capacity = capacity_of(offering)
    today = now.astimezone(BRUSSELS).date()
    shown = capacity.describe_nl(today) if capacity is not None else "geen aantal"
    text = f"Klopt het aantal vrije plaatsen van {offering.name} nog?"
    blocks = [
        section(
            f"🪑 Klopt het aantal plaatsen van *{escape(offering.name)}* ({escape(offering.organisation.name)}) nog? "
            f"Collega's zien bij `/verwijs`: _{escape(shown)}_."
        ),
        actions(
            button("Klopt nog", "aanbod_plaatsen_ok", str(offering.id), style="primary"),
            button("Aantal aanpassen", "aanbod_plaatsen_edit", str(offering.id)),
            block_id=network_hint(f"plaatsen_{offering.id}", offering.network_id),  # a DM: say whose it is
        ),
    ]
    return text, blocks
