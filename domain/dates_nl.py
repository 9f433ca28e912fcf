"""Dutch dates as people type and read them: "tegen vrijdag", "20/12", "eind deze maand".

`/actie verslag rondsturen @jan tegen vrijdag` needs a due date without a date picker, and every
date the app shows must read naturally in Flemish; no locale is installed on servers, so the names
are spelled out here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

DAY_NAMES_NL: tuple[str, ...] = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES_NL: tuple[str, ...] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

FRIDAY = 4

_WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(DAY_NAMES_NL)}
# Short forms are also ordinary words ("ma" = mum, "zo" = so): only trusted when clearly a date.
_SHORT_WEEKDAYS: dict[str, int] = {"ma": 0, "di": 1, "wo": 2, "woe": 2, "do": 3, "vr": 4, "vrij": 4, "za": 5, "zo": 6}
_MONTHS: dict[str, int] = {name: i + 1 for i, name in enumerate(MONTH_NAMES_NL)} | {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mrt": 3,
    "maa": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_NUMBERS: dict[str, int] = {
    "een": 1,
    "1": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "veertien": 14,
}

_LINK_RE = re.compile(r"^(?:(?:tegen|voor|op|uiterlijk|ten\s+laatste|deadline:?|tot(?:\s+en\s+met)?|t/m|tem)\s+)+")
_LINK_WORDS = ("tegen", "voor", "op", "uiterlijk", "laatste", "ten", "deadline", "deadline:", "tot", "t/m", "tem")

_WD = "|".join(sorted(_WEEKDAYS | _SHORT_WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM = r"\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_RE = re.compile(rf"(?:(?:{_WD})\.?,?\s+)?(\d{{1,2}})[/.-](\d{{1,2}})(?:[/.-](\d{{4}}|\d{{2}}))?")
_NAMED_RE = re.compile(rf"(?:(?:{_WD})\.?,?\s+)?(\d{{1,2}})(?:e|ste|de)?\s+({_MONTH})\.?(?:\s+(\d{{4}}))?")
_WEEKDAY_RE = re.compile(
    rf"(?:(?P<which>deze|komende|aanstaande|volgende)\s+)?(?P<wd>{_WD})\.?"
    rf"(?:\s+(?P<week>deze\s+week|volgende\s+week|over\s+(?P<n>{_NUM})\s+weken?))?"
)
_WEEK_THEN_DAY_RE = re.compile(rf"(?P<week>deze|volgende|komende)\s+week\s+(?P<wd>{_WD})\.?")
_RELATIVE_RE = re.compile(
    rf"(?:over|binnen|na)\s+(?:de\s+)?(?P<n>{_NUM})\s+(?P<unit>dagen|dag|weken|week|maanden|maand)"
)
_MONTH_PART_RE = re.compile(
    rf"(?P<part>eind|einde|begin|midden|half)\s+(?:van\s+)?(?:(?P<rel>deze|de|volgende|komende)\s+maand"
    rf"|(?P<month>{_MONTH})\.?(?:\s+(?P<year>\d{{4}}))?)"
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: int | None, today: date) -> date | None:
    """A day and month; without a year, the next time it comes (today counts, 29/2 waits for a leap year)."""
    if year is not None:
        return _safe_date(year + 2000 if year < 100 else year, month, day)
    for candidate_year in range(today.year, today.year + 9):
        found = _safe_date(candidate_year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def add_months(d: date, months: int) -> date:
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_part(part: str, year: int, month: int) -> date:
    if part in ("eind", "einde"):
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, 1 if part == "begin" else 15)


def _normalise(text: str) -> str:
    text = text.lower().replace("é", "e").replace("ó", "o").replace("\u2019", "'")
    text = " ".join(text.split()).strip(" .,;:!?")
    return _LINK_RE.sub("", text)


def _parse(phrase: str, today: date, allow_short_weekdays: bool) -> date | None:
    text = _normalise(phrase)
    if not text:
        return None
    if text in ("vandaag", "vandaag nog"):
        return today
    if text == "morgen":
        return today + timedelta(days=1)
    if text == "overmorgen":
        return today + timedelta(days=2)
    if m := _ISO_RE.fullmatch(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC_RE.fullmatch(text):
        return _day_month(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, today)
    if m := _NAMED_RE.fullmatch(text):
        return _day_month(int(m[1]), _MONTHS[m[2]], int(m[3]) if m[3] else None, today)
    if text in (
        "deze week",
        "eind deze week",
        "einde deze week",
        "eind van de week",
        "einde van de week",
        "het weekend",
    ):
        return max(_monday(today) + timedelta(days=FRIDAY), today)
    if text in ("volgende week", "komende week", "eind volgende week", "einde volgende week"):
        return _monday(today) + timedelta(days=7 + FRIDAY)
    if text == "begin volgende week":
        return _monday(today) + timedelta(days=7)
    if text in ("eind dit jaar", "einde dit jaar", "eind van het jaar", "einde van het jaar", "eind van dit jaar"):
        return date(today.year, 12, 31)
    if m := _WEEK_THEN_DAY_RE.fullmatch(text):
        weeks = 0 if m["week"] == "deze" else 1
        return _weekday_in_week(m["wd"], weeks, today, allow_short_weekdays)
    if m := _WEEKDAY_RE.fullmatch(text):
        return _weekday(m, today, allow_short_weekdays)
    if m := _RELATIVE_RE.fullmatch(text):
        n = _NUMBERS.get(m["n"]) or int(m["n"])
        if m["unit"] in ("dag", "dagen"):
            return today + timedelta(days=n)
        if m["unit"] in ("week", "weken"):
            return today + timedelta(weeks=n)
        return add_months(today, n)
    if m := _MONTH_PART_RE.fullmatch(text):
        if m["rel"]:
            base = today if m["rel"] in ("deze", "de") else add_months(today.replace(day=1), 1)
            found = _month_part(m["part"], base.year, base.month)
            return found if found >= today else None
        year = int(m["year"]) if m["year"] else today.year
        found = _month_part(m["part"], year, _MONTHS[m["month"]])
        if not m["year"] and found < today:
            found = _month_part(m["part"], year + 1, _MONTHS[m["month"]])
        return found
    return None


def _weekday_number(word: str, allow_short: bool) -> int | None:
    if word in _WEEKDAYS:
        return _WEEKDAYS[word]
    return _SHORT_WEEKDAYS.get(word) if allow_short else None


def _weekday_in_week(word: str, weeks_ahead: int, today: date, allow_short: bool) -> date | None:
    number = _weekday_number(word, allow_short)
    if number is None:
        return None
    return _monday(today) + timedelta(days=7 * weeks_ahead + number)


def _weekday(m: re.Match[str], today: date, allow_short: bool) -> date | None:
    number = _weekday_number(m["wd"], allow_short)
    if number is None:
        return None
    week = " ".join((m["week"] or "").split())
    if m["which"] == "volgende" or week == "volgende week":
        return _monday(today) + timedelta(days=7 + number)
    if m["n"]:
        return _monday(today) + timedelta(days=7 * (_NUMBERS.get(m["n"]) or int(m["n"])) + number)
    ahead = (number - today.weekday()) % 7
    if m["which"] == "deze" or week == "deze week":
        return today + timedelta(days=ahead)  # "deze vrijdag" on a Friday is today
    return today + timedelta(days=ahead or 7)  # "vrijdag" on a Friday is next week's


def parse_due_date_nl(text: str, today: date) -> date | None:
    """The date a Dutch phrase means, or None when it is not one (or not a real day, like 31/11).

    A weekday is the next one after today ("vrijdag" on a Friday is next week's); "volgende vrijdag"
    is the Friday of next calendar week. "volgende week" means Friday of next week: a due date
    at the end of the week is what people mean. Day and month without a year that already passed
    roll to next year. Leading "tegen", "voor", "op", "uiterlijk", "ten laatste" are ignored.
    """
    return _parse(text, today, allow_short_weekdays=True)


def split_trailing_date_nl(text: str, today: date) -> tuple[str, date | None]:
    """Split "verslag rondsturen tegen vrijdag" into ("verslag rondsturen", that Friday).

    A date at the end is taken whatever precedes it; a date elsewhere only when it opens the text
    or follows a linking word ("tegen vrijdag verslag rondsturen"), so "groepjes van 10-12" or
    "ma helpen" keep their meaning. The longest phrase wins ("vrijdag 20 december", not "december").
    """
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    lowered = [text[s:e].lower() for s, e in words]

    def found_at(first: int, last: int) -> date | None:
        starts_with_link = lowered[first].strip(":") in _LINK_WORDS
        if not starts_with_link and first > 0 and lowered[first - 1] in ("van", "tussen", "om", "nr", "nummer"):
            return None
        return _parse(text[words[first][0] : words[last - 1][1]], today, allow_short_weekdays=starts_with_link)

    span: tuple[int, int] | None = None
    due: date | None = None
    count = len(words)
    for size in range(min(8, count), 0, -1):  # at the end
        if (due := found_at(count - size, count)) is not None:
            span = (count - size, count)
            break
    if span is None:  # anywhere, leftmost first
        for first in range(count):
            if first > 0 and lowered[first].strip(":") not in _LINK_WORDS:
                continue
            for size in range(min(8, count - first), 0, -1):
                if (due := found_at(first, first + size)) is not None:
                    span = (first, first + size)
                    break
            if span is not None:
                break
    if span is None or due is None:
        return text.strip(), None
    first, last = span
    while first > 0 and lowered[first - 1].strip(":") in _LINK_WORDS:  # "ten laatste" before "tegen vrijdag"
        first -= 1
    before = text[: words[first][0]] if first > 0 else ""
    after = text[words[last - 1][1] :] if last < count else ""
    rest = " ".join(f"{before.rstrip(' ,;:-–')} {after.lstrip(' ,;:.')}".split())
    return rest.strip(" ,;:-–"), due


def format_date_nl(d: date) -> str:
    """ "vrijdag 12 december 2026"."""
    return f"{DAY_NAMES_NL[d.weekday()]} {d.day} {MONTH_NAMES_NL[d.month - 1]} {d.year}"


def format_datetime_nl(dt: datetime) -> str:
    """ "donderdag 4 december 2026 om 14:00", in Brussels time; a naive datetime is refused, not guessed."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed to show Brussels time")
    local = dt.astimezone(BRUSSELS)
    return f"{format_date_nl(local.date())} om {local.hour}:{local.minute:02d}"


# -- dates that cannot be a due date ---------------------------------------------------------------
_PAST_WORDS: dict[str, str] = {
    "gisteren": "gisteren",
    "eergisteren": "eergisteren",
    "vorige week": "vorige week",
    "vorige maand": "vorige maand",
    "vorig jaar": "vorig jaar",
}
_PAST_WEEKDAY_RE = re.compile(rf"(?:vorige|afgelopen)\s+(?:{_WD})")
_SLASHED_RE = re.compile(r"(?:[a-z]+\.?,?\s+)?\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?")


def _impossible(phrase: str) -> bool:
    """A date-shaped phrase that is no day of any year: 31/02, 31-04-2027, 2026-02-30, 30 februari."""
    text = _normalise(phrase)
    if m := _ISO_RE.fullmatch(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3])) is None
    if (m := _NUMERIC_RE.fullmatch(text)) and _SLASHED_RE.fullmatch(text):  # 10-12 may be a range
        day, month, year = int(m[1]), int(m[2]), m[3]
    elif m := _NAMED_RE.fullmatch(text):
        day, month, year = int(m[1]), _MONTHS[m[2]], m[3]
    else:
        return False
    if year is not None:
        return _safe_date(int(year) + 2000 if len(year) == 2 else int(year), month, day) is None
    return _safe_date(2028, month, day) is None  # a leap year: 29/02 exists


def date_problem_nl(text: str, today: date) -> str | None:
    """Why the date at the end of a typed text cannot be a due date, in Dutch; None when there is no such date.

    `split_trailing_date_nl` leaves a phrase it cannot read in the text; this names the two reasons a
    person means a date and still gets none: it does not exist ("31/02"), or it lies in the past ("gisteren").
    """
    words = text.split()
    for size in range(1, min(3, len(words)) + 1):  # the shortest phrase, so the quote is the date itself
        phrase = " ".join(words[-size:])
        plain = _normalise(phrase)
        shown = phrase.strip(" .,;:!?")
        if plain in _PAST_WORDS or _PAST_WEEKDAY_RE.fullmatch(plain):
            return f"“{shown}” ligt in het verleden. Kies vandaag of later."
        if _impossible(phrase):
            return f"“{shown}” is geen bestaande datum. Kijk de dag en de maand na."
    return None
