"""Rules of the public social map page: its filter controls, what "free" and "walk in" mean, and
how the controls are said in Dutch. Plain Python; the page (plugin.web) and tests share it.

A control filter is applied as a hard filter on the search results, with the opening-hour rules
of domain.schedule, and only the controls that were applied are named on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from domain.labels_nl import ACCESS_LABELS
from domain.schedule import Opening, is_open
from domain.search.filters import is_free, is_walk_in

CITY_WIDE = "stadsbreed"
DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# the same windows as the search's own words (domain.vocabulary_nl.PARTS_OF_DAY)
PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "voormiddag": (time(8, 0), time(12, 0)),
    "namiddag": (time(12, 0), time(18, 0)),
    "avond": (time(17, 0), time(22, 0)),
}
ASK = "vraag na"
_FREE = re.compile(r"\b(gratis|kosteloos|kost(en)? niets|geen kosten)\b", re.I)
_PRICE = re.compile(r"\d|euro|€", re.I)


@dataclass(frozen=True)
class OfferFacts:
    """What the filters look at of one offering."""

    categories: tuple[str, ...]
    languages: tuple[str, ...]
    openings: tuple[Opening, ...]
    area: str | None
    fees: str | None
    access: str | None  # None: the offering does not say how to get in


@dataclass(frozen=True)
class Controls:
    """The filter controls of the page, as read from its query string (invalid values are dropped)."""

    category: str | None = None
    weekday: int | None = None
    part_of_day: str | None = None
    open_now: bool = False
    language: str | None = None
    area: str | None = None  # a neighbourhood's name, or CITY_WIDE
    free: bool = False
    walk_in: bool = False

    @property
    def any(self) -> bool:
        return any(
            (self.category, self.weekday is not None, self.part_of_day, self.open_now, self.language, self.area,
             self.free, self.walk_in)
        )  # fmt: skip


def how_to_get_in(access: str | None, openings: Sequence[Opening]) -> str:
    """ "Vrij binnenlopen", "Op afspraak", "Na doorverwijzing", or "vraag na" when not known."""
    if access == "walk_in":
        return ACCESS_LABELS["walk_in"] if openings else ASK
    return ACCESS_LABELS.get(access, ASK) if access is not None else ASK


def _day_ok(openings: Iterable[Opening], weekday: int | None, part: str | None) -> bool:
    window = PARTS_OF_DAY.get(part or "")
    return any((weekday is None or o.weekday == weekday) and (window is None or o.overlaps(*window)) for o in openings)


def passes(facts: OfferFacts, controls: Controls, now: datetime) -> bool:
    if controls.category and controls.category not in facts.categories:
        return False
    if (controls.weekday is not None or controls.part_of_day) and not _day_ok(
        facts.openings, controls.weekday, controls.part_of_day
    ):
        return False
    if controls.open_now and not is_open(facts.openings, now):
        return False
    if controls.language and controls.language not in facts.languages:
        return False
    if controls.area == CITY_WIDE and facts.area is not None:
        return False
    if controls.area and controls.area != CITY_WIDE and (facts.area or "").casefold() != controls.area.casefold():
        return False
    if controls.free and not is_free(facts.fees):
        return False
    return not (controls.walk_in and not is_walk_in(facts.access, facts.openings))
