"""The query parser: filters (days, parts of the day, open now, languages, neighbourhoods, target
groups, a time of day) and units of substance from a free Dutch question; `guess_categories`."""

from __future__ import annotations

from collections import defaultdict
from datetime import time

from domain.search.analyzer import Analyzer
from domain.search.lexicon import (
    AGE_RE as _AGE_RE,
)
from domain.search.lexicon import (
    AGE_WORDS as _AGE_WORDS,
)
from domain.search.lexicon import (
    CONCEPTS_BY_KEY as _CONCEPTS,
)
from domain.search.lexicon import (
    PHRASES as _PHRASES,
)
from domain.search.lexicon import (
    TG_PHRASES as _TG_PHRASES,
)
from domain.search.lexicon import (
    TIME_WORDS as _TIME_WORDS,
)
from domain.search.lexicon import (
    is_weak as _is_weak,
)
from domain.search.lexicon import (
    label as _label,
)
from domain.search.lexicon import (
    related_concepts as _related_concepts,
)
from domain.search.lexicon import (
    single_concepts as _single_concepts,
)
from domain.search.lexicon import (
    static_known as _static_known,
)
from domain.search.types import SearchFilters
from domain.search.units import (
    Alt,
    ParsedQuery,
    QToken,
    Unit,
    categories_of_units,
    concept_alts,
    time_of_day,
    unit_concepts,
    word_unit,
)
from domain.text_nl import (
    TypoCorrector,
    is_generic,
    normalize,
    split_compound,
    stem,
    words,
)
from domain.vocabulary_nl import (
    AGE_SENIOR_FROM,
    AGE_YOUTH_UNTIL,
    CATEGORIES,
    CHILD_WORDS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    OPEN_NOW_PHRASES,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    WEEKDAY_GROUPS,
    WEEKDAYS,
)

# Built once: the phrases that start with a word, in the order they are tried (open now: longest first).
_OPEN_NOW_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(OPEN_NOW_PHRASES, key=len, reverse=True):
    _OPEN_NOW_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_MULTIWORD_PARTS_OF_DAY: dict[str, list[tuple[tuple[str, ...], tuple[time, time]]]] = {}
for _words, _window in PARTS_OF_DAY.items():
    if len(_words.split()) > 1:
        _MULTIWORD_PARTS_OF_DAY.setdefault(_words.split()[0], []).append((tuple(_words.split()), _window))
_PHRASE_PARTS_SCALE = 0.8  # "pc gebruiken" without the phrase still means "pc"
# The vocabulary's phrases of two words or more, by their first stem, in the vocabulary's order.
# Per first stem: per length, longest first, each phrase's stems with its keys (in the vocabulary's order).
_MULTIWORD_PHRASES: dict[str, list[tuple[int, dict[tuple[str, ...], list[str]]]]] = {}
for _first, _entries in _PHRASES.items():
    _by_length: dict[int, dict[tuple[str, ...], list[str]]] = {}
    for _seq, _key in _entries:
        if len(_seq) >= 2:
            _by_length.setdefault(len(_seq), {}).setdefault(_seq, []).append(_key)
    if _by_length:
        _MULTIWORD_PHRASES[_first] = sorted(_by_length.items(), key=lambda item: -item[0])
# Every word a filter of `QueryParser.parse` can start with (besides the index's neighbourhoods): open now,
# a multi-word part of the day, a time word, a language, a target group.
_FILTER_HEADS = frozenset(
    {*_OPEN_NOW_BY_FIRST, *_MULTIWORD_PARTS_OF_DAY, *_TIME_WORDS, *LANGUAGES, *_TG_PHRASES}
)


_READINGS_MAX = 20_000  # words kept per index (a few MB at most); past it the memory starts again


class QueryParser:
    """Reads filters and units from a question; uses the index vocabulary for splits and typos."""

    def __init__(self, analyzer: Analyzer, typos: TypoCorrector | None, areas: dict[str, str]) -> None:
        self.analyzer = analyzer
        self.typos = typos
        self.areas = areas  # normalised token sequence (space-joined) -> area display name
        # the words a filter can start with: any other word that is not a compound is substance (`parse`)
        self._filter_heads = _FILTER_HEADS | {key.split()[0] for key in areas if key}
        # a word's reading (stem, compound parts, typo fix) depends only on the word and this index's
        # vocabulary: kept per word, so the words every question shares are read once
        self._readings: dict[str, tuple[str, str, tuple[str, ...] | None, str | None]] = {}

    def _tokens(self, text: str) -> list[QToken]:
        tokens: list[QToken] = []
        for joined, parts in words(text):
            if len(parts) > 1 and not self.analyzer.known(joined) and joined not in self.areas:
                pieces = list(parts)
            else:
                pieces = [joined]
            for w in pieces:
                tokens.append(self._token(w))
        return tokens

    def _token(self, w: str) -> QToken:
        reading = self._readings.get(w)
        if reading is None:
            token = self._read(w)
            if len(self._readings) >= _READINGS_MAX:
                self._readings.clear()
            reading = self._readings[w] = (token.word, token.stem, token.parts, token.typo_of)
        word, stem_, parts, typo_of = reading
        return QToken(word, stem_, parts, typo_of=typo_of)  # a new token: parsing marks it consumed

    def _read(self, w: str) -> QToken:
        if w in _TIME_WORDS or w in LANGUAGES or is_generic(w):
            return QToken(w, stem(w), None)
        time_parts = split_compound(w, lambda p: p in _TIME_WORDS or _static_known(p))
        known = self.analyzer.known(w)
        parts = self.analyzer.parts_of(w)
        if time_parts and any(p in _TIME_WORDS for p in time_parts):
            parts = time_parts
        if not known and not parts and self.typos is not None and not any(c.isdigit() for c in w):
            fixed = self.typos.correct(w)
            # a short word with another first letter is more often another word than a typo
            if fixed and fixed != w and (len(w) >= 7 or fixed[0] == w[0]):
                return QToken(fixed, stem(fixed), self.analyzer.parts_of(fixed), typo_of=w)
        return QToken(w, stem(w), parts)

    def parse(self, text: str) -> ParsedQuery:
        norm = normalize(text)
        tokens = self._tokens(text)
        clock_window = time_of_day(norm)
        target_groups: set[str] = set()
        group_hints: set[str] = set()
        for m in _AGE_RE.finditer(norm):
            age = int(m.group(1))
            if age >= AGE_SENIOR_FROM:
                target_groups.add("senioren")
            elif 10 <= age <= AGE_YOUTH_UNTIL:
                target_groups.add("jongeren")
        aux_units: list[Unit] = []
        weekdays: set[int] = set()
        part_of_day: tuple[time, time] | None = None
        relative_day: int | None = None
        open_now = False
        languages: set[str] = set()
        neighbourhood: str | None = None

        words_ = [t.word for t in tokens]
        n = len(tokens)
        for k in range(1, n):  # "70 jaar", "65 plussers": the age is a target group, not a subject
            if words_[k - 1].isdigit() and words_[k] in _AGE_WORDS:
                tokens[k].consumed = True

        def consume(i: int, length: int) -> None:
            for k in range(i, i + length):
                tokens[k].consumed = True

        def widen(pod: tuple[time, time] | None, new: tuple[time, time]) -> tuple[time, time]:
            if pod is None:
                return new
            return (min(pod[0], new[0]), max(pod[1], new[1]))

        heads = self._filter_heads
        i = 0
        while i < n:
            tok = tokens[i]
            w = tok.word
            if w not in heads and tok.parts is None:  # no filter starts here: substance, for `_units`
                i += 1
                continue
            # neighbourhoods (multi-word first)
            matched = False
            for length in (3, 2, 1):
                key = " ".join(words_[i : i + length])
                if i + length <= n and key in self.areas:
                    name = self.areas[key]
                    if name.lower() != "antwerpen":
                        neighbourhood = neighbourhood or name
                    consume(i, length)
                    i += length
                    matched = True
                    break
            if matched:
                continue
            # open now
            for phrase in _OPEN_NOW_BY_FIRST.get(words_[i], ()):
                if tuple(words_[i : i + len(phrase)]) == phrase:
                    open_now = True
                    consume(i, len(phrase))
                    i += len(phrase)
                    matched = True
                    break
            if matched:
                continue
            # multi-word parts of day ("na school")
            for seq, window in _MULTIWORD_PARTS_OF_DAY.get(words_[i], ()):
                if tuple(words_[i : i + len(seq)]) == seq:
                    part_of_day = widen(part_of_day, window)
                    consume(i, len(seq))
                    i += len(seq)
                    matched = True
                    break
            if matched:
                continue
            # time words, also inside compounds ("woensdagnamiddag", "zaterdagcursus")
            pieces = [w] if w in _TIME_WORDS else list(tok.parts or ())
            rest: list[str] = []
            found_time = False
            for p in pieces:
                if p == "morgen" and i > 0 and words_[i - 1] == "s":
                    p = "morgens"  # "'s morgen" is the morning, "morgen" is tomorrow
                base = p[:-1] if p.endswith("s") and p[:-1] in WEEKDAYS else p
                base = base[:-2] if base.endswith("en") and base[:-2] in WEEKDAYS else base
                if base in WEEKDAYS:
                    weekdays.add(WEEKDAYS[base])
                    found_time = True
                elif base in WEEKDAY_GROUPS:
                    weekdays |= WEEKDAY_GROUPS[base]
                    found_time = True
                elif base in RELATIVE_DAYS:
                    days, pod_name = RELATIVE_DAYS[base]
                    relative_day = days
                    if pod_name:
                        part_of_day = widen(part_of_day, PARTS_OF_DAY[pod_name])
                    found_time = True
                elif base in PARTS_OF_DAY:
                    part_of_day = widen(part_of_day, PARTS_OF_DAY[base])
                    found_time = True
                else:
                    rest.append(p)
            if found_time:
                if rest:  # "zaterdagcursus": the day is a filter, the rest stays a word
                    tok.word = rest[0] if len(rest) == 1 else "".join(rest)
                    tok.parts = tuple(rest) if len(rest) > 1 else None
                    tok.stem = stem(tok.word)
                else:
                    tok.consumed = True
                i += 1
                continue
            # languages ("arabisch", "franstalige", "in het Turks")
            if w in LANGUAGES:
                code = LANGUAGES[w]
                if code != DEFAULT_LANGUAGE:
                    languages.add(code)
                    aux_units.append(Unit(label=w, role="aux", alts=[Alt(stem(w), "text")]))
                    tok.consumed = True
                i += 1
                continue
            # target groups
            for seq, group in _TG_PHRASES.get(w, ()):
                if tuple(words_[i : i + len(seq)]) == seq:
                    # "mijn dochter", "de kleinkinderen": who is the client is not said; a hint, not a filter
                    (group_hints if len(seq) == 1 and w in CHILD_WORDS else target_groups).add(group)
                    consume(i, len(seq))
                    if len(seq) == 1:
                        if any(not _is_weak(k) for k in _single_concepts(tok.stem)):
                            # also a concept ("jeugdhuis", "werkzoekende", "nt2"): keep it as substance
                            tok.consumed = False
                        else:
                            aux_units.append(Unit(label=w, role="aux", alts=[Alt(tok.stem, "text")]))
                    i += len(seq)
                    matched = True
                    break
            if matched:
                continue
            i += 1

        units = self._units(tokens)
        if clock_window is not None:
            part_of_day = widen(part_of_day, clock_window) if part_of_day else clock_window
        filters = SearchFilters(
            weekdays=frozenset(weekdays),
            part_of_day=part_of_day,
            open_now=open_now,
            languages=frozenset(languages),
            neighbourhood=neighbourhood,
            target_groups=frozenset(target_groups),
        )
        all_units = units + aux_units
        consumed = {t.word for t in tokens if t.consumed} | {t.typo_of for t in tokens if t.consumed and t.typo_of}
        hints = frozenset(group_hints - target_groups)
        return ParsedQuery(all_units, filters, relative_day, categories_of_units(units), frozenset(consumed), hints)

    def _units(self, tokens: list[QToken]) -> list[Unit]:
        units: list[Unit] = []
        stems = tuple(t.stem for t in tokens)
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            if tok.consumed:
                i += 1
                continue
            # longest multi-word phrase starting here, over unconsumed tokens
            best_len = 0
            best_keys: list[str] = []
            for length, phrases in _MULTIWORD_PHRASES.get(stems[i], ()):
                keys = phrases.get(stems[i : i + length]) if i + length <= n else None
                if keys is not None and not any(t.consumed for t in tokens[i : i + length]):
                    best_len, best_keys = length, keys
                    break
            if best_len >= 2:
                span = tokens[i : i + best_len]
                strong = [k for k in best_keys if not _is_weak(k)]
                # the phrase's own content words count too, a little less than the phrase itself, when
                # they mean the same or something broader ("pc gebruiken" -> pc; not "openbare")
                part_units = [u for t in span if (u := word_unit(t.word, t.stem)) is not None and u.role == "content"]
                if strong:
                    related = _related_concepts(strong)
                    part_units = [u for u in part_units if unit_concepts(u) & related]
                phrase_unit = Unit(
                    label=_label(strong[0] if strong else best_keys[0]),
                    role="content" if strong else "weak",
                    alts=concept_alts(best_keys),
                    parts=part_units,
                    parts_scale=_PHRASE_PARTS_SCALE,
                )
                units.append(phrase_unit)
                i += best_len
                continue
            unit = word_unit(tok.word, tok.stem, typo=tok.typo_of is not None)
            if tok.parts:
                part_units = [u for p in tok.parts if (u := word_unit(p, stem(p))) is not None]
                whole = [k for k in _single_concepts(tok.stem) if not _is_weak(k)]
                if whole:
                    # a word the vocabulary knows as a whole means that: its parts only count when they
                    # mean the same or something broader ("computerles" -> computer, not "belastingbrief" -> brief)
                    related = _related_concepts(whole)
                    part_units = [u for u in part_units if unit_concepts(u) & related]
                if unit is None and part_units:
                    unit = Unit(label=tok.word, role="content", alts=[])
                if unit is not None:
                    unit.parts = part_units
                    if not _single_concepts(tok.stem) and part_units:
                        roles = {u.role for u in part_units}
                        unit.role = "content" if "content" in roles else "weak"
                        unit.label = " ".join(u.label for u in part_units)
            if unit is not None:
                units.append(unit)
            i += 1
        return units


_GUESS_PARSER = QueryParser(Analyzer(), None, {})


def guess_categories(text: str) -> list[tuple[str, float]]:
    """Best-first category slugs for free text, with a share in (0, 1]; [] when nothing is recognised."""
    parsed = _GUESS_PARSER.parse(text)
    totals = dict(parsed.categories)
    for group in parsed.filters.target_groups:
        if group in CATEGORIES:
            totals[group] = totals.get(group, 0.0) + 0.8
    weak_totals: dict[str, float] = defaultdict(float)
    for unit in parsed.units:
        if unit.role == "weak":
            for alt in unit.alts:
                concept = _CONCEPTS.get(alt.term[2:]) if alt.kind == "concept" else None
                for slug, weight in concept.categories if concept else ():
                    weak_totals[slug] += 0.3 * weight
    for slug, weight in weak_totals.items():
        if slug not in totals:
            totals[slug] = weight
    if not totals:
        return []
    top = max(totals.values())
    order = list(CATEGORIES)
    ranked = sorted(
        totals.items(),
        key=lambda kv: (-kv[1], order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
    )
    return [(slug, round(v / top, 4)) for slug, v in ranked]
