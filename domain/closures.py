"""When an offer is closed although its weekly hours say open: dated periods, a temporary closure, school holidays.

Pure rules meant to sit on top of `domain.schedule` (which knows weekly hours only): "open now", the next
opening and the card line skip closed days, and a closed offer says until when, in Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from domain.dates_nl import BRUSSELS, DAY_NAMES_NL, MONTH_NAMES_NL
from domain.schedule import Opening, describe_next_open_nl, is_open, next_opening
from domain.school_holidays import holiday_on

ClosureKind = Literal["periode", "tijdelijk", "schoolvakantie"]

MAX_CLOSURE_DAYS = 366
MAX_ALERT = 300
MAX_REASON = 80
JUST_PAST_DAYS = 60  # "gesloten tot" a day without a year this many days ago or less: a slip, not next year
_EXAMPLE = 'schrijf bijvoorbeeld "23/12-2/1", "23 december tot 2 januari" of "24/12"'


@dataclass(frozen=True)
class Closure:
    """Closed from `start` to `end`, both included. `end` is None only for "tijdelijk gesloten tot nader bericht"."""

    start: date
    end: date | None
    kind: ClosureKind = "periode"
    reason: str = ""  # short, shown between brackets: "kerstvakantie", "verbouwing"
    alert: str = ""  # a temporary closure's message to visitors (HSDS service.alert)

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def closed_period(start: date, end: date, reason: str = "") -> Closure:
    if end < start:
        raise ValueError("De einddatum ligt voor de begindatum.")
    return Closure(start, end, "periode", reason.strip())


def temporary_closure(alert: str, start: date, until: date | None = None) -> Closure:
    """A closure announced with a message, with or without a known end."""
    if until is not None and until < start:
        raise ValueError("De einddatum ligt voor de begindatum.")
    return Closure(start, until, "tijdelijk", alert=" ".join(alert.split()))


# --- reading what a partner types ------------------------------------------------------------

_MONTHS: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTH_NAMES_NL)} | {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "maa": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(DAY_NAMES_NL) + "|ma|di|wo|do|vr|za|zo"
_DATE = (
    rf"(?:(?:{_WEEKDAY})\.?,?\s+)?"
    rf"(?:(?P<{{p}}iy>\d{{{{4}}}})-(?P<{{p}}im>\d{{{{1,2}}}})-(?P<{{p}}id>\d{{{{1,2}}}})"
    rf"|(?P<{{p}}dd>\d{{{{1,2}}}})-(?P<{{p}}dm>\d{{{{1,2}}}})-(?P<{{p}}dy>\d{{{{4}}}})"
    rf"|(?P<{{p}}d>\d{{{{1,2}}}})(?:e|ste|de)?(?:\s*[/.]\s*(?P<{{p}}m>\d{{{{1,2}}}})|\s+(?P<{{p}}mn>{_MONTH})\.?)"
    rf"(?:\s*[/.]?\s*(?P<{{p}}y>\d{{{{4}}}}|(?<=[/.])\d{{{{2}}}}))?)"
)
_DASH = r"\s*(?:-|–|—|tot\s+en\s+met|t/m|t\.e\.m\.?|tem|tot)\s*"
_RANGE_RE = re.compile(rf"(?:van\s+)?{_DATE.format(p='a')}{_DASH}{_DATE.format(p='b')}")
_SINGLE_RE = re.compile(rf"(?:op\s+)?{_DATE.format(p='a')}")
_SHORT_RANGE_RE = re.compile(rf"(?:van\s+)?(?P<ad>\d{{1,2}}){_DASH}{_DATE.format(p='b')}")  # "23-31 december"
_SPLIT_RE = re.compile(rf"[,;\n]+|\s+en\s+(?=(?:van\s+|op\s+|in\s+)?(?:\d|(?:{_MONTH})\b))")
_REASON_RE = re.compile(r"(?P<dates>.*?)\s*\((?P<reason>[^()]+)\)")  # "23/12-2/1 (inventaris)"
_LEAD_RE = re.compile(r"^(?:gesloten|dicht|sluiting)\s*:?\s*|\s+(?:gesloten|dicht)$")
_DAY_LIST_RE = re.compile(
    rf"(?<![/.\d])((?:\d{{1,2}}\s*(?:,|\ben\b)\s*)+)(\d{{1,2}})\s+((?:{_MONTH})\b\.?(?:\s+\d{{4}})?)"
)  # "24 en 31 december"
_MONTH_ONLY_RE = re.compile(rf"(?:(?:heel|in)\s+)?(?P<month>{_MONTH})\.?(?:\s+(?P<year>\d{{4}}))?")

_DayMonthYear = tuple[int, int, int | None]


def _read(match: re.Match[str], p: str) -> _DayMonthYear:
    if match.group(f"{p}iy"):
        return int(match.group(f"{p}id")), int(match.group(f"{p}im")), int(match.group(f"{p}iy"))
    if match.group(f"{p}dy"):
        return int(match.group(f"{p}dd")), int(match.group(f"{p}dm")), int(match.group(f"{p}dy"))
    month = match.group(f"{p}m")
    number = int(month) if month else _MONTHS[match.group(f"{p}mn").rstrip(".")]
    year = match.group(f"{p}y")
    if year is None:
        return int(match.group(f"{p}d")), number, None
    return int(match.group(f"{p}d")), number, int(year) + 2000 if len(year) == 2 else int(year)


def _make(day: int, month: int, year: int, typed: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f'De datum "{typed}" bestaat niet.') from None


def _next_occurrence(day: int, month: int, today: date, typed: str) -> date:
    for year in range(today.year, today.year + 9):  # 29/2 waits for a leap year
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f'De datum "{typed}" bestaat niet.')


def _last_on_or_before(day: int, month: int, limit: date, typed: str) -> date:
    for year in range(limit.year, limit.year - 9, -1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= limit:
            return found
    raise ValueError(f'De datum "{typed}" bestaat niet.')


def _resolve(first: _DayMonthYear, last: _DayMonthYear, today: date, typed: str) -> tuple[date, date]:
    """Years left out are filled in so that the period ends today or later, and starts before it ends."""
    (d1, m1, y1), (d2, m2, y2) = first, last
    if y2 is not None:
        end = _make(d2, m2, y2, typed)
    elif y1 is not None:
        start = _make(d1, m1, y1, typed)
        end = _next_occurrence(d2, m2, start, typed)
        return start, end
    else:
        end = _next_occurrence(d2, m2, today, typed)
    start = _make(d1, m1, y1, typed) if y1 is not None else _last_on_or_before(d1, m1, end, typed)
    return start, end


def _expand_day_lists(text: str) -> str:
    """ "24, 25 en 31 december" → "24 december, 25 december, 31 december"."""

    def expand(match: re.Match[str]) -> str:
        days = re.findall(r"\d{1,2}", match.group(1)) + [match.group(2)]
        return ", ".join(f"{day} {match.group(3)}" for day in days)

    return _DAY_LIST_RE.sub(expand, text)


def _whole_month(match: re.Match[str], today: date) -> tuple[date, date]:
    month = _MONTHS[match.group("month")]
    years = [int(match.group("year"))] if match.group("year") else [today.year, today.year + 1]
    for year in years:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if end >= today or match.group("year"):
            return start, end
    raise AssertionError("unreachable: next year's month always ends after today")


def _parse_one(part: str, today: date) -> Closure:
    text, reason = _LEAD_RE.sub("", part), ""
    if m := _REASON_RE.fullmatch(text):
        text, reason = m.group("dates"), " ".join(m.group("reason").split())
        if len(reason) > MAX_REASON:
            raise ValueError(f"De reden tussen haakjes is te lang: maximaal {MAX_REASON} tekens.")
    if m := _RANGE_RE.fullmatch(text):
        start, end = _resolve(_read(m, "a"), _read(m, "b"), today, part)
    elif m := _SHORT_RANGE_RE.fullmatch(text):
        d2, m2, y2 = _read(m, "b")
        start, end = _resolve((int(m.group("ad")), m2, y2), (d2, m2, y2), today, part)
    elif m := _SINGLE_RE.fullmatch(text):
        d1, m1, y1 = _read(m, "a")
        start = _make(d1, m1, y1, part) if y1 is not None else _next_occurrence(d1, m1, today, part)
        end = start
    elif m := _MONTH_ONLY_RE.fullmatch(text):
        start, end = _whole_month(m, today)
    elif "vakantie" in text:
        raise ValueError(
            "Voor de schoolvakanties kies je “volgt de schoolvakanties”; typ hier alleen andere sluitingsdagen."
        )
    else:
        raise ValueError(f'Ik begrijp "{part}" niet: {_EXAMPLE}.')
    if end < start:
        raise ValueError(f'In "{part}" ligt de einddatum voor de begindatum.')
    if end < today:
        raise ValueError(f'"{part}" is al voorbij.')
    if (end - start).days >= MAX_CLOSURE_DAYS:
        raise ValueError(f'"{part}" duurt langer dan een jaar: kies liever "tijdelijk gesloten".')
    return Closure(start, end, "periode", reason)


def parse_closures_nl(text: str, today: date) -> list[Closure]:
    """Closed days as a partner types them: "23/12-2/1 (inventaris), 24/12", "24 en 31 december", "juli",
    "23 december tot en met 2 januari 2027".

    Without a year a period is the next one that still ends today or later ("23/12-2/1" in
    December is this Christmas, also when it has begun). "tot" counts the last day as closed, like
    "tot en met". An empty text gives no closures. Raises ValueError with a short Dutch message.
    """
    closures: list[Closure] = []
    lowered = _expand_day_lists(text.lower().replace("\u2019", "'"))
    for raw in _SPLIT_RE.split(lowered):
        part = " ".join(raw.split()).strip(" .")
        if part:
            closures.append(_parse_one(part, today))
    return sorted(closures, key=lambda c: c.start)


def validate_temporary_closure(alert: str, until_text: str, today: date) -> tuple[Closure | None, dict[str, str]]:
    """The "tijdelijk gesloten" part of a form: a message is required, an end date is optional."""
    errors: dict[str, str] = {}
    message = " ".join(alert.split())
    until: date | None = None
    if not message:
        errors["alert"] = "Schrijf kort waarom of tot wanneer, bijvoorbeeld “Verbouwing, we verhuizen naar de bib”."
    elif len(message) > MAX_ALERT:
        errors["alert"] = f"Maximaal {MAX_ALERT} tekens (nu {len(message)})."
    if until_text.strip():
        try:
            parsed = parse_closures_nl(until_text, today)
        except ValueError as error:
            errors["until"] = str(error)
        else:
            if len(parsed) != 1 or parsed[0].start != parsed[0].end:
                errors["until"] = 'Geef één datum, bijvoorbeeld "15/1".'
            elif _just_past(until_text, today):
                errors["until"] = (
                    f'"{" ".join(until_text.split())}" is al voorbij. Gaat het om volgend jaar, schrijf dan het jaar '
                    f"erbij (tot {parsed[0].end.day}/{parsed[0].end.month}/{parsed[0].end.year})."
                )
            else:
                until = parsed[0].end
    if errors:
        return None, errors
    return temporary_closure(message, today, until), {}


def _just_past(typed: str, today: date) -> bool:
    """A day without a year that was only weeks ago ("tot 1/12" on 2 December) would be read as next year:
    closed for eleven months by a slip. Read a few weeks earlier, the same words name a day before today."""
    try:
        earlier = parse_closures_nl(typed, today - timedelta(days=JUST_PAST_DAYS))
    except ValueError:
        return False
    end = earlier[0].end if len(earlier) == 1 else None
    return end is not None and end < today


# --- closed on a day, closed until -----------------------------------------------------------


def _covering(day: date, closures: Iterable[Closure], follows_school_holidays: bool) -> list[Closure]:
    found = [c for c in closures if c.covers(day)]
    if follows_school_holidays and (period := holiday_on(day)) is not None:
        found.append(Closure(period.start, period.end, "schoolvakantie", period.name))
    order = {"tijdelijk": 0, "periode": 1, "schoolvakantie": 2}
    return sorted(found, key=lambda c: (order[c.kind], -(c.end or date.max).toordinal()))


def is_closed_on(day: date, closures: Iterable[Closure], follows_school_holidays: bool = False) -> Closure | None:
    """The closure that applies on `day`: a temporary closure first, then a dated period, then a school holiday."""
    found = _covering(day, list(closures), follows_school_holidays)
    return found[0] if found else None


@dataclass(frozen=True)
class ClosedStretch:
    """Closed from `first_day` on; touching closures (kerstvakantie, then a closed day) are joined."""

    closure: Closure  # the one that applies on `first_day`
    first_day: date
    last_day: date | None  # None: until further notice
    reasons: tuple[str, ...]
    alert: str = ""  # the message of a temporary closure in the stretch

    @property
    def reopens_on(self) -> date | None:
        return None if self.last_day is None else self.last_day + timedelta(days=1)


def closed_until(day: date, closures: Iterable[Closure], follows_school_holidays: bool = False) -> ClosedStretch | None:
    """None when nothing closes the offer on `day`; else until when it stays closed, and why."""
    every = list(closures)
    found = _covering(day, every, follows_school_holidays)
    if not found:
        return None
    first = found[0]
    reasons: list[str] = []
    alert = ""
    cursor = day
    while found:
        for closure in found:
            if closure.reason and closure.reason not in reasons:
                reasons.append(closure.reason)
            alert = alert or closure.alert
        ends = [c.end for c in found]
        if None in ends:
            return ClosedStretch(first, day, None, tuple(reasons), alert)
        cursor = max(end for end in ends if end is not None) + timedelta(days=1)
        found = _covering(cursor, every, follows_school_holidays)
    return ClosedStretch(first, day, cursor - timedelta(days=1), tuple(reasons), alert)


def _date_nl(day: date, today: date) -> str:
    text = f"{day.day} {MONTH_NAMES_NL[day.month - 1]}"
    return f"{text} {day.year}" if abs((day - today).days) > 180 else text


def describe_closed_nl(stretch: ClosedStretch, today: date) -> str:
    """ "Gesloten tot en met 2 januari (kerstvakantie)"; "Tijdelijk gesloten tot nader bericht — Verbouwing"."""
    alert = stretch.alert
    since = f" vanaf {_date_nl(stretch.first_day, today)}" if stretch.first_day > today else ""
    if stretch.last_day is None:
        text = f"Tijdelijk gesloten{since} tot nader bericht"
    elif stretch.last_day == stretch.first_day:
        text = "Vandaag gesloten" if stretch.first_day == today else f"Gesloten op {_date_nl(stretch.first_day, today)}"
    elif since:
        text = f"Gesloten van {_date_nl(stretch.first_day, today)} tot en met {_date_nl(stretch.last_day, today)}"
    else:
        text = f"Gesloten tot en met {_date_nl(stretch.last_day, today)}"
    if stretch.reasons:
        text += f" ({' en '.join(stretch.reasons)})"
    return f"{text} — {alert}" if alert else text


# --- with the weekly hours -------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed; opening hours are Brussels local time")
    return moment.astimezone(BRUSSELS)


def is_open_respecting_closures(
    openings: Iterable[Opening], closures: Iterable[Closure], at: datetime, follows_school_holidays: bool = False
) -> bool:
    local = _local(at)
    return is_open(openings, local) and closed_until(local.date(), closures, follows_school_holidays) is None


def next_opening_respecting_closures(
    openings: Iterable[Opening],
    closures: Iterable[Closure],
    now: datetime,
    follows_school_holidays: bool = False,
) -> tuple[datetime, datetime] | None:
    """`schedule.next_opening`, skipping closed days; None without hours or when closed until further notice."""
    weekly: Sequence[Opening] = list(openings)
    every = list(closures)
    after = now
    for _ in range(200):  # each turn jumps over a whole closed stretch
        window = next_opening(weekly, after)
        if window is None:
            return None
        stretch = closed_until(window[0].date(), every, follows_school_holidays)
        if stretch is None:
            return window
        if stretch.reopens_on is None:
            return None
        after = datetime.combine(stretch.reopens_on, time(0), tzinfo=BRUSSELS)
    return None


def describe_next_open_respecting_closures_nl(
    openings: Iterable[Opening],
    closures: Iterable[Closure],
    now: datetime,
    by_appointment: bool,
    follows_school_holidays: bool = False,
) -> str:
    """The card line: the usual `describe_next_open_nl`, or why it is closed and when it opens again."""
    weekly, every = list(openings), list(closures)
    local = _local(now)
    plain = next_opening(weekly, local)
    found = next_opening_respecting_closures(weekly, every, local, follows_school_holidays)
    if plain == found:
        base = describe_next_open_nl(weekly, local, by_appointment)
        today = closed_until(local.date(), every, follows_school_holidays)
        if today is None or weekly:
            return base
        closed = describe_closed_nl(today, local.date())
        return closed if today.last_day is None else f"{closed}; {base}"
    assert plain is not None  # found differs from plain only when a weekly window exists
    stretch = closed_until(plain[0].date(), every, follows_school_holidays)
    assert stretch is not None
    closed = describe_closed_nl(stretch, local.date())
    if found is None:
        return closed
    start, end = found
    hours = f"{start.hour}:{start.minute:02d}–{'24:00' if end.time() == time(0) else f'{end.hour}:{end.minute:02d}'}"
    when = f"{DAY_NAMES_NL[start.weekday()]} {_date_nl(start.date(), local.date())}"
    return f"{closed}; daarna weer open {when} {hours}"
