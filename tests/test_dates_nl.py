"""Dutch due dates for /actie and Dutch date formatting, with a fixed "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.dates_nl import format_date_nl, format_datetime_nl, parse_due_date_nl, split_trailing_date_nl

SATURDAY = date(2026, 11, 28)
FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [
        ("vandaag", SATURDAY, date(2026, 11, 28)),
        ("morgen", SATURDAY, date(2026, 11, 29)),
        ("overmorgen", SATURDAY, date(2026, 11, 30)),
        ("vrijdag", SATURDAY, date(2026, 12, 4)),
        ("vrijdag", FRIDAY, date(2026, 12, 4)),  # on a Friday, "vrijdag" is next week's
        ("Vrijdag.", MONDAY, date(2026, 11, 27)),
        ("volgende vrijdag", MONDAY, date(2026, 12, 4)),  # Friday of next calendar week
        ("volgende vrijdag", SATURDAY, date(2026, 12, 4)),
        ("vrijdag volgende week", MONDAY, date(2026, 12, 4)),
        ("volgende week woensdag", MONDAY, date(2026, 12, 2)),
        ("deze vrijdag", FRIDAY, date(2026, 11, 27)),
        ("dinsdag over twee weken", MONDAY, date(2026, 12, 8)),
        ("volgende week", SATURDAY, date(2026, 12, 4)),  # Friday of next week
        ("volgende week", MONDAY, date(2026, 12, 4)),
        ("deze week", MONDAY, date(2026, 11, 27)),
        ("begin volgende week", SATURDAY, date(2026, 11, 30)),
        ("binnen twee weken", SATURDAY, date(2026, 12, 12)),
        ("over 2 weken", SATURDAY, date(2026, 12, 12)),
        ("over een week", SATURDAY, date(2026, 12, 5)),
        ("binnen de drie dagen", SATURDAY, date(2026, 12, 1)),
        ("binnen veertien dagen", SATURDAY, date(2026, 12, 12)),
        ("over een maand", date(2026, 1, 31), date(2026, 2, 28)),
        ("eind deze maand", SATURDAY, date(2026, 11, 30)),
        ("einde van de maand", date(2026, 2, 3), date(2026, 2, 28)),
        ("eind volgende maand", SATURDAY, date(2026, 12, 31)),
        ("begin volgende maand", SATURDAY, date(2026, 12, 1)),
        ("eind december", SATURDAY, date(2026, 12, 31)),
        ("half januari", SATURDAY, date(2027, 1, 15)),
        ("eind dit jaar", SATURDAY, date(2026, 12, 31)),
        ("20/12", SATURDAY, date(2026, 12, 20)),
        ("20-12", SATURDAY, date(2026, 12, 20)),
        ("20.12", SATURDAY, date(2026, 12, 20)),
        ("20/12/2026", SATURDAY, date(2026, 12, 20)),
        ("20/12/27", SATURDAY, date(2027, 12, 20)),
        ("20 december", SATURDAY, date(2026, 12, 20)),
        ("20 dec", SATURDAY, date(2026, 12, 20)),
        ("20 dec.", SATURDAY, date(2026, 12, 20)),
        ("zondag 20 december", SATURDAY, date(2026, 12, 20)),
        ("3 januari 2027", SATURDAY, date(2027, 1, 3)),
        ("2026-12-20", SATURDAY, date(2026, 12, 20)),
        ("28/11", SATURDAY, date(2026, 11, 28)),  # today is not in the past
        ("1/11", SATURDAY, date(2027, 11, 1)),  # past day and month roll to next year
        ("5 oktober", SATURDAY, date(2027, 10, 5)),
        ("29/2", SATURDAY, date(2028, 2, 29)),
        ("tegen vrijdag", SATURDAY, date(2026, 12, 4)),
        ("ten laatste 20/12", SATURDAY, date(2026, 12, 20)),
        ("uiterlijk op 20 december", SATURDAY, date(2026, 12, 20)),
        ("vr", SATURDAY, date(2026, 12, 4)),
        ("één dag", SATURDAY, None),
        ("31/11", SATURDAY, None),
        ("2026-02-30", SATURDAY, None),
        ("december", SATURDAY, None),
        ("verslag", SATURDAY, None),
        ("", SATURDAY, None),
    ],
)
def test_parse_due_date_nl(phrase: str, today: date, expected: date | None) -> None:
    assert parse_due_date_nl(phrase, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("verslag rondsturen tegen vrijdag", ("verslag rondsturen", date(2026, 12, 4))),
        ("verslag rondsturen tegen vrijdag.", ("verslag rondsturen", date(2026, 12, 4))),
        ("zaal boeken voor 20/12", ("zaal boeken", date(2026, 12, 20))),
        ("flyers drukken ten laatste 20 december", ("flyers drukken", date(2026, 12, 20))),
        ("mail naar de school uiterlijk op volgende week woensdag", ("mail naar de school", date(2026, 12, 2))),
        ("uitnodiging maken vrijdag 4 december", ("uitnodiging maken", date(2026, 12, 4))),
        ("bellen met Ligo morgen", ("bellen met Ligo", date(2026, 11, 29))),
        ("tegen vrijdag verslag rondsturen", ("verslag rondsturen", date(2026, 12, 4))),
        ("morgen bellen met de bib", ("bellen met de bib", date(2026, 11, 29))),
        ("lijst doorsturen tegen 20/12 naar iedereen", ("lijst doorsturen naar iedereen", date(2026, 12, 20))),
        ("affiche ophangen tegen do", ("affiche ophangen", date(2026, 12, 3))),
        # no date: short day names and number ranges keep their everyday meaning
        ("zeg het aan ma", ("zeg het aan ma", None)),
        ("zo snel mogelijk de zaal boeken", ("zo snel mogelijk de zaal boeken", None)),
        ("groepjes van 10-12 maken", ("groepjes van 10-12 maken", None)),
        ("groepjes van 10-12", ("groepjes van 10-12", None)),
        ("stoelen voor 20 mensen", ("stoelen voor 20 mensen", None)),
        ("  affiches ophangen ", ("affiches ophangen", None)),
    ],
)
def test_split_trailing_date_nl(text: str, expected: tuple[str, date | None]) -> None:
    assert split_trailing_date_nl(text, SATURDAY) == expected


def test_format_date_nl() -> None:
    assert format_date_nl(date(2026, 12, 12)) == "zaterdag 12 december 2026"
    assert format_date_nl(date(2026, 12, 4)) == "vrijdag 4 december 2026"
    assert format_date_nl(date(2027, 3, 1)) == "maandag 1 maart 2027"


def test_format_datetime_nl_is_in_brussels_time() -> None:
    assert format_datetime_nl(datetime(2026, 12, 3, 13, 0, tzinfo=UTC)) == "donderdag 3 december 2026 om 14:00"
    assert format_datetime_nl(datetime(2026, 7, 2, 7, 5, tzinfo=UTC)) == "donderdag 2 juli 2026 om 9:05"
    assert format_datetime_nl(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "vrijdag 1 januari 2027 om 0:30"
    with pytest.raises(ValueError):
        format_datetime_nl(datetime(2026, 12, 3, 13, 0))


def test_date_problems_are_named_in_dutch() -> None:
    from domain.dates_nl import date_problem_nl

    today = date(2026, 12, 2)
    assert date_problem_nl("iets doen 31/02", today) == "“31/02” is geen bestaande datum. Kijk de dag en de maand na."
    assert date_problem_nl("iets doen 31/04/2027", today) is not None
    assert date_problem_nl("tegen 2026-02-30", today) is not None
    assert date_problem_nl("tegen 30 februari", today) is not None
    assert (
        date_problem_nl("iets doen eergisteren", today) == "“eergisteren” ligt in het verleden. Kies vandaag of later."
    )
    assert date_problem_nl("afgelopen maandag", today) is not None
    for fine in ("iets doen 29/02", "stoelen 30-40", "groepjes van 10-12", "iets doen vrijdag", "versie 3.14", ""):
        assert date_problem_nl(fine, today) is None, fine
