"""The Flemish school-holiday calendar, computed for any year from the rules of the Flemish government.

Source: "Schoolvakanties en vrije dagen op school" (vlaanderen.be) and the decree on the organisation of
the school year (Besluit van de Vlaamse Regering van 17 juni 1997, basisonderwijs en secundair onderwijs),
which fix the holidays by rule, not by list:

- herfstvakantie: 1 week from the Monday of the week with 1 November; on a Sunday 1 November, from 2 November;
- kerstvakantie: 2 weeks from the Monday of the week with 25 December; on a Saturday or Sunday
  25 December, from the Monday after;
- krokusvakantie: 1 week from the 7th Monday before Easter (Easter - 48 days);
- paasvakantie: 2 weeks from the first Monday of April; with Easter in March from the Monday after Easter;
  with Easter after 15 April from the second Monday before Easter (and then Easter Monday is added);
- zomervakantie: 1 July to 31 August;
- school-free feast days: 11 November, Easter Monday, 1 May, Ascension Day and the day after, Whit Monday.

Flanders did NOT adopt the 2022 reform of the French Community (two-week autumn and carnival breaks,
summer from early July to late August); that calendar is Wallonia-Brussels' only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

MONDAY = 0

HERFST = "herfstvakantie"
KERST = "kerstvakantie"
KROKUS = "krokusvakantie"
PASEN = "paasvakantie"
ZOMER = "zomervakantie"
WAPENSTILSTAND = "Wapenstilstand"
PAASMAANDAG = "paasmaandag"
FEEST_VAN_DE_ARBEID = "Feest van de Arbeid"
HEMELVAART = "Hemelvaart"
PINKSTERMAANDAG = "pinkstermaandag"

VACATIONS: tuple[str, ...] = (HERFST, KERST, KROKUS, PASEN, ZOMER)

Kind = Literal["vakantie", "feestdag"]


@dataclass(frozen=True)
class Period:
    """A school-free stretch, both days included; `name` is Dutch, as people say it."""

    name: str
    start: date
    end: date
    kind: Kind = "vakantie"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"{self.name}: end {self.end} before start {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(name: str, start: date, weeks: int) -> Period:
    return Period(name, start, start + timedelta(days=7 * weeks - 1))


def herfstvakantie(year: int) -> Period:
    all_saints = date(year, 11, 1)
    start = date(year, 11, 2) if all_saints.weekday() == 6 else _monday_of(all_saints)
    return _weeks(HERFST, start, 1)


def kerstvakantie(year: int) -> Period:
    """The Christmas holidays that start in December of `year` (and end in January of the next year)."""
    christmas = date(year, 12, 25)
    start = christmas + timedelta(days=7 - christmas.weekday()) if christmas.weekday() >= 5 else _monday_of(christmas)
    return _weeks(KERST, start, 2)


def krokusvakantie(year: int) -> Period:
    return _weeks(KROKUS, easter(year) - timedelta(days=48), 1)


def paasvakantie(year: int) -> Period:
    """Two weeks; when Easter falls after 15 April the vacation ends on Easter Monday instead of Sunday."""
    sunday = easter(year)
    if sunday.month == 3:
        start = sunday + timedelta(days=1)
    elif sunday.day > 15:
        start = sunday - timedelta(days=13)
    else:
        first = date(year, 4, 1)
        start = first + timedelta(days=(MONDAY - first.weekday()) % 7)
    period = _weeks(PASEN, start, 2)
    easter_monday = sunday + timedelta(days=1)
    if easter_monday == period.end + timedelta(days=1):
        period = Period(PASEN, period.start, easter_monday)
    return period


def zomervakantie(year: int) -> Period:
    return Period(ZOMER, date(year, 7, 1), date(year, 8, 31))


def _feast_days(year: int) -> list[Period]:
    sunday = easter(year)
    ascension = sunday + timedelta(days=39)
    return [
        Period(PAASMAANDAG, sunday + timedelta(days=1), sunday + timedelta(days=1), "feestdag"),
        Period(FEEST_VAN_DE_ARBEID, date(year, 5, 1), date(year, 5, 1), "feestdag"),
        Period(HEMELVAART, ascension, ascension + timedelta(days=1), "feestdag"),
        Period(PINKSTERMAANDAG, sunday + timedelta(days=50), sunday + timedelta(days=50), "feestdag"),
        Period(WAPENSTILSTAND, date(year, 11, 11), date(year, 11, 11), "feestdag"),
    ]


def _without_overlaps(periods: list[Period]) -> list[Period]:
    """Vacations first, then longer feast periods; a day already covered adds nothing and is left out.

    Easter Monday always lies in or right after the paasvakantie, and 1 May can be Ascension Day or the
    day after (Easter on 22 or 23 March): then the two-day Hemelvaart period already covers it.
    """
    kept: list[Period] = []
    for period in sorted(periods, key=lambda p: (p.kind != "vakantie", -p.days, p.start)):
        if any(period.start <= other.end and other.start <= period.end for other in kept):
            continue
        kept.append(period)
    return sorted(kept, key=lambda p: p.start)


def _calendar_year_periods(year: int) -> list[Period]:
    vacations = [
        krokusvakantie(year),
        paasvakantie(year),
        zomervakantie(year),
        herfstvakantie(year),
        kerstvakantie(year),
    ]
    return _without_overlaps(vacations + _feast_days(year))


def school_holidays(year: int) -> list[Period]:
    """Every school-free period that touches calendar year `year`, in date order.

    Includes the kerstvakantie that began in December of the year before (it ends in January), so the
    kerstvakantie can appear twice; use `school_year` for one of each.
    """
    previous = kerstvakantie(year - 1)
    periods = _calendar_year_periods(year)
    if previous.end.year == year:
        periods.insert(0, previous)
    return periods


def school_year(start_year: int) -> list[Period]:
    """The school year from 1 September of `start_year` to 31 August of the next year, in date order."""
    first, last = date(start_year, 9, 1), date(start_year + 1, 8, 31)
    periods = _calendar_year_periods(start_year) + _calendar_year_periods(start_year + 1)
    return [p for p in periods if first <= p.start <= last]


@lru_cache(maxsize=64)
def _year_periods(year: int) -> tuple[Period, ...]:
    return tuple(school_holidays(year))


def holiday_on(day: date) -> Period | None:
    """The school-free period that contains `day`, if any."""
    for period in _year_periods(day.year):
        if day in period:
            return period
    return None


def is_school_holiday(day: date) -> bool:
    """A day without school in Flanders (vacation or feast day). Ordinary weekends do not count."""
    return holiday_on(day) is not None


def holiday_name(day: date) -> str | None:
    """The Dutch name of the school holiday on `day` ("kerstvakantie", "Wapenstilstand"), or None."""
    period = holiday_on(day)
    return period.name if period else None
