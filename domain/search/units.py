"""The pieces a question is parsed into: units (a word or phrase with the index terms that may
answer it), their alternatives, the parsed query with its filters; a time of day written in a
question, and the question's subject without the words that became filters."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache

from domain.search.lexicon import (
    CONCEPTS_BY_KEY as _CONCEPTS,
)
from domain.search.lexicon import (
    OFF_DOMAIN as _OFF_DOMAIN,
)
from domain.search.lexicon import (
    STATIC_LEXICON as _STATIC_LEXICON,
)
from domain.search.lexicon import (
    is_weak as _is_weak,
)
from domain.search.lexicon import (
    label as _label,
)
from domain.search.lexicon import (
    parents as _parents,
)
from domain.search.lexicon import (
    single_concepts as _single_concepts,
)
from domain.search.types import QueryFilters
from domain.text_nl import is_generic, words


def is_service(unit: Unit) -> bool:
    return any((c := _CONCEPTS.get(key)) is not None and c.service for key in unit_concepts(unit))


def unit_concepts(unit: Unit) -> set[str]:
    return {a.term[2:] for a in unit.alts if a.kind == "concept"}


@dataclass
class Alt:
    term: str
    kind: str  # text | concept | typo | docparent | parent


@dataclass
class Unit:
    """One meaningful piece of the question with the index terms that may answer it."""

    label: str
    role: str  # content | weak | aux
    alts: list[Alt] = field(default_factory=list)
    parts: list[Unit] = field(default_factory=list)
    known: bool = True  # a word of the vocabulary (or a phrase), not an unrecognised word
    off_domain: bool = False  # a word naming something outside digital inclusion ("fiets")
    parts_scale: float = 1.0


@dataclass
class QToken:
    word: str
    stem: str
    parts: tuple[str, ...] | None
    consumed: bool = False
    typo_of: str | None = None


@dataclass
class ParsedQuery:
    units: list[Unit]
    filters: QueryFilters
    relative_day: int | None
    categories: dict[str, float]
    consumed: frozenset[str] = frozenset()  # the words that became filters (`subject_of` leaves them out)
    group_hints: frozenset[str] = frozenset()


def concept_alts(keys: Iterable[str]) -> list[Alt]:
    alts: list[Alt] = []
    seen: set[str] = set()
    for key in keys:
        for term, kind in (("C:" + key, "concept"), ("P:" + key, "docparent")):
            if term not in seen:
                seen.add(term)
                alts.append(Alt(term, kind))
        for parent in _parents(key):
            term = "C:" + parent
            if term not in seen:
                seen.add(term)
                alts.append(Alt(term, "parent"))
    return alts


def word_unit(word: str, st: str, *, typo: bool = False) -> Unit | None:
    """Unit for a single word: its stem and the concepts it belongs to. None for generic words.
    A new unit each time (parsing sets its parts and role); what it is made of is worked out once per word."""
    made = _word_unit(word, st, typo)
    if made is None:
        return None
    return Unit(label=made.label, role=made.role, alts=made.alts, known=made.known, off_domain=made.off_domain)


@lru_cache(maxsize=8192)
def _word_unit(word: str, st: str, typo: bool) -> Unit | None:
    """Never changed once made: `word_unit` hands out copies (which share `alts`, read only)."""
    if is_generic(word) or is_generic(st) or not word:
        return None
    if any(ch.isdigit() for ch in word) and word not in _STATIC_LEXICON:
        return None
    keys = _single_concepts(st)
    weak = bool(keys) and all(_is_weak(k) for k in keys)
    strong_keys = [k for k in keys if not _is_weak(k)]
    # a word of a concept means the concept: every synonym finds the same offerings ("laptop" = "pc")
    alts = ([] if strong_keys else [Alt(st, "typo" if typo else "text")]) + concept_alts(keys)
    label = _label(strong_keys[0]) if strong_keys else word
    known = bool(keys) or word in _STATIC_LEXICON
    off = not keys and st in _OFF_DOMAIN
    return Unit(label=label, role="weak" if weak else "content", alts=alts, known=known, off_domain=off)


def categories_of_units(units: Sequence[Unit]) -> dict[str, float]:
    """Category intent: categories of the concepts in the substance of the question."""
    totals: dict[str, float] = defaultdict(float)
    for unit in units:
        if unit.role != "content":
            continue
        per_unit: dict[str, float] = {}
        # a vocabulary word or phrase points to its own concept's categories, not its parts'
        parts = [] if unit_concepts(unit) else [a for p in unit.parts for a in p.alts]
        for alt in unit.alts + parts:
            if alt.kind != "concept":
                continue
            concept = _CONCEPTS.get(alt.term[2:])
            if concept is None:
                continue
            for slug, weight in concept.categories:
                per_unit[slug] = max(per_unit.get(slug, 0.0), weight)
        for slug, weight in per_unit.items():
            totals[slug] += weight
    return dict(totals)


def understood_labels(units: Sequence[Unit]) -> tuple[str, ...]:
    labels = [u.label for u in units if u.role in ("content", "weak") and u.label]
    return tuple(dict.fromkeys(labels))


# -- what else a question says: a time of day, and its subject without the filter words ----------------
_CLOCK_RE = re.compile(
    r"\b(?:(?P<prep>na|voor|om|vanaf|tegen|rond)\s+)?(?P<h>\d{1,2})\s*(?:u|uur|h)(?P<m>\d{2})?\b"
    r"|\b(?P<prep2>na|voor|om|vanaf|tegen|rond)\s+(?P<h2>\d{1,2}) (?P<m2>\d{2})\b"
)


def time_of_day(norm: str) -> tuple[time, time] | None:
    """A time of day written as "om 14u", "na 17 uur", "voor 10u30", "vanaf 13:00" (normalised)."""
    m = _CLOCK_RE.search(norm)
    if not m:
        return None
    prep = m.group("prep") or m.group("prep2")
    hour = int(m.group("h") or m.group("h2"))
    minute = int(m.group("m") or m.group("m2") or 0)
    if hour > 23 or minute > 59:
        return None
    at = time(hour, minute)
    if prep in ("na", "vanaf"):
        return (at, time(23, 59))
    if prep == "voor":
        return (time(7, 0), at) if at > time(7, 0) else None
    end = time(min(hour + 1, 23), minute if hour < 23 else 59)
    return (at, end)


_FILLERS = frozenset({"in", "het", "de", "op", "voor", "om", "een", "s", "die", "dat"})
_TRAILING = frozenset({"spreekt", "spreken", "praat", "open", "geopend"})  # "die Arabisch spreekt"


@lru_cache(maxsize=8192)
def _normal_words(raw: str) -> tuple[str, ...]:
    """The normalised words of one whitespace-separated piece of a question ("Tax-on-web," -> "taxonweb")."""
    return tuple(j for j, _ in words(raw))


def subject_of(text: str, consumed: AbstractSet[str]) -> str:
    """The question without the words that became filters: "zondag laptop lenen" -> "laptop lenen"."""
    kept: list[str] = []
    pending: list[str] = []
    after_filter = False
    for raw in text.split():
        norm = _normal_words(raw)
        if norm and (all(w in consumed for w in norm) or after_filter and all(w in _TRAILING for w in norm)):
            pending = []  # "in het Tigrinya": the words leading up to a filter go with it
            after_filter = True
            continue
        after_filter = False
        if norm and all(w in _FILLERS for w in norm):
            pending.append(raw)
            continue
        kept += pending + [raw]
        pending = []
    return " ".join(kept).strip(" ,.;:!?")
