"""Every practical field goes out as HSDS and comes back the same: the document, the export/import and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import select

from domain.capacity import Capacity, CapacityUnit
from domain.closures import closed_period, temporary_closure
from domain.hsds import dump_document, parse_document
from domain.offering_practical import closure_columns, practical_columns
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
)
from storage.api_tokens import create_token
from storage.db import Database
from storage.hsds_io import export_organisations, import_organisations
from storage.models import Network, Offering
from storage.networks import create_network

PRACTICAL = Practical(
    WhatToBring(True, (Document.EID, Document.LETTER), "het OCMW", ("bibkaart",)),
    SignUp(SignUpMethod.BOOK_ONLINE, "https://inschrijven.example/digicafe"),
    Accessibility(Wheelchair.NO, frozenset({AccessFeature.DOORBELL}), "drie treden aan de ingang"),
    Facilities(True, frozenset({Facility.COMPUTERS, Facility.SCANNER})),
    Capacity(0, 5, date(2026, 11, 30), CapacityUnit.LAPTOPS),
)
CHRISTMAS = closed_period(date(2026, 12, 23), date(2027, 1, 2), "kerstvakantie")
WORKS = temporary_closure("Verbouwing, we zitten tijdelijk in de bib", date(2026, 12, 1))


def _set(row: Offering, temporary: Any = WORKS) -> None:
    for key, value in {**practical_columns(PRACTICAL), **closure_columns([CHRISTMAS], temporary, True)}.items():
        setattr(row, key, value)
    row.interpreter_languages = ["ar", "tr"]


def test_every_practical_field_survives_export_and_import(db: Database, social_map: dict[str, int]) -> None:
    with db.transaction() as session:
        laptop = session.get_one(Offering, social_map["laptop"])
        _set(laptop)
        itsme = session.get_one(Offering, social_map["itsme"])  # says nothing: stays unknown
        network = session.scalars(select(Network)).one()
        document = dump_document(export_organisations(session, network))
    assert parse_document(document) == export_organisations_again(db)
    services = {s["name"]: s for org in document["organizations"] for s in org["services"]}
    out = services["Laptop ontlenen"]
    assert out["status"] == "temporarily closed" and out["alert"].startswith("Verbouwing")
    assert {"document": "de brief van het OCMW"} in out["required_documents"]
    assert out["capacities"][0]["available"] == 0 and out["capacities"][0]["maximum"] == 5
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in out["attributes"]}
    assert {("gesloten", "2026-12-23/2027-01-02"), ("tolk", "ar"), ("schoolvakanties", "gesloten")} <= terms
    assert ("tijdelijk-gesloten", "2026-12-01/..") in terms
    locations = [item["location"] for item in out["service_at_locations"]]
    holder = locations[0] if locations else out  # HSDS puts accessibility on the location when there is one
    assert holder["accessibility"][0]["details"] == "drie treden aan de ingang"
    silent = services["Hulp bij itsme en e-loket"]
    assert "required_documents" not in silent and "capacities" not in silent and "alert" not in silent

    with db.transaction() as session:
        other = create_network(session, team_id="T7", name="Lerend netwerk Deurne", coordinator_user_id="UD")
        import_organisations(session, other, parse_document(document))
        copy = session.scalars(
            select(Offering).where(Offering.network_id == other.id, Offering.name == "Laptop ontlenen")
        ).one()
        original = session.get_one(Offering, social_map["laptop"])
        columns = (
            list(practical_columns(PRACTICAL)) + list(closure_columns([], None, False)) + ["interpreter_languages"]
        )
        assert {c: getattr(copy, c) for c in columns} == {c: getattr(original, c) for c in columns}
        assert copy.status == "active"
        assert (
            session.scalars(select(Offering).where(Offering.network_id == other.id, Offering.name == itsme.name))
            .one()
            .required_documents
            is None
        )


def export_organisations_again(db: Database) -> Any:
    with db.transaction() as session:
        return export_organisations(session, session.scalars(select(Network)).one())


def test_a_wrong_practical_value_refuses_the_file_in_dutch() -> None:
    document = {
        "organizations": [
            {
                "id": "o1",
                "name": "Bib",
                "services": [
                    {
                        "id": "s1",
                        "name": "Digicafé",
                        "attributes": [{"taxonomy_term": {"taxonomy": "gesloten", "term": "na de zomer"}}],
                    }
                ],
            }
        ]
    }
    try:
        parse_document(document)
    except ValueError as error:
        assert 'veld "attributes" klopt niet: gesloten: "na de zomer" is geen periode' in str(error)
    else:
        raise AssertionError("the file was accepted")


def test_the_api_shows_the_practical_fields(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    with db.transaction() as session:
        _set(session.get_one(Offering, social_map["laptop"]), temporary=None)
        token = create_token(session, session.scalars(select(Network)).one().id, "test")[1]
    response = app.test_client().get("/api/v1/services", headers={"Authorization": f"Bearer {token}"})
    laptop = next(s for s in response.get_json()["contents"] if s["name"] == "Laptop ontlenen")
    assert laptop["status"] == "active" and "alert" not in laptop
    assert laptop["capacities"][0]["unit"]["identifier"] == "laptops"
    assert {"document": "identiteitskaart (eID)"} in laptop["required_documents"]
    assert any(a["taxonomy_term"] == {"term": "online", "taxonomy": "aanmelding"} for a in laptop["attributes"])
