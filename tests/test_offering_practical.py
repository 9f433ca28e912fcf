"""The practical columns of an offering: stored and read back as the domain values, unknown stays unknown."""

from __future__ import annotations

from datetime import date

from domain.capacity import Capacity
from domain.closures import closed_period, temporary_closure
from domain.offering_practical import closure_columns, closures_of, practical_columns, practical_of
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
from storage.db import Database
from storage.models import Offering


def test_practical_and_closures_survive_the_database(db: Database, social_map: dict[str, int]) -> None:
    practical = Practical(
        WhatToBring(True, (Document.EID, Document.EID_PIN, Document.LETTER), "de belastingen", ("bibkaart",)),
        SignUp(SignUpMethod.CALL, "03 123 45 67"),
        Accessibility(Wheelchair.LIMITED, frozenset({AccessFeature.LIFT}), "ingang via de zijdeur"),
        Facilities(True, frozenset({Facility.FREE_WIFI, Facility.PRINTER})),
        Capacity(3, 10, date(2026, 12, 2)),
    )
    christmas = closed_period(date(2026, 12, 23), date(2027, 1, 2), "kerstvakantie")
    works = temporary_closure("Verbouwing", date(2026, 12, 1), date(2026, 12, 15))
    with db.transaction() as session:
        row = session.get(Offering, social_map["laptop"])
        assert row is not None
        assert practical_of(row) == Practical()  # nothing said: everything unknown
        assert closures_of(row) == [] and row.follows_school_holidays is False
        for key, value in {**practical_columns(practical), **closure_columns([christmas], works, True)}.items():
            setattr(row, key, value)
        row.interpreter_languages = ["ar"]
    with db.transaction() as session:
        row = session.get(Offering, social_map["laptop"])
        assert row is not None
        assert practical_of(row) == practical
        assert closures_of(row) == [works, christmas]
        assert row.follows_school_holidays is True and row.interpreter_languages == ["ar"]


def test_nothing_to_bring_and_no_facilities_are_known_not_unknown() -> None:
    said = Practical(WhatToBring(True), facilities=Facilities(True))
    columns = practical_columns(said)
    assert columns["required_documents"] == [] and columns["facilities"] == []

    class Row:
        pass

    row = Row()
    row.__dict__.update(columns)
    assert practical_of(row) == said
    assert practical_of(row).what_to_bring.describe_nl() == "Niets speciaals meebrengen"
