"""Opening hours of an offering: when it is open, and when it is next open.

Kept free of Slack and storage so that search filters ("woensdagnamiddag", "nu open"),
the result cards and the gap analysis (hours per week) share one definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from domain.dates_nl import BRUSSELS, DAY_NAMES_NL, MONTH_NAMES_NL

if TYPE_CHECKING:  # domain.hsds reads closures (practical_hsds), which read these hours
    from domain.hsds import HsdsSchedule

WEEKDAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Opening:
    """One weekly opening window; weekday 0 = Monday, as in `datetime.weekday()`."""

    weekday: int
    opens: time
    closes: time

    def overlaps(self, start: time, end: time) -> bool:
        return self.opens < end and start < self.closes

    @property
    def hours(self) -> float:
        minutes = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return max(minutes, 0) / 60


END_OF_DAY = time(23, 59)  # HSDS has no 24:00; a 23:59 closing means "until midnight"
DAY_ABBREVIATIONS_NL: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")

# --- reading what a partner types ------------------------------------------------------------

_EXAMPLE = 'schrijf bijvoorbeeld "ma 9-12, wo 13:30-16:00"'
_DAY_FORMS: tuple[tuple[str, ...], ...] = (
    ("maandag", "maan", "maa", "ma"),
    ("dinsdag", "dins", "din", "di"),
    ("woensdag", "woens", "woe", "wo"),
    ("donderdag", "dond", "don", "do"),
    ("vrijdag", "vrij", "vr"),
    ("zaterdag", "zat", "za"),
    ("zondag", "zon", "zo"),
)
_DAY_STEMS: dict[str, int] = {form: index for index, forms in enumerate(_DAY_FORMS) for form in forms}
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdagen": (0, 1, 2, 3, 4),
    "werkdagen": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
    "dagelijks": (0, 1, 2, 3, 4, 5, 6),
    "elke dag": (0, 1, 2, 3, 4, 5, 6),
    "iedere dag": (0, 1, 2, 3, 4, 5, 6),
    "alle dagen": (0, 1, 2, 3, 4, 5, 6),
}
_PART_OF_DAY = r"(?:voormiddag|namiddag|middag|ochtend|morgen|avond|nacht)s?"
# Words that carry no hours: "van ma tot vr", "'s avonds", "elke woensdag", "open op".
_FILLER_RE = re.compile(rf"(?:van|vanaf|elke|iedere|op|om|'?s|uur|telkens|open|geopend|{_PART_OF_DAY})")
_APPOINTMENT_RE = re.compile(
    r"(?:\b(?:enkel|alleen|ook|of|en|verder)\s+)?\b(?:op|na|volgens|via)\s+afspraak\b"
    r"|\bafspraak\b"
    r"|\bgeen\s+vaste\s+(?:openings)?uren\b"
)
_DAY_WORD = "|".join(sorted(_DAY_STEMS, key=len, reverse=True))
_TOKEN_RE = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<group>weekdagen|werkdagen|weekends?|dagelijks|(?:elke|iedere)\s+dag|alle\s+dagen)\b
  | (?P<day>(?P<stem>{_DAY_WORD})(?:en|s)?(?:{_PART_OF_DAY})?)\b\.?
  | (?P<time>(?P<hour>\d{{1,3}})(?:\s*[:.uh]\s*(?P<minute>\d{{2}}))?(?:\s*(?:uur|u|h)\b)?)
  | (?P<dash>tot\s+en\s+met|t/m|tem|tot|-|–|—)
  | (?P<tussen>tussen)\b
  | (?P<sep>[,;/&+|·.!\n]|\ben\b)
  | (?P<word>'?[a-zà-ÿ]+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    """One meaningful piece of the typed hours, with its place in the text for error messages."""

    kind: str  # days | time | dash | sep
    start: int
    end: int
    days: tuple[int, ...] = ()
    hour: int = 0
    minute: int = 0


def _hours_error(text: str, start: int, end: int, reason: str) -> ValueError:
    part = " ".join(text[start:end].split()).strip(" ,;")
    return ValueError(f'Ik begrijp "{part}" niet: {reason}.')


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    after_tussen = False
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "other"
        start, end = match.span()
        value = match.group()
        if kind == "space":
            continue
        if kind == "tussen":
            after_tussen = True
            continue
        if kind == "word":
            if _FILLER_RE.fullmatch(value):
                continue
            raise _hours_error(text, start, end, _EXAMPLE)
        if kind == "other":
            raise _hours_error(text, start, end, _EXAMPLE)
        if kind == "group":
            tokens.append(_Token("days", start, end, days=_DAY_GROUPS[" ".join(value.split())]))
        elif kind == "day":
            stem = match.group("stem")
            if stem not in _DAY_STEMS:  # "woens" + "s"... the regex took the longest stem it could
                stem = re.sub(r"s$", "", stem)
            tokens.append(_Token("days", start, end, days=(_DAY_STEMS[stem],)))
        elif kind == "time":
            tokens.append(
                _Token("time", start, end, hour=int(match.group("hour")), minute=int(match.group("minute") or 0))
            )
        elif kind == "sep" and value == "en" and after_tussen and tokens and tokens[-1].kind == "time":
            tokens.append(_Token("dash", start, end))  # "tussen 9 en 12" is a range, not a list
            after_tussen = False
        else:
            tokens.append(_Token(kind, start, end))
    return tokens


def _day_range(first: int, last: int) -> tuple[int, ...]:
    """ma-vr; also across the weekend (vr-ma)."""
    days = [first]
    while days[-1] != last:
        days.append((days[-1] + 1) % 7)
    return tuple(days)


def _clock(text: str, token: _Token, part_start: int, part_end: int) -> time:
    if token.hour > 24 or (token.hour == 24 and token.minute > 0):
        raise _hours_error(text, part_start, part_end, "een uur loopt van 0 tot 24")
    if token.minute > 59:
        raise _hours_error(text, part_start, part_end, "een uur heeft maar 60 minuten")
    return END_OF_DAY if token.hour == 24 else time(token.hour, token.minute)


def parse_hours_nl(text: str) -> list[Opening]:
    """Read opening hours as a partner types them: "ma 9-12, wo 13:30-16:00", "ma-vr 9u tot 17u".

    "op afspraak" (or an empty field) gives no openings; `mentions_appointment_nl` tells the caller
    to set the by-appointment flag. Raises ValueError with a short Dutch message quoting the part
    we could not read. Closing at 24 is stored as 23:59 (HSDS has no 24:00).
    """
    lowered = text.lower().replace("\u2019", "'")
    cleaned = _APPOINTMENT_RE.sub(lambda m: " " * len(m.group()), lowered)  # keep positions for messages
    tokens = _tokenise(cleaned)
    openings: list[Opening] = []
    days: list[int] = []
    part_start: int | None = None  # where the current "days + hours" part began
    part_has_hours = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        ranged = nxt is not None and nxt.kind == "dash" and after is not None and after.kind == token.kind
        if token.kind == "days":
            if part_has_hours or part_start is None:
                days, part_start, part_has_hours = [], token.start, False
            chosen = token.days
            if ranged and len(token.days) == 1 and after is not None and len(after.days) == 1:
                chosen = _day_range(token.days[0], after.days[0])
                i += 2
            days.extend(d for d in chosen if d not in days)
        elif token.kind == "time":
            start = part_start if part_start is not None else token.start
            if not ranged or after is None:
                end = after.end if nxt is not None and nxt.kind == "dash" and after is not None else token.end
                raise _hours_error(lowered, start, end, "geef een begin- en einduur, bijvoorbeeld 9-12")
            opens = _clock(lowered, token, start, after.end)
            closes = _clock(lowered, after, start, after.end)
            if not days:
                raise _hours_error(lowered, token.start, after.end, "zet er een dag voor, bijvoorbeeld ma 9-12")
            if opens >= closes:
                raise _hours_error(lowered, start, after.end, "het beginuur moet voor het einduur liggen")
            openings.extend(Opening(day, opens, closes) for day in days)
            part_has_hours = True
            i += 2
        elif token.kind == "dash":
            raise _hours_error(lowered, part_start if part_start is not None else token.start, token.end, _EXAMPLE)
        i += 1
    if days and not part_has_hours and part_start is not None:
        raise _hours_error(lowered, part_start, len(lowered), "geef ook de uren, bijvoorbeeld wo 13-16")
    return normalise_openings(openings)


def mentions_appointment_nl(text: str) -> bool:
    """Whether typed hours say "op afspraak", so the offering can be flagged as by appointment."""
    return bool(_APPOINTMENT_RE.search(text.lower()))


def normalise_openings(openings: Iterable[Opening]) -> list[Opening]:
    """Sorted by day and hour, overlapping or touching windows on one day merged, so hours are not counted twice."""
    merged: list[Opening] = []
    for opening in sorted(set(openings), key=lambda o: (o.weekday, o.opens, o.closes)):
        last = merged[-1] if merged else None
        if last and last.weekday == opening.weekday and opening.opens <= last.closes:
            merged[-1] = Opening(last.weekday, last.opens, max(last.closes, opening.closes))
        else:
            merged.append(opening)
    return merged


# --- HSDS schedules --------------------------------------------------------------------------


def openings_from_hsds(schedules: list[HsdsSchedule]) -> list[Opening]:
    """One Opening per day code of each schedule (times "HH:MM" or "HH:MM:SS")."""
    openings: list[Opening] = []
    for schedule in schedules:
        opens, closes = time.fromisoformat(schedule.opens_at), time.fromisoformat(schedule.closes_at)
        for code in schedule.byday.split(","):
            openings.append(Opening(WEEKDAY_CODES.index(code.strip().upper()), opens, closes))
    return normalise_openings(openings)


def openings_to_hsds(openings: Iterable[Opening]) -> list[HsdsSchedule]:
    """Days with the same hours share one schedule ("MO,WE 09:00-12:00"), ordered by their first day."""
    from domain.hsds import HsdsSchedule

    by_hours: dict[tuple[time, time], list[int]] = {}
    for opening in normalise_openings(openings):
        by_hours.setdefault((opening.opens, opening.closes), []).append(opening.weekday)
    ordered = sorted(by_hours.items(), key=lambda item: (item[1][0], item[0]))
    return [
        HsdsSchedule(",".join(WEEKDAY_CODES[d] for d in days), opens.strftime("%H:%M"), closes.strftime("%H:%M"))
        for (opens, closes), days in ordered
    ]


# --- open now, open next ---------------------------------------------------------------------


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed; opening hours are Brussels local time")
    return moment.astimezone(BRUSSELS)


def _window(day: date, opening: Opening) -> tuple[datetime, datetime]:
    start = datetime.combine(day, opening.opens, tzinfo=BRUSSELS)
    if opening.closes == END_OF_DAY:
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    else:
        end = datetime.combine(day, opening.closes, tzinfo=BRUSSELS)
    return start, end


def is_open(openings: Iterable[Opening], at: datetime) -> bool:
    """Open at this moment (a 23:59 closing counts as open until midnight)."""
    local = _local(at)
    return any(
        start <= local < end
        for opening in openings
        if opening.weekday == local.weekday()
        for start, end in [_window(local.date(), opening)]
    )


def next_opening(openings: Iterable[Opening], after: datetime) -> tuple[datetime, datetime] | None:
    """The window you can walk in next: the one open at `after`, else the first one starting later.

    Returned as Brussels-aware (start, end); windows that touch across midnight are not joined.
    """
    local = _local(after)
    candidates = normalise_openings(openings)
    if not candidates:
        return None
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for opening in candidates:
            if opening.weekday != day.weekday():
                continue
            start, end = _window(day, opening)
            if end > local:
                return start, end
    return None


# --- describing hours in Dutch ---------------------------------------------------------------


def _clock_nl(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _closing_nl(moment: time) -> str:
    """A 23:59 closing (or a window ending at midnight) reads as 24:00."""
    return "24:00" if moment in (END_OF_DAY, time(0)) else _clock_nl(moment)


def _always_open(openings: list[Opening]) -> bool:
    return len(openings) == 7 and all(o.opens == time(0) and o.closes == END_OF_DAY for o in openings)


def _days_nl(days: list[int]) -> str:
    """[0,1,2,3,4] → "ma–vr"; [1,3] → "di, do"; runs of three or more days become a range."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_ABBREVIATIONS_NL[run[0]]}–{DAY_ABBREVIATIONS_NL[run[-1]]}")
        else:
            parts.extend(DAY_ABBREVIATIONS_NL[d] for d in run)
    return ", ".join(parts)


def describe_openings_nl(openings: Iterable[Opening]) -> str:
    """ "ma 9:00–12:00 · wo 13:30–16:00"; days with the same hours are joined ("ma–vr 9:00–17:00")."""
    normal = normalise_openings(openings)
    if not normal:
        return "geen vaste uren"
    if _always_open(normal):
        return "altijd open (24/7)"
    per_day: dict[int, tuple[tuple[time, time], ...]] = {}
    for opening in normal:
        per_day[opening.weekday] = per_day.get(opening.weekday, ()) + ((opening.opens, opening.closes),)
    groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
    for day, windows in per_day.items():
        groups.setdefault(windows, []).append(day)
    parts = []
    for windows, days in sorted(groups.items(), key=lambda item: item[1][0]):
        hours = " en ".join(f"{_clock_nl(a)}–{_closing_nl(b)}" for a, b in windows)
        parts.append(f"{_days_nl(days)} {hours}")
    return " · ".join(parts)


def describe_next_open_nl(openings: Iterable[Opening], now: datetime, by_appointment: bool) -> str:
    """What a result card says about when to go: "nu open tot 16:00", "morgen 9:00–12:00", "op afspraak"."""
    normal = normalise_openings(openings)
    if not normal:
        return "op afspraak" if by_appointment else "geen vaste uren"
    if _always_open(normal):
        return "altijd open"
    local = _local(now)
    found = next_opening(normal, local)
    if found is None:  # cannot happen with at least one weekly opening, but stay honest
        return "op afspraak" if by_appointment else "geen vaste uren"
    start, end = found
    end_text = "middernacht" if end.time() == time(0) else _clock_nl(end.time())
    if start <= local:
        text = f"nu open tot {end_text}"
    elif start.date() == local.date():
        text = f"vandaag open vanaf {_clock_nl(start.time())}"
    else:
        hours = f"{_clock_nl(start.time())}–{_closing_nl(end.time())}"
        if start.date() == local.date() + timedelta(days=1):
            text = f"morgen {hours}"
        else:
            text = f"{DAY_NAMES_NL[start.weekday()]} {start.day} {MONTH_NAMES_NL[start.month - 1]} {hours}"
    return f"{text}, ook op afspraak" if by_appointment else text


def hours_per_week(openings: Iterable[Opening]) -> float:
    """Open hours in a week, overlaps counted once; a 23:59 closing counts to midnight."""
    minutes = 0
    for opening in normalise_openings(openings):
        closes = 24 * 60 if opening.closes == END_OF_DAY else opening.closes.hour * 60 + opening.closes.minute
        minutes += closes - (opening.opens.hour * 60 + opening.opens.minute)
    return minutes / 60
