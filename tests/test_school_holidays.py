"""The Flemish school-holiday calendar: published dates, the rules behind them, and properties over many years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.school_holidays import (
    FEEST_VAN_DE_ARBEID,
    HEMELVAART,
    HERFST,
    KERST,
    KROKUS,
    PASEN,
    PINKSTERMAANDAG,
    VACATIONS,
    WAPENSTILSTAND,
    ZOMER,
    Period,
    easter,
    holiday_name,
    is_school_holiday,
    school_holidays,
    school_year,
)

D = date


def as_tuples(periods: list[Period]) -> list[tuple[str, date, date]]:
    return [(p.name, p.start, p.end) for p in periods]


# Published calendars, written out literally.
# 2023-2024: ptsmechelen.be "Vakanties en vrije dagen" and kanl.be "Vakanties" (schooljaar 2023-2024).
# 2024-2025: kanl.be and kunstacademieturnhout.turnhout.be "Vakantiedagen 2024-2025" (paasvakantie
#            "maandag 7 april t.e.m. maandag 21 april 2025 (paasmaandag)").
# 2025-2026: staproeselare.be and akademiemeise.be "Vakantiedagen 2025-2026" (zomervakantie 1/7-31/8/2026).
# 2026-2027: no published Flemish list was found in the sources available to us; these dates are worked out
#            by hand from the decree's rules (1 Nov 2026 is a Sunday, 25 Dec 2026 a Friday, Easter 28 March 2027).
PUBLISHED = {
    2023: [
        (HERFST, D(2023, 10, 30), D(2023, 11, 5)),
        (WAPENSTILSTAND, D(2023, 11, 11), D(2023, 11, 11)),
        (KERST, D(2023, 12, 25), D(2024, 1, 7)),
        (KROKUS, D(2024, 2, 12), D(2024, 2, 18)),
        (PASEN, D(2024, 4, 1), D(2024, 4, 14)),
        (FEEST_VAN_DE_ARBEID, D(2024, 5, 1), D(2024, 5, 1)),
        (HEMELVAART, D(2024, 5, 9), D(2024, 5, 10)),
        (PINKSTERMAANDAG, D(2024, 5, 20), D(2024, 5, 20)),
        (ZOMER, D(2024, 7, 1), D(2024, 8, 31)),
    ],
    2024: [
        (HERFST, D(2024, 10, 28), D(2024, 11, 3)),
        (WAPENSTILSTAND, D(2024, 11, 11), D(2024, 11, 11)),
        (KERST, D(2024, 12, 23), D(2025, 1, 5)),
        (KROKUS, D(2025, 3, 3), D(2025, 3, 9)),
        (PASEN, D(2025, 4, 7), D(2025, 4, 21)),
        (FEEST_VAN_DE_ARBEID, D(2025, 5, 1), D(2025, 5, 1)),
        (HEMELVAART, D(2025, 5, 29), D(2025, 5, 30)),
        (PINKSTERMAANDAG, D(2025, 6, 9), D(2025, 6, 9)),
        (ZOMER, D(2025, 7, 1), D(2025, 8, 31)),
    ],
    2025: [
        (HERFST, D(2025, 10, 27), D(2025, 11, 2)),
        (WAPENSTILSTAND, D(2025, 11, 11), D(2025, 11, 11)),
        (KERST, D(2025, 12, 22), D(2026, 1, 4)),
        (KROKUS, D(2026, 2, 16), D(2026, 2, 22)),
        (PASEN, D(2026, 4, 6), D(2026, 4, 19)),
        (FEEST_VAN_DE_ARBEID, D(2026, 5, 1), D(2026, 5, 1)),
        (HEMELVAART, D(2026, 5, 14), D(2026, 5, 15)),
        (PINKSTERMAANDAG, D(2026, 5, 25), D(2026, 5, 25)),
        (ZOMER, D(2026, 7, 1), D(2026, 8, 31)),
    ],
    2026: [
        (HERFST, D(2026, 11, 2), D(2026, 11, 8)),
        (WAPENSTILSTAND, D(2026, 11, 11), D(2026, 11, 11)),
        (KERST, D(2026, 12, 21), D(2027, 1, 3)),
        (KROKUS, D(2027, 2, 8), D(2027, 2, 14)),
        (PASEN, D(2027, 3, 29), D(2027, 4, 11)),
        (FEEST_VAN_DE_ARBEID, D(2027, 5, 1), D(2027, 5, 1)),
        (HEMELVAART, D(2027, 5, 6), D(2027, 5, 7)),
        (PINKSTERMAANDAG, D(2027, 5, 17), D(2027, 5, 17)),
        (ZOMER, D(2027, 7, 1), D(2027, 8, 31)),
    ],
}


@pytest.mark.parametrize("start_year", sorted(PUBLISHED))
def test_school_year_matches_the_published_calendar(start_year: int) -> None:
    assert as_tuples(school_year(start_year)) == PUBLISHED[start_year]


# Older school years from sint-donaas.be "Vakantiedagen" and 2747.com (Art. 7 of the 2001 decree): each rule's
# special case shows up at least once.
@pytest.mark.parametrize(
    ("name", "start", "end", "why"),
    [
        (HERFST, D(2020, 11, 2), D(2020, 11, 8), "1 November on a Sunday: from 2 November"),
        (HERFST, D(2021, 11, 1), D(2021, 11, 7), "1 November on a Monday"),
        (KERST, D(2021, 12, 27), D(2022, 1, 9), "Christmas on a Saturday: the Monday after"),
        (KERST, D(2022, 12, 26), D(2023, 1, 8), "Christmas on a Sunday: the Monday after"),
        (KERST, D(2020, 12, 21), D(2021, 1, 3), "Christmas on a Friday: the Monday of that week"),
        (PASEN, D(2008, 3, 24), D(2008, 4, 6), "Easter in March: from the Monday after Easter"),
        (PASEN, D(2019, 4, 8), D(2019, 4, 22), "Easter after 15 April: second Monday before, plus Easter Monday"),
        (PASEN, D(2022, 4, 4), D(2022, 4, 18), "Easter on 17 April"),
        (PASEN, D(2020, 4, 6), D(2020, 4, 19), "Easter on 12 April: first Monday of April"),
        (KROKUS, D(2021, 2, 15), D(2021, 2, 21), "7th Monday before Easter 2021"),
        (KROKUS, D(2008, 2, 4), D(2008, 2, 10), "7th Monday before an early Easter"),
    ],
)
def test_each_special_case_of_the_rules(name: str, start: date, end: date, why: str) -> None:
    found = [p for p in school_holidays(start.year) if p.name == name and p.start == start]
    assert found, why
    assert found[0].end == end, why


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, D(2008, 3, 23)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter(year: int, expected: date) -> None:
    assert easter(year) == expected


def test_easter_is_always_a_sunday_between_22_march_and_25_april() -> None:
    for year in range(1900, 2400):
        sunday = easter(year)
        assert sunday.weekday() == 6, year
        assert D(year, 3, 22) <= sunday <= D(year, 4, 25), year


def test_every_school_year_has_each_vacation_once_with_the_right_length() -> None:
    lengths = {HERFST: 7, KERST: 14, KROKUS: 7, ZOMER: 62}
    for start_year in range(1995, 2200):
        periods = school_year(start_year)
        names = [p.name for p in periods if p.kind == "vakantie"]
        assert sorted(names) == sorted(VACATIONS), start_year
        for period in periods:
            if period.name in lengths:
                assert period.days == lengths[period.name], (start_year, period)
            if period.name == PASEN:
                # two weeks, plus Easter Monday when Easter falls after 15 April
                assert period.days in (14, 15), (start_year, period)
            if period.name in (HERFST, KERST, KROKUS, PASEN):
                assert period.start.weekday() == 0, (start_year, period)


def test_periods_never_overlap_and_come_in_date_order() -> None:
    for year in range(1995, 2200):
        periods = school_holidays(year)
        for before, after in zip(periods, periods[1:], strict=False):
            assert before.end < after.start, (year, before, after)


def test_easter_monday_is_always_school_free() -> None:
    for year in range(1995, 2200):
        assert is_school_holiday(easter(year) + timedelta(days=1)), year


def test_the_feast_days_are_school_free_every_year() -> None:
    for year in range(1995, 2200):
        sunday = easter(year)
        for day in (
            D(year, 11, 11),
            D(year, 5, 1),
            sunday + timedelta(days=39),
            sunday + timedelta(days=40),
            sunday + timedelta(days=50),
        ):
            assert is_school_holiday(day), (year, day)


def test_ascension_on_1_may_keeps_both_days() -> None:
    # Easter 23 March 2008: Ascension Day is 1 May; the Friday after stays school-free.
    assert holiday_name(D(2008, 5, 1)) == HEMELVAART
    assert holiday_name(D(2008, 5, 2)) == HEMELVAART


def test_names_and_ordinary_days() -> None:
    assert holiday_name(D(2026, 12, 28)) == KERST
    assert holiday_name(D(2027, 1, 3)) == KERST
    assert holiday_name(D(2027, 1, 4)) is None
    assert holiday_name(D(2026, 11, 11)) == WAPENSTILSTAND
    assert holiday_name(D(2025, 4, 21)) == PASEN
    assert is_school_holiday(D(2026, 8, 31))
    assert not is_school_holiday(D(2026, 9, 1))
    assert not is_school_holiday(D(2026, 6, 30))
    assert not is_school_holiday(D(2026, 12, 5))  # an ordinary Saturday is not a school holiday


def test_calendar_year_includes_the_christmas_break_that_began_the_year_before() -> None:
    periods = school_holidays(2027)
    assert (periods[0].name, periods[0].start) == (KERST, D(2026, 12, 21))
    assert (periods[-1].name, periods[-1].start) == (KERST, D(2027, 12, 27))  # 25 December 2027 is a Saturday


def test_period_rejects_an_end_before_its_start() -> None:
    with pytest.raises(ValueError):
        Period(HERFST, D(2026, 11, 8), D(2026, 11, 2))
