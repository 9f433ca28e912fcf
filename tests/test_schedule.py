"""Opening hours: what partners type, HSDS schedules, "open now", "next open" and the Dutch wording."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from domain.dates_nl import BRUSSELS
from domain.hsds import HsdsSchedule
from domain.schedule import (
    END_OF_DAY,
    Opening,
    describe_next_open_nl,
    describe_openings_nl,
    hours_per_week,
    is_open,
    mentions_appointment_nl,
    next_opening,
    openings_from_hsds,
    openings_to_hsds,
    parse_hours_nl,
)

MO, TU, WE, TH, FR, SA, SU = range(7)


def o(weekday: int, opens: str, closes: str) -> Opening:
    return Opening(weekday, time.fromisoformat(opens), time.fromisoformat(closes))


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


# Monday 9-12, Wednesday 13:30-16, Thursday 18-20
WEEK = [o(MO, "09:00", "12:00"), o(WE, "13:30", "16:00"), o(TH, "18:00", "20:00")]


# --- parse_hours_nl ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ma 9-12, wo 13:30-16:00", [o(MO, "09:00", "12:00"), o(WE, "13:30", "16:00")]),
        ("maandag en donderdag 9u-12u", [o(MO, "09:00", "12:00"), o(TH, "09:00", "12:00")]),
        ("di, do 18-20", [o(TU, "18:00", "20:00"), o(TH, "18:00", "20:00")]),
        ("za 10u tot 13u", [o(SA, "10:00", "13:00")]),
        ("woensdagnamiddag 13-17", [o(WE, "13:00", "17:00")]),
        ("ma-vr 9-17", [o(d, "09:00", "17:00") for d in range(5)]),
        ("ma t/m vr 9-12", [o(d, "09:00", "12:00") for d in range(5)]),
        ("van maandag tot woensdag van 9u30 tot 12u", [o(d, "09:30", "12:00") for d in range(3)]),
        ("elke woensdag tussen 14 en 16 uur", [o(WE, "14:00", "16:00")]),
        ("ma 9-12 en 13-16", [o(MO, "09:00", "12:00"), o(MO, "13:00", "16:00")]),
        ("Di 9:00 - 12:00. Do 13.30-16.00", [o(TU, "09:00", "12:00"), o(TH, "13:30", "16:00")]),
        ("weekend 10-12", [o(SA, "10:00", "12:00"), o(SU, "10:00", "12:00")]),
        ("dinsdags 9-11", [o(TU, "09:00", "11:00")]),
        ("'s avonds do 19u-21u", [o(TH, "19:00", "21:00")]),
        (
            "vr-ma 10-12",
            [o(MO, "10:00", "12:00"), o(FR, "10:00", "12:00"), o(SA, "10:00", "12:00"), o(SU, "10:00", "12:00")],
        ),
        ("ma 9-12, ma 11-14", [o(MO, "09:00", "14:00")]),
        ("za 20-24", [Opening(SA, time(20), END_OF_DAY)]),
        ("ma 9-12 en verder op afspraak", [o(MO, "09:00", "12:00")]),
        ("op afspraak", []),
        ("Enkel op afspraak", []),
        ("geen vaste uren", []),
        ("", []),
    ],
)
def test_parse_hours_nl(typed: str, expected: list[Opening]) -> None:
    assert parse_hours_nl(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("maandag 25-27", 'Ik begrijp "maandag 25-27" niet: een uur loopt van 0 tot 24.'),
        ("ma 9-12, wo 12-9", 'Ik begrijp "wo 12-9" niet: het beginuur moet voor het einduur liggen.'),
        ("ma 9:75-12", 'Ik begrijp "ma 9:75-12" niet: een uur heeft maar 60 minuten.'),
        ("9-12", 'Ik begrijp "9-12" niet: zet er een dag voor, bijvoorbeeld ma 9-12.'),
        ("ma 9-12, wo", 'Ik begrijp "wo" niet: geef ook de uren, bijvoorbeeld wo 13-16.'),
        ("ma 9", 'Ik begrijp "ma 9" niet: geef een begin- en einduur, bijvoorbeeld 9-12.'),
        ("zomer 9-12", 'Ik begrijp "zomer" niet: schrijf bijvoorbeeld "ma 9-12, wo 13:30-16:00".'),
    ],
)
def test_parse_hours_nl_explains_what_it_does_not_understand(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_hours_nl(typed)
    assert str(caught.value) == message


def test_mentions_appointment() -> None:
    assert mentions_appointment_nl("ma 9-12, anders op afspraak")
    assert mentions_appointment_nl("Enkel na afspraak")
    assert not mentions_appointment_nl("ma 9-12")


# --- HSDS ----------------------------------------------------------------------------------------


def test_openings_from_and_to_hsds() -> None:
    schedules = [
        HsdsSchedule("MO,TU,WE,TH,FR", "09:00", "12:00"),
        HsdsSchedule("TU,TH", "13:00:00", "16:00:00", "Namiddag"),
    ]
    openings = openings_from_hsds(schedules)
    assert len(openings) == 7 and openings[1] == o(TU, "09:00", "12:00") and openings[2] == o(TU, "13:00", "16:00")
    assert openings_to_hsds(openings) == [
        HsdsSchedule("MO,TU,WE,TH,FR", "09:00", "12:00"),
        HsdsSchedule("TU,TH", "13:00", "16:00"),
    ]
    assert openings_from_hsds(openings_to_hsds(openings)) == openings


def test_openings_to_hsds_groups_days_with_the_same_hours() -> None:
    assert openings_to_hsds([o(TH, "18:00", "20:00"), o(MO, "18:00", "20:00"), o(WE, "09:00", "12:00")]) == [
        HsdsSchedule("MO,TH", "18:00", "20:00"),
        HsdsSchedule("WE", "09:00", "12:00"),
    ]


# --- open now, open next -------------------------------------------------------------------------


def test_is_open_uses_brussels_time() -> None:
    assert is_open(WEEK, brussels(2026, 11, 30, 9, 0))  # Monday 9:00 sharp
    assert not is_open(WEEK, brussels(2026, 11, 30, 12, 0))  # closing time is exclusive
    assert is_open(WEEK, datetime(2026, 11, 30, 10, 30, tzinfo=UTC))  # 11:30 in Brussels
    assert not is_open(WEEK, datetime(2026, 11, 30, 11, 30, tzinfo=UTC))  # 12:30 in Brussels
    assert is_open(WEEK, datetime(2026, 7, 6, 9, 30, tzinfo=UTC))  # summer time: 11:30 in Brussels
    assert is_open([Opening(SA, time(20), END_OF_DAY)], brussels(2026, 11, 28, 23, 59, 30))


def test_is_open_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError):
        is_open(WEEK, datetime(2026, 11, 30, 10, 0))


def test_next_opening() -> None:
    assert next_opening(WEEK, brussels(2026, 11, 28, 10, 0)) == (brussels(2026, 11, 30, 9), brussels(2026, 11, 30, 12))
    # open now: the current window
    assert next_opening(WEEK, brussels(2026, 12, 2, 14, 0)) == (
        brussels(2026, 12, 2, 13, 30),
        brussels(2026, 12, 2, 16),
    )
    # after the last window of the week, wraps to next Monday
    assert next_opening(WEEK, brussels(2026, 12, 3, 20, 0))[0] == brussels(2026, 12, 7, 9)
    assert next_opening([], brussels(2026, 12, 3, 20, 0)) is None


def test_next_opening_across_the_change_to_winter_time() -> None:
    start, end = next_opening(WEEK, datetime(2026, 10, 24, 18, 0, tzinfo=UTC))  # Saturday, summer time
    assert start == brussels(2026, 10, 26, 9)
    assert start.utcoffset().total_seconds() == 3600  # Monday is in winter time
    assert start.astimezone(UTC).hour == 8


# --- in Dutch ------------------------------------------------------------------------------------


def test_describe_openings_nl() -> None:
    assert describe_openings_nl(WEEK) == "ma 9:00–12:00 · wo 13:30–16:00 · do 18:00–20:00"
    assert describe_openings_nl(parse_hours_nl("ma-vr 9-17, za 10-12")) == "ma–vr 9:00–17:00 · za 10:00–12:00"
    assert describe_openings_nl(parse_hours_nl("di, do 9-12 en 13-16")) == "di, do 9:00–12:00 en 13:00–16:00"
    assert describe_openings_nl(parse_hours_nl("za 20-24")) == "za 20:00–24:00"
    assert describe_openings_nl([]) == "geen vaste uren"
    always = openings_from_hsds([HsdsSchedule("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")])
    assert describe_openings_nl(always) == "altijd open (24/7)"


@pytest.mark.parametrize(
    ("now", "by_appointment", "expected"),
    [
        (brussels(2026, 12, 2, 14, 0), False, "nu open tot 16:00"),
        (brussels(2026, 12, 2, 10, 0), False, "vandaag open vanaf 13:30"),
        (brussels(2026, 12, 1, 10, 0), False, "morgen 13:30–16:00"),
        (brussels(2026, 11, 28, 10, 0), False, "maandag 30 november 9:00–12:00"),
        (brussels(2026, 11, 30, 13, 0), False, "woensdag 2 december 13:30–16:00"),
        (brussels(2026, 12, 2, 17, 0), False, "morgen 18:00–20:00"),
        (brussels(2026, 11, 29, 10, 0), True, "morgen 9:00–12:00, ook op afspraak"),
    ],
)
def test_describe_next_open_nl(now: datetime, by_appointment: bool, expected: str) -> None:
    assert describe_next_open_nl(WEEK, now, by_appointment) == expected


def test_describe_next_open_without_hours() -> None:
    now = brussels(2026, 11, 28, 10, 0)
    assert describe_next_open_nl([], now, True) == "op afspraak"
    assert describe_next_open_nl([], now, False) == "geen vaste uren"
    always = [Opening(d, time(0), END_OF_DAY) for d in range(7)]
    assert describe_next_open_nl(always, now, False) == "altijd open"
    assert describe_next_open_nl([Opening(SA, time(20), END_OF_DAY)], brussels(2026, 11, 28, 21), False) == (
        "nu open tot middernacht"
    )


def test_hours_per_week() -> None:
    assert hours_per_week(WEEK) == 7.5
    assert hours_per_week([o(MO, "09:00", "12:00"), o(MO, "11:00", "13:00")]) == 4
    assert hours_per_week([Opening(d, time(0), END_OF_DAY) for d in range(7)]) == 168
    assert hours_per_week([]) == 0
