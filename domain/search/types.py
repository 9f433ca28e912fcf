"""Data types of the referral search: offerings in, filters, hits and outcomes out."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import time
from typing import overload

from domain.closures import Closure
from domain.schedule import Opening


@dataclass(frozen=True)
class OfferingDoc:
    """What the search needs to know about one offering (an HSDS service).

    `languages`, `fees` and `access` may be unknown (empty / None): unknown is never read as
    "Dutch", "free" or "walk in".
    """

    id: str
    name: str
    description: str
    organisation: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    interpreter_languages: tuple[str, ...] = ()  # "met tolk": also meets a language filter
    openings: tuple[Opening, ...] = ()
    by_appointment: bool = False
    area: str | None = None
    network: str | None = None
    extra_text: str = ""
    fees: str | None = None
    access: str | None = None  # walk_in | appointment | referral | None (unknown)
    closures: tuple[Closure, ...] = ()  # dated and temporary closures (domain.closures)
    follows_school_holidays: bool = False  # closed in the Flemish school holidays


@dataclass(frozen=True)
class SearchFilters:
    """Filters that restrict a search: read from the question's text, or passed by a caller
    (a search page's controls). An offering is a hit only when it meets every filter that is set.

    weekdays: 0 = Monday; part_of_day: (from, until) local Brussels time; open_now: open at the
    search's `now` and not appointment-only; languages: ISO codes (Dutch is never a filter);
    neighbourhood: that area plus city-wide offers; target_groups: vocabulary keys (offers for
    everyone stay); category: a category slug; free: the cost says it is free; walk_in: you can
    walk in without appointment or referral.
    """

    weekdays: frozenset[int] = frozenset()
    part_of_day: tuple[time, time] | None = None
    open_now: bool = False
    languages: frozenset[str] = frozenset()
    neighbourhood: str | None = None
    target_groups: frozenset[str] = frozenset()
    category: str | None = None
    free: bool = False
    walk_in: bool = False
    # the words a question used for some of `weekdays` ((2, "vandaag")): said back as "vandaag (woensdag)"
    said_days: tuple[tuple[int, str], ...] = ()

    @property
    def active(self) -> bool:
        """Any filter set (every field: tests/test_search_filters_active.py holds this to the fields)."""
        return bool(
            self.weekdays or self.part_of_day or self.open_now or self.languages or self.neighbourhood
            or self.target_groups or self.category or self.free or self.walk_in or self.said_days
        )  # fmt: skip

    def merged(self, other: SearchFilters | None) -> SearchFilters:
        """Both sets of filters at once (the caller's controls and what the question says)."""
        if other is None:
            return self
        pod = self.part_of_day
        if other.part_of_day is not None:
            theirs = other.part_of_day
            pod = theirs if pod is None else (max(pod[0], theirs[0]), min(pod[1], theirs[1]))
        return SearchFilters(
            weekdays=self.weekdays | other.weekdays,
            part_of_day=pod,
            open_now=self.open_now or other.open_now,
            languages=self.languages | other.languages,
            neighbourhood=other.neighbourhood or self.neighbourhood,
            target_groups=self.target_groups | other.target_groups,
            category=other.category or self.category,
            free=self.free or other.free,
            walk_in=self.walk_in or other.walk_in,
            said_days=self.said_days + other.said_days,
        )


QueryFilters = SearchFilters  # the earlier name


@dataclass(frozen=True)
class Hit:
    doc: OfferingDoc
    score: float
    city_wide: bool
    matched_terms: tuple[str, ...]


class Hits(Sequence[Hit]):
    """The ranked hits of a search, made into `Hit`s only when read: a referral answer shows five of up
    to a hundred, and counts them all. `make(position)` builds the hit at that position of the ranking."""

    __slots__ = ("_made", "_make", "_size")

    def __init__(self, size: int, make: Callable[[int], Hit]) -> None:
        self._size, self._make = size, make
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Hit, ...]: ...

    def __getitem__(self, index: int | slice) -> Hit | tuple[Hit, ...]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(self._size)))
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("hit index out of range")
        return self._at(index)

    def _at(self, position: int) -> Hit:
        hit = self._made.get(position)
        if hit is None:
            hit = self._made[position] = self._make(position)
        return hit

    def __iter__(self) -> Iterator[Hit]:
        return (self._at(i) for i in range(self._size))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Hits({list(self)!r})"


@dataclass(frozen=True)
class SearchOutcome:
    """Hits meet every filter. When the filters leave nothing but offerings do answer the question,
    `hits` is empty, `is_gap` False, and `alternatives` holds the nearest ones with `unmet` naming the
    filters they do not meet ("day", "part_of_day", "open_now", "language", "target_group",
    "category", "free", "walk_in"). `is_gap` means nothing in the network answers the question."""

    hits: Sequence[Hit]  # a tuple, or `Hits` made when read
    filters: SearchFilters
    is_gap: bool
    understood_terms: tuple[str, ...]
    alternatives: tuple[Hit, ...] = ()
    unmet: frozenset[str] = frozenset()
    subject: str = ""  # without hits: the question without the words that became filters

    @property
    def filtered_out(self) -> bool:
        return not self.hits and not self.is_gap
