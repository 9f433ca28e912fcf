"""HSDS import/export: the shared sample and the demo network load, round trips lose nothing, and bad
files are refused with a Dutch message that names the organisation, the service and the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from domain.hsds import HsdsError, HsdsOrganization, dump_document, parse_document

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SAMPLE = SHARED_DATA / "public_sample.json"
DEMO = Path(__file__).resolve().parents[1] / "plugin" / "demo" / "demo_network.json"
CATEGORIES = {
    "toestel-en-internet",
    "basisvaardigheden",
    "smartphone-en-apps",
    "e-overheid-en-itsme",
    "administratie-en-formulieren",
    "school-en-ouders",
    "werk-en-solliciteren",
    "veiligheid-online",
    "gezondheid-online",
    "taal-en-digitaal",
    "jongeren",
    "senioren",
}


def minimal_document() -> dict[str, Any]:
    """A small valid document using the variants a foreign HSDS export may contain."""
    return {
        "organizations": [
            {
                "id": "org-1",
                "name": "Bib Deurne",
                "description": "Bibliotheek.",
                "email": "bib@deurne.example",
                "website": "https://bib.example",
                "phones": [{"number": "03 000 00 01"}],
                "unknown_extra": {"whatever": True},
                "services": [
                    {
                        "id": "s-3",
                        "organization_id": "org-1",
                        "name": "Digicafé",
                        "description": "Hulp met je gsm.",
                        "email": "digicafe@deurne.example",
                        "url": "https://bib.example/digicafe",
                        "status": "active",
                        "languages": ["nl", {"name": "Arabic", "code": "ar"}, {"name": "Turks"}],
                        "fees_description": "Gratis.",
                        "eligibility_description": "Voor iedereen.",
                        "application_process": "Gewoon binnenlopen.",
                        "assured_date": "2026-11-02",
                        "attributes": [
                            {"taxonomy_term": {"term": "smartphone-en-apps", "taxonomy": "lerend-netwerk"}},
                            {"taxonomy_term": {"term": "basisvaardigheden"}},
                            {"taxonomy_term": {"term": "senioren", "taxonomy": "doelgroep"}},
                            {"taxonomy_term": {"term": "Something Else", "taxonomy": "openeligibility"}},
                        ],
                        "schedules": [
                            {"byday": "th, mo", "opens_at": "13:30:00", "closes_at": "16:00", "description": "Inloop"},
                        ],
                        "service_areas": [{"name": "Deurne"}],
                        "service_at_locations": [
                            {
                                "location": {
                                    "id": "loc-1",
                                    "name": "Bibliotheek Deurne",
                                    "physical_addresses": [
                                        {"address_1": "Gallifortlei 1", "postal_code": "2100", "city": "Antwerpen"}
                                    ],
                                }
                            }
                        ],
                        "phones": [{"number": "+32 3 000 00 02"}],
                    }
                ],
            }
        ]
    }


def service(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["organizations"][0]["services"][0]


def problems_of(doc: object) -> str:
    with pytest.raises(HsdsError) as caught:
        parse_document(doc)
    return str(caught.value)


# --- valid documents ---------------------------------------------------------------------------


def test_minimal_document_reads_every_field() -> None:
    [org] = parse_document(minimal_document())
    assert (org.id, org.name, org.email, org.website, org.phones) == (
        "org-1",
        "Bib Deurne",
        "bib@deurne.example",
        "https://bib.example",
        ["03 000 00 01"],
    )
    [svc] = org.services
    assert svc.languages == ["nl", "ar", "tr"]
    assert svc.categories == ["smartphone-en-apps", "basisvaardigheden"]
    assert svc.target_groups == ["senioren"]
    assert [(s.byday, s.opens_at, s.closes_at) for s in svc.schedules] == [("MO,TH", "13:30", "16:00")]
    assert svc.service_areas == ["Deurne"]
    assert svc.locations[0].addresses[0].country == "BE"
    assert svc.assured_date == "2026-11-02"
    assert svc.application_process == "Gewoon binnenlopen."


def test_round_trip_loses_nothing() -> None:
    parsed = parse_document(minimal_document())
    dumped = dump_document(parsed)
    assert parse_document(json.loads(json.dumps(dumped))) == parsed
    svc = dumped["organizations"][0]["services"][0]
    assert svc["languages"] == ["nl", "ar", "tr"]
    assert {"taxonomy_term": {"term": "senioren", "taxonomy": "doelgroep"}} in svc["attributes"]
    assert svc["organization_id"] == "org-1"


def test_absent_optional_values_are_left_out_of_the_dump() -> None:
    orgs = [HsdsOrganization(id="o", name="Organisatie zonder extra's")]
    dumped = dump_document(orgs)
    assert dumped == {
        "organizations": [
            {"id": "o", "name": "Organisatie zonder extra's", "description": "", "phones": [], "services": []}
        ]
    }
    assert parse_document(dumped) == orgs


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample data not present")
def test_shared_sample_parses_and_round_trips() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    orgs = parse_document(data)
    assert len(orgs) == len(data["organizations"])
    services = [s for org in orgs for s in org.services]
    assert len(services) == sum(len(o["services"]) for o in data["organizations"])
    assert {c for s in services for c in s.categories} <= CATEGORIES
    assert all(s.categories and s.service_areas for s in services)
    assert parse_document(json.loads(json.dumps(dump_document(orgs)))) == orgs


def test_demo_network_is_valid_and_covers_every_category() -> None:
    orgs = parse_document(json.loads(DEMO.read_text(encoding="utf-8")))
    services = [s for org in orgs for s in org.services]
    assert 8 <= len(orgs) <= 15 and 20 <= len(services) <= 35
    assert {c for s in services for c in s.categories} == CATEGORIES
    assert all(o.id.startswith("demo-org-") for o in orgs)
    assert all(s.id.startswith("demo-svc-") for s in services)
    areas = {a for s in services for a in s.service_areas}
    assert areas == {"Deurne", "Antwerpen"}
    assert any(s.target_groups for s in services)
    assert len({lang for s in services for lang in s.languages}) >= 6
    emails = [o.email for o in orgs] + [s.email for s in services]
    assert all(e is None or e.endswith(".example") for e in emails)
    assert parse_document(dump_document(orgs)) == orgs


# --- refused documents -------------------------------------------------------------------------


def test_bad_hour_names_organisation_service_and_field() -> None:
    doc = minimal_document()
    service(doc)["schedules"][0]["opens_at"] = "9u"
    assert problems_of(doc) == (
        'Organisatie "Bib Deurne" (id org-1), dienst "Digicafé" (id s-3): '
        'veld "schedules[0].opens_at" moet een uur zijn als 09:30, niet "9u"'
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: service(d).pop("name"), '(id s-3): veld "name" ontbreekt of is leeg'),
        (lambda d: service(d).update(id="  "), 'dienst "Digicafé" (nr. 1, zonder id): veld "id" ontbreekt'),
        (lambda d: service(d).update(id=7), 'veld "id" moet tekst zijn, niet 7'),
        (lambda d: service(d).update(status="open"), 'veld "status" moet active, inactive of defunct zijn'),
        (lambda d: service(d)["schedules"][0].update(byday="MA"), 'veld "schedules[0].byday" moet dagcodes'),
        (lambda d: service(d)["schedules"][0].update(byday="MO,MO"), "noemt MO twee keer"),
        (lambda d: service(d)["schedules"][0].update(closes_at="13:00"), 'veld "schedules[0].closes_at" moet na'),
        (lambda d: service(d)["schedules"][0].update(opens_at="25:00"), "moet een uur zijn als 09:30"),
        (lambda d: service(d)["schedules"][0].pop("closes_at"), '"schedules[0].closes_at" ontbreekt'),
        (lambda d: service(d).update(email="digicafe(at)bib"), 'veld "email" moet een e-mailadres zijn'),
        (lambda d: service(d).update(url="www.bib.example"), 'veld "url" moet een webadres zijn'),
        (lambda d: service(d).update(name="x" * 201), 'veld "name" is te lang: 201 tekens, maximaal 200'),
        (lambda d: service(d).update(description="x" * 4001), 'veld "description" is te lang'),
        (lambda d: service(d).update(languages=[{"name": "Klingon"}]), 'veld "languages[0].name" is een taal'),
        (lambda d: service(d).update(languages="nl"), 'veld "languages" moet een lijst zijn'),
        (lambda d: service(d).update(assured_date="2/11/2026"), 'veld "assured_date" moet een datum zijn'),
        (lambda d: service(d).update(organization_id="org-2"), 'veld "organization_id" verwijst naar een andere'),
        (
            lambda d: service(d)["attributes"].append({"taxonomy_term": {"term": "Smartphone en apps"}}),
            "moet een categorie zijn in kleine letters",
        ),
        (lambda d: service(d)["phones"].append({"number": "bel ons"}), 'veld "phones[1].number" moet een telefoon'),
        (
            lambda d: service(d)["service_at_locations"].append({"location_id": "x"}),
            'veld "service_at_locations[1].location" ontbreekt',
        ),
        (
            lambda d: d["organizations"][0].update(email="geen mail"),
            'Organisatie "Bib Deurne" (id org-1): veld "email"',
        ),
    ],
)
def test_bad_field_is_named(change: Any, expected: str) -> None:
    doc = minimal_document()
    change(doc)
    message = problems_of(doc)
    assert expected in message
    assert message.startswith('Organisatie "Bib Deurne" (id org-1)')


def test_ids_must_be_unique() -> None:
    doc = minimal_document()
    doc["organizations"].append(copy.deepcopy(doc["organizations"][0]))
    doc["organizations"][1]["name"] = "Bib Deurne bis"
    message = problems_of(doc)
    assert 'Organisatie "Bib Deurne bis" (id org-1): veld "id" komt al voor bij Organisatie "Bib Deurne"' in message
    assert 'dienst "Digicafé" (id s-3): veld "id" komt al voor' in message


def test_not_an_hsds_document() -> None:
    for data in ([], {"organisations": []}, {"organizations": {}}, "tekst"):
        assert problems_of(data) == 'Het bestand moet een JSON-object zijn met een lijst "organizations".'


def test_organisation_without_name_or_id_is_named_by_position() -> None:
    doc = minimal_document()
    doc["organizations"].append({"services": []})
    assert 'Organisatie nr. 2 (zonder naam of id): veld "id" ontbreekt of is leeg' in problems_of(doc)


def test_all_problems_are_collected_and_the_first_ten_shown() -> None:
    doc = minimal_document()
    template = service(doc)
    doc["organizations"][0]["services"] = [
        {**copy.deepcopy(template), "id": f"s-{i}", "status": "kapot"} for i in range(12)
    ]
    with pytest.raises(HsdsError) as caught:
        parse_document(doc)
    assert len(caught.value.problems) == 12
    message = str(caught.value)
    assert message.startswith("Het bestand heeft 12 problemen:\n- ")
    assert message.count("\n- ") == 11  # ten problems and the "more" line
    assert message.endswith("- … en nog 2 andere problemen.")
    assert isinstance(caught.value, ValueError)


def test_empty_optional_values_count_as_absent() -> None:
    doc = minimal_document()
    service(doc).update(email="", url=None, fees_description="  ", status=None, languages=None)
    [org] = parse_document(doc)
    svc = org.services[0]
    assert (svc.email, svc.url, svc.fees_description, svc.status, svc.languages) == (None, None, None, "active", [])
