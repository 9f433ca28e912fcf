"""Practical answers of an offer: vocabularies, form validation in Dutch, unknown kept explicit, HSDS both ways."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.capacity import Capacity, CapacityUnit, capacity_prompt_due, validate_capacity
from domain.practical import (
    AccessFeature,
    Accessibility,
    Document,
    Facilities,
    Facility,
    Practical,
    SignUp,
    SignUpMethod,
    WhatToBring,
    Wheelchair,
    validate_accessibility,
    validate_facilities,
    validate_sign_up,
    validate_what_to_bring,
)
from domain.practical_hsds import practical_from_hsds, practical_to_hsds

TODAY = date(2026, 12, 2)


# --- unknown is never a claim ----------------------------------------------------------------


def test_everything_starts_unknown_and_says_so() -> None:
    assert Practical().lines_nl(TODAY) == [
        "Wat meebrengen: niet bekend",
        "Hoe aanmelden: niet bekend",
        "Rolstoeltoegankelijkheid niet bekend",
        "Voorzieningen: niet bekend",
    ]
    assert not Facilities().has(Facility.PRINTER)


def test_an_empty_form_stays_unknown() -> None:
    assert validate_what_to_bring([], "", "") == (WhatToBring(), {})
    assert validate_sign_up("", "") == (SignUp(), {})
    assert validate_accessibility("", [], "") == (Accessibility(), {})
    assert validate_facilities([]) == (Facilities(), {})
    assert validate_capacity("", "", "", TODAY) == (None, {})


# --- Wat meebrengen ----------------------------------------------------------------------------


def test_what_to_bring() -> None:
    bring, errors = validate_what_to_bring(["eid", "eid-pincode", "brief"], " de  belastingen ", "uittreksel\n\n")
    assert errors == {}
    assert bring == WhatToBring(
        True, (Document.EID, Document.EID_PIN, Document.LETTER), "de belastingen", ("uittreksel",)
    )
    assert bring.describe_nl() == (
        "Meebrengen: identiteitskaart (eID), pincode van de eID, de brief van de belastingen en uittreksel"
    )
    nothing, errors = validate_what_to_bring(["geen"], "", "")
    assert errors == {} and nothing.describe_nl() == "Niets speciaals meebrengen"
    only_other, _ = validate_what_to_bring([], "", "kidsID")
    assert only_other.known and only_other.describe_nl() == "Meebrengen: kidsID"


@pytest.mark.parametrize(
    ("codes", "letter_from", "other", "field", "message"),
    [
        (["paspoort"], "", "", "documents", "Onbekende keuze: paspoort."),
        (["geen", "eid"], "", "", "documents", "Kies “niets meebrengen” niet samen met iets om mee te brengen."),
        (["geen"], "", "laptop", "documents", "Kies “niets meebrengen” niet samen met iets om mee te brengen."),
        (["eid"], "de mutualiteit", "", "letter_from", "Vink ook “de brief waarover het gaat” aan, of laat dit leeg."),
        (["brief"], "x" * 201, "", "letter_from", "Maximaal 200 tekens (nu 201)."),
        ([], "", "y" * 201, "other", "Maximaal 200 tekens per regel."),
    ],
)
def test_what_to_bring_refused(codes: list[str], letter_from: str, other: str, field: str, message: str) -> None:
    bring, errors = validate_what_to_bring(codes, letter_from, other)
    assert errors[field] == message
    assert bring == WhatToBring()


# --- Hoe aanmelden -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "contact", "line"),
    [
        ("binnenlopen", "", "Gewoon binnenlopen"),
        ("bellen", "03 123 45 67", "Eerst bellen: 03 123 45 67"),
        ("online", "https://digipunt.be/inschrijven", "Online inschrijven via https://digipunt.be/inschrijven"),
        ("doorverwijzing", "0470 12 34 56", "Via doorverwijzing door een hulpverlener (bel 0470 12 34 56)"),
        (
            "doorverwijzing",
            "https://caw.be/aanmelden",
            "Via doorverwijzing door een hulpverlener (via https://caw.be/aanmelden)",
        ),
    ],
)
def test_sign_up(method: str, contact: str, line: str) -> None:
    sign_up, errors = validate_sign_up(method, contact)
    assert errors == {}
    assert sign_up.method == SignUpMethod(method)
    assert sign_up.describe_nl() == line


@pytest.mark.parametrize(
    ("method", "contact", "field", "message"),
    [
        ("bellen", "", "contact", "Geef het telefoonnummer om te bellen, bijvoorbeeld 03 123 45 67."),
        ("bellen", "bel ons", "contact", "Geef het telefoonnummer om te bellen, bijvoorbeeld 03 123 45 67."),
        ("online", "digipunt.be", "contact", "Geef de link om in te schrijven, beginnend met https://."),
        ("doorverwijzing", "", "contact", "Geef het nummer of de link waarmee een hulpverlener doorverwijst."),
        (
            "binnenlopen",
            "03 123 45 67",
            "contact",
            "Wie gewoon binnenloopt, heeft geen nummer of link nodig: laat dit leeg.",
        ),
        ("", "03 123 45 67", "method", "Kies ook hoe iemand zich aanmeldt."),
        ("mail", "", "method", "Onbekende keuze: mail."),
    ],
)
def test_sign_up_refused(method: str, contact: str, field: str, message: str) -> None:
    sign_up, errors = validate_sign_up(method, contact)
    assert errors == {field: message}
    assert sign_up == SignUp()


# --- Toegankelijkheid --------------------------------------------------------------------------


def test_accessibility() -> None:
    access, errors = validate_accessibility("beperkt", ["lift", "ringleiding"], " ingang via de  zijdeur ")
    assert errors == {}
    assert access.describe_nl() == "Beperkt rolstoeltoegankelijk · ringleiding, lift · ingang via de zijdeur"
    assert validate_accessibility("nee", [], "")[0].describe_nl() == "Niet rolstoeltoegankelijk"
    assert (
        validate_accessibility("ja", ["bel-aan"], "")[0].describe_nl() == "Rolstoeltoegankelijk · bel aan aan de ingang"
    )
    # details without a wheelchair answer do not turn into a claim
    assert (
        validate_accessibility("", [], "bel aan")[0].describe_nl() == "Rolstoeltoegankelijkheid niet bekend · bel aan"
    )


def test_accessibility_refused() -> None:
    access, errors = validate_accessibility("misschien", ["trap"], "z" * 201)
    assert access == Accessibility()
    assert errors == {
        "wheelchair": "Onbekende keuze: misschien.",
        "features": "Onbekende keuze: trap.",
        "details": "Maximaal 200 tekens (nu 201).",
    }


# --- Voorzieningen -----------------------------------------------------------------------------


def test_facilities() -> None:
    facilities, errors = validate_facilities(["printer", "gratis-wifi", "oplaadpunt"])
    assert errors == {}
    assert facilities.has(Facility.PRINTER) and not facilities.has(Facility.COMPUTERS)
    assert facilities.describe_nl() == "Gratis wifi, printer en oplaadpunt voor gsm of laptop"
    none, errors = validate_facilities(["geen"])
    assert errors == {} and none.known and none.describe_nl() == "Geen wifi, computers, printer, scanner of oplaadpunt"
    assert validate_facilities(["geen", "printer"])[1] == {
        "facilities": "Kies “geen van deze” niet samen met een voorziening."
    }
    assert validate_facilities(["koffie"])[1] == {"facilities": "Onbekende keuze: koffie."}


# --- Plaatsen ----------------------------------------------------------------------------------


def test_capacity_line_full_and_stale() -> None:
    capacity, errors = validate_capacity("3", "10", "", TODAY)
    assert errors == {}
    assert capacity == Capacity(3, 10, TODAY, CapacityUnit.PLACES)
    assert not capacity.is_full
    assert capacity.describe_nl(TODAY) == "3 van 10 plaatsen vrij (bijgewerkt 2/12)"
    assert not capacity.capacity_is_stale(date(2026, 12, 9))
    assert capacity.capacity_is_stale(date(2026, 12, 10))
    assert capacity.capacity_is_stale(datetime(2026, 12, 10, 8, tzinfo=UTC))
    assert capacity.describe_nl(date(2026, 12, 10)) == "3 van 10 plaatsen vrij op 2/12, mogelijk niet meer actueel"
    full = Capacity(0, 5, TODAY, CapacityUnit.LAPTOPS)
    assert full.is_full
    assert full.describe_nl(TODAY) == "Volzet: 0 van 5 laptops beschikbaar (bijgewerkt 2/12)"
    assert (
        Capacity(1, 1, date(2025, 12, 30)).describe_nl(date(2026, 1, 2))
        == "1 van 1 plaats vrij (bijgewerkt 30/12/2025)"
    )


def test_capacity_prompt_once_a_week_and_only_while_relevant() -> None:
    counted = Capacity(3, 10, date(2026, 11, 20))
    # shown, counted 12 days ago, never asked: ask
    assert capacity_prompt_due(counted, True, None, TODAY)
    # asked 3 days ago: not again this week; asked 7 days ago: again
    assert not capacity_prompt_due(counted, True, date(2026, 11, 29), TODAY)
    assert capacity_prompt_due(counted, True, date(2026, 11, 25), TODAY)
    # a fresh count, an offer that is not shown (paused, full hidden), or no places at all: never
    assert not capacity_prompt_due(Capacity(3, 10, date(2026, 11, 30)), True, None, TODAY)
    assert not capacity_prompt_due(counted, False, None, TODAY)
    assert not capacity_prompt_due(None, True, None, TODAY)


@pytest.mark.parametrize(
    ("available", "maximum", "unit", "errors"),
    [
        ("3", "", "", {"maximum": "Vul ook dit getal in, of laat beide leeg als er geen beperkt aantal plaatsen is."}),
        ("drie", "10", "", {"available": "Geef een geheel getal, bijvoorbeeld 3."}),
        ("-1", "10", "", {"available": "Geef een geheel getal, bijvoorbeeld 3."}),
        ("12", "10", "", {"available": "Er kunnen niet meer plaatsen vrij zijn dan het maximum (10)."}),
        ("0", "0", "", {"maximum": "Het maximum is minstens 1."}),
        ("1", "20000", "", {"maximum": "Dat is meer dan 10000: klopt het getal?"}),
        ("1", "2", "fietsen", {"unit": "Onbekende keuze: fietsen."}),
    ],
)
def test_capacity_refused(available: str, maximum: str, unit: str, errors: dict[str, str]) -> None:
    assert validate_capacity(available, maximum, unit, TODAY) == (None, errors)


# --- HSDS both ways ----------------------------------------------------------------------------

FULL = Practical(
    what_to_bring=WhatToBring(True, (Document.EID, Document.LETTER, Document.BANK_CARD), "het OCMW", ("kidsID",)),
    sign_up=SignUp(SignUpMethod.REFERRAL, "https://caw.be/aanmelden"),
    accessibility=Accessibility(Wheelchair.LIMITED, frozenset({AccessFeature.LIFT, AccessFeature.DOORBELL}), "zijdeur"),
    facilities=Facilities(True, frozenset({Facility.COMPUTERS, Facility.PRINTER})),
    capacity=Capacity(2, 8, TODAY, CapacityUnit.LAPTOPS),
)


@pytest.mark.parametrize(
    "practical",
    [
        Practical(),
        FULL,
        Practical(what_to_bring=WhatToBring(known=True), facilities=Facilities(known=True)),
        Practical(accessibility=Accessibility(details="bel aan")),
        Practical(sign_up=SignUp(SignUpMethod.WALK_IN)),
        Practical(capacity=Capacity(0, 12, date(2026, 1, 1))),
    ],
)
def test_hsds_round_trip(practical: Practical) -> None:
    assert practical_from_hsds(practical_to_hsds(practical)) == practical


def test_hsds_uses_the_standard_fields() -> None:
    out = practical_to_hsds(FULL)
    assert out["required_documents"] == [
        {"document": "identiteitskaart (eID)"},
        {"document": "de brief van het OCMW"},
        {"document": "bankkaart"},
        {"document": "kidsID"},
    ]
    assert out["application_process"] == "Via doorverwijzing door een hulpverlener (via https://caw.be/aanmelden)"
    assert out["accessibility"] == [
        {"description": "Beperkt rolstoeltoegankelijk · lift, bel aan aan de ingang · zijdeur", "details": "zijdeur"}
    ]
    assert out["capacities"] == [
        {
            "available": 2,
            "maximum": 8,
            "unit": {"name": "laptops", "scheme": "lerend-netwerk", "identifier": "laptops"},
            "updated": "2026-12-02T00:00:00+01:00",
        }
    ]
    assert {
        "taxonomy_term": {"term": "doorverwijzing", "taxonomy": "aanmelding"},
        "value": "https://caw.be/aanmelden",
    } in (out["attributes"])
    assert practical_to_hsds(Practical()) == {}


def test_hsds_from_another_publisher() -> None:
    fragment: dict[str, Any] = {
        "required_documents": [{"document": "Proof of address"}],
        "attributes": [
            {"taxonomy_term": {"term": "smartphone-en-apps", "taxonomy": "lerend-netwerk"}},
            {"taxonomy_term": {"term": "ja", "taxonomy": "Rolstoel"}},
        ],
        "capacities": [{"available": 1, "maximum": 4, "unit": {"name": "seats"}, "updated": "2026-12-01T17:30:00Z"}],
    }
    practical = practical_from_hsds(fragment)
    assert practical.what_to_bring == WhatToBring(True, (), "", ("Proof of address",))
    assert practical.accessibility.wheelchair is Wheelchair.YES
    assert practical.capacity == Capacity(1, 4, date(2026, 12, 1), CapacityUnit.PLACES)


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ({"attributes": [{"taxonomy_term": {"term": "fax", "taxonomy": "aanmelding"}}]}, 'aanmelding: "fax"'),
        ({"attributes": [{"taxonomy_term": {"term": "sauna", "taxonomy": "voorzieningen"}}]}, 'voorzieningen: "sauna"'),
        ({"capacities": [{"available": 5, "maximum": 2, "updated": "2026-12-01"}]}, "capacities: 5 van 2 kan niet"),
        ({"capacities": [{"available": "veel", "maximum": 2, "updated": "2026-12-01"}]}, "capacities: available"),
    ],
)
def test_hsds_refuses_values_it_does_not_know(fragment: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as error:
        practical_from_hsds(fragment)
    assert str(error.value).startswith(message)
