"""Closures of an offer: typed periods, a temporary closure, school holidays, and opening hours that respect them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.closures import (
    Closure,
    closed_period,
    closed_until,
    describe_closed_nl,
    describe_next_open_respecting_closures_nl,
    is_closed_on,
    is_open_respecting_closures,
    next_opening_respecting_closures,
    parse_closures_nl,
    temporary_closure,
    validate_temporary_closure,
)
from domain.dates_nl import BRUSSELS
from domain.schedule import Opening, describe_next_open_nl, normalise_openings

D = date
TODAY = D(2026, 12, 2)  # a Wednesday
MO, TU, WE, TH, FR, SA, SU = range(7)


def o(weekday: int, opens: str, closes: str) -> Opening:
    return Opening(weekday, time.fromisoformat(opens), time.fromisoformat(closes))


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def spans(text: str, today: date = TODAY) -> list[tuple[date, date | None]]:
    return [(c.start, c.end) for c in parse_closures_nl(text, today)]


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("23/12-2/1", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("gesloten 23/12–2/1", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("23 december tot 2 januari", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("van 23 dec. t/m 2 jan.", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("23 december tot en met 2 januari 2027", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("24/12", [(D(2026, 12, 24), D(2026, 12, 24))]),
        ("op 24 december", [(D(2026, 12, 24), D(2026, 12, 24))]),
        ("23-31 december", [(D(2026, 12, 23), D(2026, 12, 31))]),
        ("23/12/2026 - 2/1/2027", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("2026-12-23 - 2027-01-02", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("23-12-2026 tot 2-1-2027", [(D(2026, 12, 23), D(2027, 1, 2))]),
        ("24-12-2026", [(D(2026, 12, 24), D(2026, 12, 24))]),
        ("1/5/27", [(D(2027, 5, 1), D(2027, 5, 1))]),
        ("maandag 28 december", [(D(2026, 12, 28), D(2026, 12, 28))]),
        (
            "24/12, 31/12 en 1/5",
            [(D(2026, 12, 24), D(2026, 12, 24)), (D(2026, 12, 31), D(2026, 12, 31)), (D(2027, 5, 1), D(2027, 5, 1))],
        ),
        ("24 en 31 december", [(D(2026, 12, 24), D(2026, 12, 24)), (D(2026, 12, 31), D(2026, 12, 31))]),
        (
            "24, 25 en 31 december 2027",
            [
                (D(2027, 12, 24), D(2027, 12, 24)),
                (D(2027, 12, 25), D(2027, 12, 25)),
                (D(2027, 12, 31), D(2027, 12, 31)),
            ],
        ),
        ("juli en augustus", [(D(2027, 7, 1), D(2027, 7, 31)), (D(2027, 8, 1), D(2027, 8, 31))]),
        ("heel februari 2028", [(D(2028, 2, 1), D(2028, 2, 29))]),
        ("december", [(D(2026, 12, 1), D(2026, 12, 31))]),  # the running month
        ("23/12 tot 2/1 gesloten", [(D(2026, 12, 23), D(2027, 1, 2))]),
        (
            "1/5, 2 en 3 mei",
            [(D(2027, 5, 1), D(2027, 5, 1)), (D(2027, 5, 2), D(2027, 5, 2)), (D(2027, 5, 3), D(2027, 5, 3))],
        ),
        ("", []),
    ],
)
def test_parse_closures(typed: str, expected: list[tuple[date, date]]) -> None:
    assert spans(typed) == expected


def test_a_reason_between_brackets() -> None:
    closures = parse_closures_nl("23/12-2/1 (Inventaris), 24/12", TODAY)
    assert closures == [
        Closure(D(2026, 12, 23), D(2027, 1, 2), "periode", "inventaris"),
        Closure(D(2026, 12, 24), D(2026, 12, 24), "periode", ""),
    ]
    with pytest.raises(ValueError, match="De reden tussen haakjes is te lang: maximaal 80 tekens."):
        parse_closures_nl(f"24/12 ({'x' * 81})", TODAY)


def test_a_date_without_year_is_the_next_one() -> None:
    # 15/11 has passed on 2 December: next year's
    assert spans("15/11") == [(D(2027, 11, 15), D(2027, 11, 15))]
    # a period that has begun counts as this one, as long as it has not ended
    assert spans("23/12-2/1", today=D(2026, 12, 28)) == [(D(2026, 12, 23), D(2027, 1, 2))]
    assert spans("23/12-2/1", today=D(2027, 1, 3)) == [(D(2027, 12, 23), D(2028, 1, 2))]
    # 29 February waits for a leap year
    assert spans("29/2") == [(D(2028, 2, 29), D(2028, 2, 29))]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/2", 'De datum "31/2" bestaat niet.'),
        ("1/1/2026", '"1/1/2026" is al voorbij.'),
        ("2/1/2027 - 23/12/2026", 'In "2/1/2027 - 23/12/2026" ligt de einddatum voor de begindatum.'),
        ("1/1/2027-3/3/2028", '"1/1/2027-3/3/2028" duurt langer dan een jaar: kies liever "tijdelijk gesloten".'),
        ("kerst", 'Ik begrijp "kerst" niet: schrijf bijvoorbeeld "23/12-2/1", "23 december tot 2 januari" of "24/12".'),
        ("23/12 tot", 'Ik begrijp "23/12 tot" niet'),
        ("24/13", 'De datum "24/13" bestaat niet.'),
        ("kerstvakantie", "Voor de schoolvakanties kies je “volgt de schoolvakanties”; typ hier alleen andere"),
    ],
)
def test_parse_refuses_in_dutch(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_closures_nl(typed, TODAY)
    assert str(error.value).startswith(message)


def test_temporary_closure_form() -> None:
    closure, errors = validate_temporary_closure("  Verbouwing:  we zitten in de bib ", "15/1", TODAY)
    assert errors == {}
    assert closure == Closure(TODAY, D(2027, 1, 15), "tijdelijk", alert="Verbouwing: we zitten in de bib")
    closure, errors = validate_temporary_closure("Verbouwing", "", TODAY)
    assert closure is not None and closure.end is None

    closure, errors = validate_temporary_closure("", "23/12-2/1", TODAY)
    assert closure is None
    assert set(errors) == {"alert", "until"}
    assert "één datum" in errors["until"]
    _, errors = validate_temporary_closure("x" * 301, "morgen", TODAY)
    assert errors["alert"] == "Maximaal 300 tekens (nu 301)."
    assert errors["until"].startswith('Ik begrijp "morgen" niet')


def test_constructors_refuse_an_end_before_the_start() -> None:
    with pytest.raises(ValueError):
        closed_period(D(2027, 1, 2), D(2026, 12, 23))
    with pytest.raises(ValueError):
        temporary_closure("Verbouwing", D(2027, 1, 2), D(2026, 12, 23))


# --- closed on a day, until when -------------------------------------------------------------

CHRISTMAS = closed_period(D(2026, 12, 23), D(2027, 1, 2), "eindejaar")


def test_is_closed_on_a_dated_period_only_inside_it() -> None:
    assert is_closed_on(D(2026, 12, 22), [CHRISTMAS]) is None
    assert is_closed_on(D(2026, 12, 23), [CHRISTMAS]) == CHRISTMAS
    assert is_closed_on(D(2027, 1, 2), [CHRISTMAS]) == CHRISTMAS
    assert is_closed_on(D(2027, 1, 3), [CHRISTMAS]) is None


def test_school_holidays_count_only_when_the_offer_follows_them() -> None:
    assert is_closed_on(D(2026, 11, 4), []) is None
    closure = is_closed_on(D(2026, 11, 4), [], follows_school_holidays=True)
    assert closure == Closure(D(2026, 11, 2), D(2026, 11, 8), "schoolvakantie", "herfstvakantie")
    assert is_closed_on(D(2026, 11, 10), [], follows_school_holidays=True) is None
    assert is_closed_on(D(2026, 11, 11), [], follows_school_holidays=True) is not None  # Wapenstilstand


def test_a_temporary_closure_wins_and_can_be_open_ended() -> None:
    works = temporary_closure("Verbouwing", D(2026, 12, 1))
    assert is_closed_on(D(2026, 12, 24), [CHRISTMAS, works], True) == works
    assert is_closed_on(D(2030, 1, 1), [works]) == works
    assert is_closed_on(D(2026, 11, 30), [works]) is None


def test_closed_until_joins_touching_closures_and_names_them() -> None:
    extra = closed_period(D(2027, 1, 4), D(2027, 1, 5), "inventaris")
    stretch = closed_until(D(2026, 12, 28), [extra], follows_school_holidays=True)
    assert stretch is not None
    # kerstvakantie 21/12/2026-3/1/2027, then 4-5 January: open again on Wednesday 6 January
    assert stretch.last_day == D(2027, 1, 5)
    assert stretch.reopens_on == D(2027, 1, 6)
    assert stretch.reasons == ("kerstvakantie", "inventaris")
    assert closed_until(D(2026, 12, 18), [extra], follows_school_holidays=True) is None


def test_closed_until_an_open_ended_closure() -> None:
    stretch = closed_until(D(2026, 12, 5), [temporary_closure("Verbouwing", D(2026, 12, 1))])
    assert stretch is not None
    assert stretch.last_day is None and stretch.reopens_on is None


@pytest.mark.parametrize(
    ("day", "closures", "follows", "sentence"),
    [
        (D(2026, 12, 28), [], True, "Gesloten tot en met 3 januari (kerstvakantie)"),
        (D(2026, 12, 23), [CHRISTMAS], False, "Gesloten tot en met 2 januari (eindejaar)"),
        (D(2026, 12, 2), [closed_period(D(2026, 12, 2), D(2026, 12, 2))], False, "Vandaag gesloten"),
        (
            D(2026, 12, 2),
            [temporary_closure("We verhuizen naar de bib.", D(2026, 12, 1))],
            False,
            "Tijdelijk gesloten tot nader bericht — We verhuizen naar de bib.",
        ),
        (
            D(2026, 12, 2),
            [temporary_closure("Stroompanne.", D(2026, 12, 1), D(2026, 12, 4))],
            False,
            "Gesloten tot en met 4 december — Stroompanne.",
        ),
        (
            D(2026, 12, 2),
            [closed_period(D(2026, 12, 1), D(2027, 7, 1), "verbouwing")],
            False,
            "Gesloten tot en met 1 juli 2027 (verbouwing)",
        ),
    ],
)
def test_describe_closed(day: date, closures: list[Closure], follows: bool, sentence: str) -> None:
    stretch = closed_until(day, closures, follows)
    assert stretch is not None
    assert describe_closed_nl(stretch, TODAY if day <= TODAY else day) == sentence


def test_describe_a_closure_that_starts_later() -> None:
    stretch = closed_until(D(2026, 12, 23), [CHRISTMAS])
    assert stretch is not None
    assert describe_closed_nl(stretch, TODAY) == "Gesloten van 23 december tot en met 2 januari (eindejaar)"
    single = closed_until(D(2026, 12, 24), [closed_period(D(2026, 12, 24), D(2026, 12, 24))])
    assert single is not None
    assert describe_closed_nl(single, TODAY) == "Gesloten op 24 december"


# --- with the weekly hours -------------------------------------------------------------------

# Monday and Wednesday mornings, Saturday 10-12
WEEK = [o(MO, "09:00", "12:00"), o(WE, "09:00", "12:00"), o(SA, "10:00", "12:00")]


def test_open_now_during_an_exception_and_a_school_holiday() -> None:
    wednesday_morning = brussels(2026, 12, 23, 10, 0)
    assert is_open_respecting_closures(WEEK, [], wednesday_morning)
    assert not is_open_respecting_closures(WEEK, [CHRISTMAS], wednesday_morning)
    autumn = brussels(2026, 11, 4, 10, 0)  # Wednesday in the herfstvakantie
    assert is_open_respecting_closures(WEEK, [], autumn)
    assert not is_open_respecting_closures(WEEK, [], autumn, follows_school_holidays=True)
    # a UTC moment is read in Brussels time
    utc = datetime(2026, 12, 22, 23, 30, tzinfo=UTC)  # already Wednesday 0:30 in Brussels
    late = [o(TU, "20:00", "23:59"), o(WE, "00:00", "01:00")]
    assert is_open_respecting_closures(late, [], utc)
    assert not is_open_respecting_closures(late, [CHRISTMAS], utc)


def test_a_moment_without_timezone_is_refused() -> None:
    naive = datetime(2026, 12, 23, 10, 0)
    with pytest.raises(ValueError):
        is_open_respecting_closures(WEEK, [], naive)
    with pytest.raises(ValueError):
        next_opening_respecting_closures(WEEK, [], naive)
    with pytest.raises(ValueError):
        describe_next_open_respecting_closures_nl(WEEK, [], naive, False)


def test_next_opening_skips_closed_days() -> None:
    now = brussels(2026, 12, 22, 18, 0)  # Tuesday evening before the closure
    assert next_opening_respecting_closures(WEEK, [], now) == (brussels(2026, 12, 23, 9), brussels(2026, 12, 23, 12))
    # closed 23/12-2/1: the next window is Monday 4 January
    found = next_opening_respecting_closures(WEEK, [CHRISTMAS], now)
    assert found == (brussels(2027, 1, 4, 9), brussels(2027, 1, 4, 12))
    # following the school holidays (until Sunday 3 January) and closed on 4 January too
    monday = closed_period(D(2027, 1, 4), D(2027, 1, 4))
    found = next_opening_respecting_closures(WEEK, [monday], now, follows_school_holidays=True)
    assert found == (brussels(2027, 1, 6, 9), brussels(2027, 1, 6, 12))


def test_next_opening_while_open_now_on_a_closed_day_moves_on() -> None:
    now = brussels(2026, 12, 24, 10, 0)  # Thursday: not open anyway
    closures = [closed_period(D(2026, 12, 26), D(2026, 12, 26))]  # Saturday closed
    found = next_opening_respecting_closures(WEEK, closures, now)
    assert found == (brussels(2026, 12, 28, 9), brussels(2026, 12, 28, 12))


def test_next_opening_is_unknown_when_closed_until_further_notice_or_without_hours() -> None:
    works = temporary_closure("Verbouwing", D(2026, 12, 1))
    assert next_opening_respecting_closures(WEEK, [works], brussels(2026, 12, 2, 8)) is None
    assert next_opening_respecting_closures([], [], brussels(2026, 12, 2, 8)) is None


def test_card_line() -> None:
    now = brussels(2026, 12, 22, 18, 0)
    assert describe_next_open_respecting_closures_nl(WEEK, [], now, False) == describe_next_open_nl(WEEK, now, False)
    assert describe_next_open_respecting_closures_nl(WEEK, [CHRISTMAS], now, False) == (
        "Gesloten van 23 december tot en met 2 januari (eindejaar); daarna weer open maandag 4 januari 9:00–12:00"
    )
    during = brussels(2026, 12, 28, 10, 0)
    assert describe_next_open_respecting_closures_nl(WEEK, [], during, False, follows_school_holidays=True) == (
        "Gesloten tot en met 3 januari (kerstvakantie); daarna weer open maandag 4 januari 9:00–12:00"
    )
    works = temporary_closure("We verhuizen.", D(2026, 12, 1))
    assert describe_next_open_respecting_closures_nl(WEEK, [works], during, False) == (
        "Tijdelijk gesloten tot nader bericht — We verhuizen."
    )
    # by appointment only: no weekly hours, but a closure today is still said
    assert describe_next_open_respecting_closures_nl([], [CHRISTMAS], during, True) == (
        "Gesloten tot en met 2 januari (eindejaar); op afspraak"
    )
    assert describe_next_open_respecting_closures_nl([], [], during, True) == "op afspraak"
    # closed until further notice does not go on to say "op afspraak"
    assert describe_next_open_respecting_closures_nl([], [works], during, True) == (
        "Tijdelijk gesloten tot nader bericht — We verhuizen."
    )


def test_the_message_of_a_temporary_closure_is_kept_when_it_follows_a_holiday() -> None:
    works = temporary_closure("Nieuwe vloer.", D(2027, 1, 4), D(2027, 1, 8))
    stretch = closed_until(D(2026, 12, 28), [works], follows_school_holidays=True)
    assert stretch is not None
    assert describe_closed_nl(stretch, D(2026, 12, 28)) == (
        "Gesloten tot en met 8 januari (kerstvakantie) — Nieuwe vloer."
    )


def test_next_opening_agrees_with_a_day_by_day_search() -> None:
    """Many random weeks and closures: the result is the first window, day by day, on a day that is not closed."""
    from datetime import timedelta
    from random import Random

    from domain.school_holidays import is_school_holiday

    rng = Random(16)
    for _ in range(300):
        week = []
        for _ in range(rng.randint(1, 4)):
            opens = rng.randint(7, 20)
            week.append(Opening(rng.randrange(7), time(opens), time(min(opens + rng.randint(1, 4), 23))))
        now = brussels(2026, 12, 1, 0, 0) + timedelta(minutes=rng.randrange(60 * 24 * 400))
        closures = []
        for _ in range(rng.randint(0, 3)):
            start = now.date() + timedelta(days=rng.randint(-5, 40))
            closures.append(closed_period(start, start + timedelta(days=rng.randint(0, 20))))
        follows = rng.random() < 0.5

        def closed(day: date) -> bool:
            return any(c.start <= day <= (c.end or day) for c in closures) or (follows and is_school_holiday(day))  # noqa: B023

        expected = None
        for offset in range(120):
            day = now.date() + timedelta(days=offset)
            if closed(day):
                continue
            # overlapping windows of one day are one window, as in domain.schedule
            windows = [w for w in normalise_openings(week) if w.weekday == day.weekday()]
            ends = [(brussels(day.year, day.month, day.day, w.opens.hour), brussels(day.year, day.month, day.day,
                     w.closes.hour)) for w in windows]  # fmt: skip
            later = [(s, e) for s, e in ends if e > now]
            if later:
                expected = later[0]
                break
        assert next_opening_respecting_closures(week, closures, now, follows) == expected, (week, closures, now)


def test_closed_until_a_day_just_past_is_refused_not_read_as_next_year() -> None:
    """“Tijdelijk gesloten tot 1/12” typed on 2 December is a slip: never closed for eleven more months."""
    for typed, day in (("1/12", "1/12/2027"), ("30 november", "30/11/2027")):
        closure, errors = validate_temporary_closure("Verbouwing", typed, TODAY)
        assert closure is None
        assert errors == {"until": f'"{typed}" is al voorbij. Gaat het om volgend jaar, schrijf dan het jaar '
                                   f"erbij (tot {day})."}  # fmt: skip
    accepted = (("1/12/2027", D(2027, 12, 1)), ("2/12", TODAY), ("15/1", D(2027, 1, 15)), ("1/9", D(2027, 9, 1)))
    for typed, end in accepted:
        closure, errors = validate_temporary_closure("Verbouwing", typed, TODAY)
        assert errors == {} and closure is not None and closure.end == end, typed
    # closed days keep reading a passed day as next year's (an annual closing day)
    assert spans("1/12") == [(D(2027, 12, 1), D(2027, 12, 1))]
