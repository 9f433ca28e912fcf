"""Which filters an offering does not meet. One rule per filter, shared by every caller.

"Open now" is `schedule.is_open` on the offering's hours, and an appointment-only offering is never
open now (you cannot walk in). Unknown is never a match: an offering without hours is not open on
Sunday, one without languages does not speak Tigrinya, one without a cost is not known to be free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time

from domain.closures import closed_until
from domain.dates_nl import BRUSSELS
from domain.schedule import Opening, is_open
from domain.search.types import OfferingDoc, SearchFilters
from domain.text_nl import normalize
from domain.vocabulary_nl import LANGUAGE_EQUIVALENTS

EVERYONE = "iedereen"
_FREE_RE = re.compile(r"\b(gratis|kosteloos|geen kosten|geen kostprijs|0 euro|0 eur|niets)\b")


def expand_languages(codes: Iterable[str]) -> frozenset[str]:
    """Language codes with their equivalents ("ber" also covers "zgh", "rif"; "nl-BE" is "nl")."""
    out: set[str] = set()
    for code in codes:
        c = code.lower().split("-")[0].split("_")[0]
        out.add(c)
        out |= LANGUAGE_EQUIVALENTS.get(c, frozenset())
    return frozenset(out)


_PRICE_RE = re.compile(r"\d|euro|\beur\b|€|tarief|lidgeld|lidmaatschap|\bleden\b|waarborg|betalend")


def is_free(fees: str | None) -> bool:
    """Free without a price or a condition beside it: "Gratis." yes; "Gratis; anders 1,50 euro" no;
    "Gratis voor leden" and "gratis; een nieuwe eID volgens het stedelijke tarief" no (free for some, or for
    some of it); unknown no."""
    text = normalize(fees or "")
    if _FREE_RE.search(text) is None:
        return False
    return _PRICE_RE.search(_FREE_RE.sub(" ", text) + " " + (fees or "").replace("0 euro", "")) is None


def is_walk_in(access: str | None, openings: Sequence[Opening]) -> bool:
    """Walk in only when the offering says so and has hours to walk in at."""
    return access == "walk_in" and bool(openings)


def is_closed_on(doc: OfferingDoc, day: date) -> bool:
    """A closure (dated, temporary or the school holidays it follows) applies on `day`."""
    if not doc.closures and not doc.follows_school_holidays:
        return False
    return closed_until(day, doc.closures, doc.follows_school_holidays) is not None


def open_now(doc: OfferingDoc, now: datetime) -> bool:
    """Open by its hours, not appointment-only, and not closed today (a closure or the school holidays)."""
    if doc.by_appointment or doc.access == "appointment" or not is_open(doc.openings, now):
        return False
    return not is_closed_on(doc, now.astimezone(BRUSSELS).date() if now.tzinfo else now.date())


def openings_asked(
    openings: Iterable[Opening], weekdays: AbstractSet[int], part_of_day: tuple[time, time] | None
) -> list[Opening]:
    """The weekly openings a question's days and part of the day ask for: on one of `weekdays` (any day when
    there are none) and overlapping `part_of_day` (any time when None). Also what a result card shows."""
    return [
        o
        for o in openings
        if (not weekdays or o.weekday in weekdays) and (part_of_day is None or o.overlaps(*part_of_day))
    ]


def unmet_filters(
    doc: OfferingDoc,
    filters: SearchFilters,
    *,
    now: datetime,
    weekdays: frozenset[int],
    groups: frozenset[str],
    languages: frozenset[str],
    wanted_languages: frozenset[str],
    dated_days: frozenset[date] = frozenset(),
) -> frozenset[str]:
    """Names of the filters `doc` does not meet. `weekdays` are the filter's days with relative
    days ("morgen") resolved; `groups` the offering's target groups (with those read from its name
    and categories); `languages` its expanded language codes; `wanted_languages` the filter's;
    `dated_days` as in `unmet_time_filters`."""
    unmet = unmet_time_filters(doc, filters, now=now, weekdays=weekdays, dated_days=dated_days)
    if wanted_languages and wanted_languages.isdisjoint(languages):
        unmet.add("language")
    if filters.target_groups and groups and EVERYONE not in groups and filters.target_groups.isdisjoint(groups):
        unmet.add("target_group")
    if filters.category and filters.category not in doc.categories:
        unmet.add("category")
    if filters.free and not is_free(doc.fees):
        unmet.add("free")
    if filters.walk_in and not is_walk_in(doc.access, doc.openings):
        unmet.add("walk_in")
    return frozenset(unmet)


def unmet_time_filters(
    doc: OfferingDoc,
    filters: SearchFilters,
    *,
    now: datetime,
    weekdays: frozenset[int],
    dated_days: frozenset[date] = frozenset(),
) -> set[str]:
    """The filters of the clock `doc` does not meet ("day", "part_of_day", "open_now"): the ones that read
    its hours and closures. `dated_days` are the dates the relative days stand for ("vandaag", "morgen"):
    closed then, that day does not count (a plain weekday, "woensdag", keeps using the weekly hours); for
    today, a session that has ended by `now` does not count either (at 15:00, "vandaag" is not this
    morning's session)."""
    unmet: set[str] = set()
    window = filters.part_of_day
    if weekdays:
        closed = {d.weekday() for d in dated_days if is_closed_on(doc, d)}
        days = [o for o in openings_asked(doc.openings, weekdays, None) if o.weekday not in closed]
        local = now.astimezone(BRUSSELS) if now.tzinfo else now
        if local.date() in dated_days:  # "vandaag": a session that already ended today is no longer today's
            days = [o for o in days if o.weekday != local.weekday() or o.closes > local.time()]
        if not days:
            unmet.add("day")
        elif not openings_asked(days, weekdays, window):
            unmet.add("part_of_day")
    elif window is not None and not openings_asked(doc.openings, weekdays, window):
        unmet.add("part_of_day")
    if filters.open_now and not open_now(doc, now):
        unmet.add("open_now")
    return unmet
