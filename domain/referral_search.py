"""Referral search for `/verwijs`: free Dutch text in, ranked offerings ("aanbod") of partners out.

How a question is understood:
- words are normalised, split (compounds, hyphens), typo-corrected against the index and stemmed
  (`text_nl`), then mapped onto concepts of the domain (`vocabulary_nl`): a word or phrase of a
  concept means that concept, so "gsm" and "smartphone", "belastingbrief" and "Tax-on-web" find the
  same offerings; whole words and compound parts match, never substrings ("table" is not "tablet");
- days, parts of the day, "nu open", languages, neighbourhoods and target groups become filters
  (`domain.search.filters`); a caller may pass the same filters explicitly (`SearchFilters`);
- generic request words ("hulp", "iemand", "waar", "nodig") do not score, format words ("cursus",
  "online", "gratis") score a little but never make a question answerable on their own.

How offerings are ranked: BM25F over stemmed words and concept tokens (name > categories >
description > organisation/extra), plus a category-intent component, a target-group boost and
a preference for the asker's own neighbourhood. Filters restrict: every hit meets all of them; when
they leave nothing that answers, the outcome says so and names the nearest offerings for another
moment as alternatives. When no offering covers the substance of the question (only broader
matches, or none that provides an asked service such as lending or repairing) the outcome is a
gap: no hits, so the caller can say so plainly instead of returning noise.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from domain.dates_nl import BRUSSELS
from domain.search.filters import EVERYONE, expand_languages, unmet_filters
from domain.search.lexicon import (
    AGE_RE as _AGE_RE,
)
from domain.search.lexicon import (
    AGE_WORDS as _AGE_WORDS,
)
from domain.search.lexicon import (
    BRING_ALONG_RE as _BRING_ALONG_RE,
)
from domain.search.lexicon import (
    CONCEPT_TERMS as _CONCEPT_TERMS,
)
from domain.search.lexicon import (
    CONCEPTS_BY_KEY as _CONCEPTS,
)
from domain.search.lexicon import (
    DIGIT_RE as _DIGIT_RE,
)
from domain.search.lexicon import (
    DOC_PHRASES as _DOC_PHRASES,
)
from domain.search.lexicon import (
    OFF_DOMAIN as _OFF_DOMAIN,
)
from domain.search.lexicon import (
    PHRASES as _PHRASES,
)
from domain.search.lexicon import (
    SENTENCE_RE as _SENTENCE_RE,
)
from domain.search.lexicon import (
    STATIC_LEXICON as _STATIC_LEXICON,
)
from domain.search.lexicon import (
    STATIC_STEMS as _STATIC_STEMS,
)
from domain.search.lexicon import (
    TG_PHRASES as _TG_PHRASES,
)
from domain.search.lexicon import (
    TIME_WORDS as _TIME_WORDS,
)
from domain.search.lexicon import (
    concept_known as _concept_known,
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
    related_concepts as _related_concepts,
)
from domain.search.lexicon import (
    related_parts as _related_parts,
)
from domain.search.lexicon import (
    single_concepts as _single_concepts,
)
from domain.search.lexicon import (
    static_known as _static_known,
)
from domain.search.types import Hit, OfferingDoc, QueryFilters, SearchFilters, SearchOutcome
from domain.text_nl import (
    STOPWORDS,
    TypoCorrector,
    is_generic,
    normalize,
    split_compound,
    stem,
    strip_separable_prefix,
    words,
)
from domain.vocabulary_nl import (
    AGE_SENIOR_FROM,
    AGE_YOUTH_UNTIL,
    ANTWERP_AREAS,
    CATEGORIES,
    CATEGORY_TARGET_GROUPS,
    CHILD_WORDS,
    DEFAULT_LANGUAGE,
    GENERALIST_CONCEPT,
    LANGUAGES,
    OPEN_NOW_PHRASES,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    WEEKDAY_GROUPS,
    WEEKDAYS,
    target_group_key,
)

__all__ = [
    "CATEGORIES",
    "Hit",
    "OfferingDoc",
    "QueryFilters",
    "ReferralIndex",
    "SearchFilters",
    "MAX_HITS",
    "SearchOutcome",
    "guess_categories",
]


# Field weights of BM25F: the name says what an offering is; extra text only what it needs.
_FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "cat": 1.5, "desc": 1.0, "low": 0.3, "org": 0.5, "extra": 0.3}
_K1 = 1.2
_B = 0.75

# Weights of query units by role, and credits of match kinds toward "the question is covered".
_ROLE_WEIGHT = {"content": 1.0, "weak": 0.25, "aux": 0.3}
_CREDIT = {"text": 1.0, "concept": 1.0, "typo": 0.9, "docparent": 0.5, "parent": 0.0}
_ALT_WEIGHT = {"text": 1.0, "concept": 0.95, "typo": 0.85, "docparent": 0.5, "parent": 0.4}
_KIND_ORDER = {"text": 0, "concept": 1, "typo": 2, "docparent": 3, "parent": 4}
_PHRASE_PARTS_SCALE = 0.8  # "pc gebruiken" without the phrase still means "pc"
_BROADER_ONLY_BELOW = 40  # broader concepts are a fallback: skipped when precise matches abound
# On a very big network only the best-scoring offerings per term are considered: a referral list
# never needs more, and it keeps a search within its time budget.
_POSTING_CAP = 600

_GAP_COVERAGE = 0.5  # a question is answerable when one offering covers at least half of its substance
_MIN_HIT_COVERAGE = 0.2
_RELATIVE_CUTOFF = 0.08
_CATEGORY_WEIGHT = 0.35
_RELATED_WHEN_FEWER = 0  # add same-category offerings as related referrals only in small result sets
MAX_HITS = 100  # "all relevant hits", capped so a big network never returns thousands
_GENERALIST_SHARE = 0.22  # general digital help points are a fallback for any digital question
_OWN_AREA_BOOST = 1.3  # the asker's own neighbourhood comes before city-wide offers of similar relevance
_MIN_FACTOR = 0.8
_TG_MATCH = 1.25
_MAX_FACTOR = _TG_MATCH * _OWN_AREA_BOOST  # best target-group match in the own neighbourhood
_TG_MISMATCH = 0.8
_TG_UNASKED = 0.92
_ALTERNATIVES = 3  # nearest offerings shown when the filters leave nothing
_ALTERNATIVE_MISSES = frozenset({"day", "part_of_day", "open_now", "free", "walk_in"})


def _is_service(unit: _Unit) -> bool:
    return any((c := _CONCEPTS.get(key)) is not None and c.service for key in _unit_concepts(unit))


def _unit_concepts(unit: _Unit) -> set[str]:
    return {a.term[2:] for a in unit.alts if a.kind == "concept"}


# ---------------------------------------------------------------------------------------------
# Document analysis
# ---------------------------------------------------------------------------------------------


class _Analyzer:
    """Turns text into index terms: stems of words and compound parts, plus concept tokens.

    `known` decides which compound parts are real words: the static lexicon plus, for an index, the
    words of its own offerings (so a partner's own jargon can be split and matched too).
    """

    def __init__(self, corpus_words: Iterable[str] = ()) -> None:
        self.corpus = frozenset(w for w in corpus_words if len(w) >= 4 and w.isalpha())
        self._split_cache: dict[str, tuple[str, ...] | None] = {}
        self._doc_word_cache: dict[tuple[str, tuple[str, ...]], tuple[list[str], list[str]]] = {}

    def known(self, word: str) -> bool:
        if word in self.corpus or _static_known(word):
            return True
        if len(word) >= 4:
            s = stem(word)
            return s in self.corpus
        return False

    def split(self, word: str) -> tuple[str, ...] | None:
        if word in self._split_cache:
            return self._split_cache[word]
        parts = split_compound(word, self._known_part)
        self._split_cache[word] = parts
        return parts

    def parts_of(self, word: str) -> tuple[str, ...] | None:
        """Meaningful parts of a word: compound parts, or the verb under a separable prefix.

        Known words are only split into concept words ("computerles", not "helpen" -> "hel" + "pen");
        generic words are never split.
        """
        key = "\0" + word
        if key in self._split_cache:
            return self._split_cache[key]
        parts: tuple[str, ...] | None = None
        if len(word) >= 6 and word.isalpha() and not is_generic(word):
            if _static_known(word):
                parts = _related_parts(word, split_compound(word, _concept_known))
            else:
                parts = self.split(word)
                if parts is None:
                    rest = strip_separable_prefix(word, _static_known)
                    parts = (rest,) if rest else None
        self._split_cache[key] = parts
        return parts

    def _known_part(self, part: str) -> bool:
        return part in _STATIC_LEXICON or part in self.corpus or stem(part) in _STATIC_STEMS

    def _doc_word(self, joined: str, parts: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """(stream words, extra whole words) for one written word of an offering."""
        key = (joined, parts)
        cached = self._doc_word_cache.get(key)
        if cached is not None:
            return cached
        if len(parts) > 1:
            stream: list[str] = []
            for p in parts:
                stream.extend(self.parts_of(p) or (p,))
            result = (stream, [joined])
        else:
            sp = self.parts_of(joined)
            result = (list(sp), [joined]) if sp else ([joined], [])
        self._doc_word_cache[key] = result
        return result

    def doc_terms(self, text_words: Sequence[tuple[str, tuple[str, ...]]]) -> list[str]:
        """Index terms of one field (from `words(text)`): stems, whole-compound stems, concept ("C:")
        and broader ("P:") tokens."""
        stream: list[str] = []
        extras: list[str] = []
        doc_word = self._doc_word
        for joined, parts in text_words:
            s, e = doc_word(joined, parts)
            stream += s
            extras += e
        stems = [stem(w) for w in stream]
        terms = [st for w, st in zip(stream, stems, strict=True) if w not in STOPWORDS]
        concept_terms: list[str] = []
        phrases_get = _DOC_PHRASES.get
        for i, st in enumerate(stems):
            entries = phrases_get(st)
            if not entries:
                continue
            for seq, key in entries:
                if len(seq) == 1 or tuple(stems[i : i + len(seq)]) == seq:
                    concept_terms += _CONCEPT_TERMS[key]
        for w in extras:
            st = stem(w)
            terms.append(st)
            for seq, key in _DOC_PHRASES.get(st, ()):
                if len(seq) == 1:
                    concept_terms += _CONCEPT_TERMS[key]
        return terms + concept_terms


def _split_description(description: str) -> tuple[str, str]:
    """Main description and the "bring along" sentences ("Breng je identiteitskaart mee"), which
    mention things without being about them."""
    main: list[str] = []
    low: list[str] = []
    for sentence in _SENTENCE_RE.split(description or ""):
        (low if _BRING_ALONG_RE.match(sentence) else main).append(sentence)
    return " ".join(main), " ".join(low)


# What being filed under a category says about an offering, where its label names an example
# product: filed under "E-overheid en itsme" is about e-government, not necessarily about itsme.
_CATEGORY_INDEX_TEXT = {"e-overheid-en-itsme": "E-overheid"}


def _group_text(group: str) -> str:
    key = target_group_key(group)
    if key is None:
        return group  # outside the vocabulary ("kandidaat-huurders"): searchable as written
    return "" if key == EVERYONE else key.replace("-", " ")


_HELP_STEMS = frozenset(stem(w) for w in ("hulp", "helpen", "helpt", "spreekuur", "vragenuur", "ondersteuning"))
_GROUP_CATEGORIES = frozenset({"jongeren", "senioren"})


def _helps_broadly(doc: OfferingDoc, name_terms: Counter[str]) -> bool:
    """A help desk for several kinds of digital questions ("Hulp met formulieren en apps in het
    Bulgaars"): its name says it helps with two or more subjects, filed under as many categories."""
    subjects = {c for c in doc.categories if c in CATEGORIES and c not in _GROUP_CATEGORIES}
    named = {t for t in name_terms if t.startswith("C:") and not _is_weak(t[2:])}
    return len(subjects) >= 2 and len(named) >= 2 and not _HELP_STEMS.isdisjoint(name_terms)


def _category_text(slug: str) -> str:
    return _CATEGORY_INDEX_TEXT.get(slug) or CATEGORIES.get(slug) or slug.replace("-", " ")


# ---------------------------------------------------------------------------------------------
# Query analysis
# ---------------------------------------------------------------------------------------------


@dataclass
class _Alt:
    term: str
    kind: str  # text | concept | typo | docparent | parent


@dataclass
class _Unit:
    """One meaningful piece of the question with the index terms that may answer it."""

    label: str
    role: str  # content | weak | aux
    alts: list[_Alt] = field(default_factory=list)
    parts: list[_Unit] = field(default_factory=list)
    known: bool = True  # a word of the vocabulary (or a phrase), not an unrecognised word
    off_domain: bool = False  # a word naming something outside digital inclusion ("fiets")
    parts_scale: float = 1.0


@dataclass
class _QToken:
    word: str
    stem: str
    parts: tuple[str, ...] | None
    consumed: bool = False
    typo_of: str | None = None


@dataclass
class _ParsedQuery:
    units: list[_Unit]
    filters: QueryFilters
    relative_day: int | None
    categories: dict[str, float]
    subject: str = ""
    group_hints: frozenset[str] = frozenset()


def _concept_alts(keys: Iterable[str]) -> list[_Alt]:
    alts: list[_Alt] = []
    seen: set[str] = set()
    for key in keys:
        for term, kind in (("C:" + key, "concept"), ("P:" + key, "docparent")):
            if term not in seen:
                seen.add(term)
                alts.append(_Alt(term, kind))
        for parent in _parents(key):
            term = "C:" + parent
            if term not in seen:
                seen.add(term)
                alts.append(_Alt(term, "parent"))
    return alts


def _word_unit(word: str, st: str, *, typo: bool = False) -> _Unit | None:
    """Unit for a single word: its stem and the concepts it belongs to. None for generic words."""
    if is_generic(word) or is_generic(st) or not word:
        return None
    if any(ch.isdigit() for ch in word) and word not in _STATIC_LEXICON:
        return None
    keys = _single_concepts(st)
    weak = bool(keys) and all(_is_weak(k) for k in keys)
    strong_keys = [k for k in keys if not _is_weak(k)]
    # a word of a concept means the concept: every synonym finds the same offerings ("laptop" = "pc")
    alts = ([] if strong_keys else [_Alt(st, "typo" if typo else "text")]) + _concept_alts(keys)
    label = _label(strong_keys[0]) if strong_keys else word
    known = bool(keys) or word in _STATIC_LEXICON
    off = not keys and st in _OFF_DOMAIN
    return _Unit(label=label, role="weak" if weak else "content", alts=alts, known=known, off_domain=off)


def _categories_of_units(units: Sequence[_Unit]) -> dict[str, float]:
    """Category intent: categories of the concepts in the substance of the question."""
    totals: dict[str, float] = defaultdict(float)
    for unit in units:
        if unit.role != "content":
            continue
        per_unit: dict[str, float] = {}
        # a vocabulary word or phrase points to its own concept's categories, not its parts'
        parts = [] if _unit_concepts(unit) else [a for p in unit.parts for a in p.alts]
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


class _QueryParser:
    """Reads filters and units from a question; uses the index vocabulary for splits and typos."""

    def __init__(self, analyzer: _Analyzer, typos: TypoCorrector | None, areas: dict[str, str]) -> None:
        self.analyzer = analyzer
        self.typos = typos
        self.areas = areas  # normalised token sequence (space-joined) -> area display name

    def _tokens(self, text: str) -> list[_QToken]:
        tokens: list[_QToken] = []
        for joined, parts in words(text):
            if len(parts) > 1 and not self.analyzer.known(joined) and joined not in self.areas:
                pieces = list(parts)
            else:
                pieces = [joined]
            for w in pieces:
                tokens.append(self._token(w))
        return tokens

    def _token(self, w: str) -> _QToken:
        if w in _TIME_WORDS or w in LANGUAGES or is_generic(w):
            return _QToken(w, stem(w), None)
        time_parts = split_compound(w, lambda p: p in _TIME_WORDS or _static_known(p))
        known = self.analyzer.known(w)
        parts = self.analyzer.parts_of(w)
        if time_parts and any(p in _TIME_WORDS for p in time_parts):
            parts = time_parts
        if not known and not parts and self.typos is not None and not any(c.isdigit() for c in w):
            fixed = self.typos.correct(w)
            # a short word with another first letter is more often another word than a typo
            if fixed and fixed != w and (len(w) >= 7 or fixed[0] == w[0]):
                return _QToken(fixed, stem(fixed), self.analyzer.parts_of(fixed), typo_of=w)
        return _QToken(w, stem(w), parts)

    def parse(self, text: str) -> _ParsedQuery:
        norm = normalize(text)
        tokens = self._tokens(text)
        clock_window = _clock_window(norm)
        target_groups: set[str] = set()
        group_hints: set[str] = set()
        for m in _AGE_RE.finditer(norm):
            age = int(m.group(1))
            if age >= AGE_SENIOR_FROM:
                target_groups.add("senioren")
            elif 10 <= age <= AGE_YOUTH_UNTIL:
                target_groups.add("jongeren")
        aux_units: list[_Unit] = []
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

        i = 0
        while i < n:
            tok = tokens[i]
            w = tok.word
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
            for phrase in sorted(OPEN_NOW_PHRASES, key=len, reverse=True):
                if tuple(words_[i : i + len(phrase)]) == phrase:
                    open_now = True
                    consume(i, len(phrase))
                    i += len(phrase)
                    matched = True
                    break
            if matched:
                continue
            # multi-word parts of day ("na school")
            for pod_words, window in PARTS_OF_DAY.items():
                seq = tuple(pod_words.split())
                if len(seq) > 1 and tuple(words_[i : i + len(seq)]) == seq:
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
                    aux_units.append(_Unit(label=w, role="aux", alts=[_Alt(stem(w), "text")]))
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
                            aux_units.append(_Unit(label=w, role="aux", alts=[_Alt(tok.stem, "text")]))
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
        subject = _subject(text, consumed)
        hints = frozenset(group_hints - target_groups)
        return _ParsedQuery(all_units, filters, relative_day, _categories_of_units(units), subject, hints)

    def _units(self, tokens: list[_QToken]) -> list[_Unit]:
        units: list[_Unit] = []
        stems = [t.stem for t in tokens]
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
            for seq, key in _PHRASES.get(stems[i], ()):
                length = len(seq)
                if length < 2 or length < best_len or i + length > n:
                    continue
                if tuple(stems[i : i + length]) != seq or any(t.consumed for t in tokens[i : i + length]):
                    continue
                if length > best_len:
                    best_len, best_keys = length, [key]
                else:
                    best_keys.append(key)
            if best_len >= 2:
                span = tokens[i : i + best_len]
                strong = [k for k in best_keys if not _is_weak(k)]
                # the phrase's own content words count too, a little less than the phrase itself, when
                # they mean the same or something broader ("pc gebruiken" -> pc; not "openbare")
                part_units = [u for t in span if (u := _word_unit(t.word, t.stem)) is not None and u.role == "content"]
                if strong:
                    related = _related_concepts(strong)
                    part_units = [u for u in part_units if _unit_concepts(u) & related]
                phrase_unit = _Unit(
                    label=_label(strong[0] if strong else best_keys[0]),
                    role="content" if strong else "weak",
                    alts=_concept_alts(best_keys),
                    parts=part_units,
                    parts_scale=_PHRASE_PARTS_SCALE,
                )
                units.append(phrase_unit)
                i += best_len
                continue
            unit = _word_unit(tok.word, tok.stem, typo=tok.typo_of is not None)
            if tok.parts:
                part_units = [u for p in tok.parts if (u := _word_unit(p, stem(p))) is not None]
                whole = [k for k in _single_concepts(tok.stem) if not _is_weak(k)]
                if whole:
                    # a word the vocabulary knows as a whole means that: its parts only count when they
                    # mean the same or something broader ("computerles" -> computer, not "belastingbrief" -> brief)
                    related = _related_concepts(whole)
                    part_units = [u for u in part_units if _unit_concepts(u) & related]
                if unit is None and part_units:
                    unit = _Unit(label=tok.word, role="content", alts=[])
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


# ---------------------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------------------


class ReferralIndex:
    """Inverted index over offerings with precomputed BM25F scores per term and document."""

    def __init__(self) -> None:
        self._docs: list[OfferingDoc] = []
        self._postings: dict[str, dict[int, float]] = {}
        self._top_docs: dict[str, frozenset[int]] = {}
        self._idf: dict[str, float] = {}
        self._idf_unknown = 1.0
        self._category_scores_of: dict[str, dict[int, float]] = {}
        self._doc_groups_primary: list[frozenset[str]] = []
        self._doc_groups_secondary: list[frozenset[str]] = []
        self._generalist: frozenset[int] = frozenset()
        self._city_wide: list[bool] = []
        self._openings: list[tuple[tuple[int, time, time], ...]] = []
        self._languages: list[frozenset[str]] = []
        self._area_keys: list[str | None] = []
        self._city_wide_areas: frozenset[str] = frozenset()
        self._allowed_cache: dict[str, frozenset[int]] = {}
        self._analyzer = _Analyzer()
        self._parser: _QueryParser | None = None

    def __len__(self) -> int:
        return len(self._docs)

    @classmethod
    def build(cls, docs: Iterable[OfferingDoc], *, city_wide_areas: Iterable[str] = ("antwerpen",)) -> ReferralIndex:
        self = cls()
        self._docs = list(docs)
        self._city_wide_areas = frozenset(normalize(a) for a in city_wide_areas)

        doc_words: list[dict[str, list[tuple[str, tuple[str, ...]]]]] = []
        field_texts: list[dict[str, str]] = []
        words_cache: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        corpus: set[str] = set()
        surface_df: dict[str, int] = defaultdict(int)
        for doc in self._docs:
            main, low = _split_description(doc.description)
            texts = {
                "name": doc.name,
                "desc": main,
                "low": low,
                "org": doc.organisation,
                # its target groups are words of the offering too ("laaggeletterden" is also a need)
                "extra": " . ".join([doc.extra_text, *(_group_text(g) for g in doc.target_groups)]),
                "cat": " ".join(_category_text(c) for c in doc.categories),
            }
            per_field: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for f, t in texts.items():
                cached = words_cache.get(t)
                if cached is None:
                    cached = words(t) if t else []
                    if f in ("org", "extra", "cat", "low"):
                        words_cache[t] = cached
                per_field[f] = cached
            doc_words.append(per_field)
            field_texts.append(texts)
            seen_surface: set[str] = set()
            for key in ("name", "desc", "low", "extra"):
                for joined, parts in per_field[key]:
                    seen_surface.add(joined)
                    if len(parts) > 1:
                        corpus.update(parts)
            corpus |= seen_surface
            for w in seen_surface:
                surface_df[w] += 1
        self._analyzer = _Analyzer(corpus)

        n_docs = len(self._docs)
        field_names = list(_FIELD_WEIGHTS)
        field_tfs: list[list[Counter[str]]] = []
        lengths: dict[str, list[int]] = {f: [] for f in field_names}
        df: Counter[str] = Counter()
        generalists: set[int] = set()
        gen = "C:" + GENERALIST_CONCEPT
        term_cache: dict[tuple[str, str], list[str]] = {}
        for d, (doc, per_field) in enumerate(zip(self._docs, doc_words, strict=True)):
            counts_list: list[Counter[str]] = []
            seen: set[str] = set()
            for fname in field_names:
                text_key = (fname, field_texts[d][fname])
                terms = term_cache.get(text_key)
                if terms is None:
                    terms = self._analyzer.doc_terms(per_field[fname]) if per_field[fname] else []
                    if fname == "cat":
                        terms += ["K:" + c for c in doc.categories]
                    if fname in ("org", "extra", "cat", "low"):
                        term_cache[text_key] = terms
                counts = Counter(terms)
                counts_list.append(counts)
                lengths[fname].append(len(terms))
                seen.update(counts)
            df.update(seen)
            field_tfs.append(counts_list)
            if gen in counts_list[0] or _helps_broadly(doc, counts_list[0]):
                generalists.add(d)
        self._generalist = frozenset(generalists)

        avg = {f: (sum(v) / len(v) if v else 0.0) or 1.0 for f, v in lengths.items()}
        self._idf = {t: math.log(1 + (n_docs - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self._idf_unknown = math.log(1 + (n_docs + 0.5) / 0.5)
        weights = [_FIELD_WEIGHTS[f] for f in field_names]
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        k1p1 = _K1 + 1
        for d, counts_list in enumerate(field_tfs):
            pseudo: dict[str, float] = defaultdict(float)
            for fi, counts in enumerate(counts_list):
                if not counts:
                    continue
                fname = field_names[fi]
                factor = weights[fi] / (1 - _B + _B * lengths[fname][d] / avg[fname])
                for t, c in counts.items():
                    pseudo[t] += factor * c
            idf = self._idf
            for t, tf in pseudo.items():
                postings[t][d] = idf[t] * tf * k1p1 / (tf + _K1)
        self._postings = dict(postings)
        self._top_docs = {
            t: frozenset(heapq.nlargest(_POSTING_CAP, p, key=p.__getitem__))
            for t, p in self._postings.items()
            if len(p) > _POSTING_CAP
        }
        self._category_scores_of = {t[2:]: p for t, p in self._postings.items() if t.startswith("K:")}

        # target groups: explicit or from the name/category ("primary"), or merely mentioned
        for doc, per_field in zip(self._docs, doc_words, strict=True):
            primary = {tg_key for g in doc.target_groups if (tg_key := target_group_key(g)) and tg_key != EVERYONE}
            primary |= {CATEGORY_TARGET_GROUPS[c] for c in doc.categories if c in CATEGORY_TARGET_GROUPS}
            primary |= _target_groups_in(per_field["name"] + per_field["extra"])
            secondary = _target_groups_in(per_field["desc"]) - primary
            self._doc_groups_primary.append(frozenset(primary))
            self._doc_groups_secondary.append(frozenset(secondary))

        for doc in self._docs:
            self._openings.append(tuple((o.weekday, o.opens, o.closes) for o in doc.openings))
            # the language filter is met in that language or with an interpreter for it (the card says which)
            self._languages.append(expand_languages(doc.languages + doc.interpreter_languages))
            area_key = normalize(doc.area) if doc.area else None
            self._area_keys.append(area_key)
            self._city_wide.append(area_key is None or area_key in self._city_wide_areas)

        areas: dict[str, str] = {}
        for name in list(ANTWERP_AREAS) + sorted({d.area for d in self._docs if d.area}):
            toks = [j for j, _ in words(name)]
            if toks:
                areas[" ".join(toks)] = name
                area_parts = [p for _, ps in words(name) for p in ps]
                areas.setdefault(" ".join(area_parts), name)
        vocab = [w for w in corpus if len(w) >= 5] + [w for w in _STATIC_LEXICON if len(w) >= 5]
        typos = TypoCorrector(vocab, frequency=dict(surface_df))
        self._parser = _QueryParser(self._analyzer, typos, areas)
        return self

    # -----------------------------------------------------------------------------------------

    def _allowed(self, own_key: str | None) -> frozenset[int] | None:
        """Offerings the asker may be referred to: own neighbourhood and city-wide (None = all)."""
        if own_key is None:
            return None
        cached = self._allowed_cache.get(own_key)
        if cached is None:
            cached = frozenset(d for d in range(len(self._docs)) if self._city_wide[d] or self._area_keys[d] == own_key)
            self._allowed_cache[own_key] = cached
        return cached

    def search(
        self,
        query: str,
        *,
        neighbourhood: str | None = None,
        now: datetime | None = None,
        limit: int | None = None,
        filters: SearchFilters | None = None,
    ) -> SearchOutcome:
        """Ranked offerings for a free-text question; see the module docstring for the rules.

        `neighbourhood` is the asker's own network area: offerings of other areas are dropped (all
        areas are searched when it is None). A neighbourhood written in the question ("in Deurne")
        takes its place. `filters` are a caller's explicit filters (a search page's controls); the
        ones written in the question are added to them, and every hit meets all of them. `now`
        (timezone-aware; naive means Brussels time) resolves "nu open", "vandaag" and "morgenavond".
        Hits are capped at `limit`, or at MAX_HITS when None.
        """
        assert self._parser is not None
        parsed = self._parser.parse(query)
        outcome = self._search_parsed(parsed, neighbourhood, now, limit, filters)
        return replace(outcome, subject=parsed.subject)

    def _search_parsed(
        self,
        parsed: _ParsedQuery,
        neighbourhood: str | None,
        now: datetime | None,
        limit: int | None,
        filters: SearchFilters | None,
    ) -> SearchOutcome:
        filters = parsed.filters.merged(filters)
        parsed = replace(parsed, filters=filters)
        understood = _understood(parsed.units)
        gap = SearchOutcome((), filters, True, understood)
        if not self._docs:
            return gap

        own_area = filters.neighbourhood or neighbourhood
        own_key = normalize(own_area) if own_area else None
        if own_key in self._city_wide_areas:
            own_key = None
        allowed = self._allowed(own_key)
        if allowed is not None and not allowed:
            return gap

        local_now = _local_now(now)
        weekdays = filters.weekdays
        if parsed.relative_day is not None:
            # "vandaag", "morgenavond": resolved against the asker's clock in Brussels
            weekdays = weekdays | {(local_now.weekday() + parsed.relative_day) % 7}
            filters = replace(filters, weekdays=weekdays)
            parsed = replace(parsed, filters=filters)
            gap = SearchOutcome((), filters, True, understood)
        wanted_langs = expand_languages(filters.languages)
        dated_days = frozenset(
            {local_now.date() + timedelta(days=parsed.relative_day)} if parsed.relative_day is not None else ()
        )  # "vandaag"/"morgen" are dates: a closure then counts

        def unmet(d: int) -> frozenset[str]:
            return unmet_filters(
                self._docs[d],
                filters,
                now=local_now,
                weekdays=weekdays,
                # who it is for; a group merely mentioned in the description only ever lets it in
                groups=self._doc_groups_primary[d] | (self._doc_groups_secondary[d] & filters.target_groups),
                languages=self._languages[d],
                wanted_languages=wanted_langs,
                dated_days=dated_days,
            )

        content = [u for u in parsed.units if u.role == "content"]
        if content:
            # format words and target-group words only rank what the substance already found
            content_match = {id(u): self._unit_match(u, allowed) for u in content}
            candidates = frozenset().union(*(vals.keys() for vals, _ in content_match.values()))
            per_unit = [
                content_match[id(u)] if u.role == "content" else self._unit_match(u, candidates) for u in parsed.units
            ]
        else:
            per_unit = [self._unit_match(u, allowed) for u in parsed.units]

        if not content:
            # Only format words or filters: list what meets the filters, or admit a gap.
            if not replace(filters, neighbourhood=None).active:
                return gap
            pool = allowed if allowed is not None else range(len(self._docs))
            ranked = {d: 1.0 + (0.5 if d in self._generalist else 0.0) for d in pool if not unmet(d)}
            for unit, (vals, _) in zip(parsed.units, per_unit, strict=True):
                for d, v in vals.items():
                    if d in ranked:
                        ranked[d] += _ROLE_WEIGHT[unit.role] * v
            if not ranked:
                return SearchOutcome((), filters, False, understood)
            return self._outcome(ranked, parsed, per_unit, understood, own_key, limit)

        scores, coverage = self._combine(parsed.units, per_unit)
        if max(coverage.values(), default=0.0) < _GAP_COVERAGE:
            return gap

        top_text = max(scores.values(), default=0.0)
        ranked = {d: s for d, s in scores.items() if coverage.get(d, 0.0) >= _MIN_HIT_COVERAGE}
        self._add_category_intent(ranked, parsed.categories, allowed)
        for d in self._generalist:
            if allowed is None or d in allowed:
                # a help point for one group only (housebound people, seniors) is a weaker fallback
                wanted = filters.target_groups | parsed.group_hints
                restricted = self._doc_groups_primary[d] and not (wanted & self._doc_groups_primary[d])
                share = _GENERALIST_SHARE * (0.5 if restricted else 1.0)
                ranked[d] = ranked.get(d, 0.0) + share * top_text
        # a question asking for a service (lend, repair, print, interpret) is answered only by
        # offerings that provide it, whatever device or subject it shares with others
        for unit, (_, creds) in zip(parsed.units, per_unit, strict=True):
            if unit.role == "content" and _is_service(unit):
                ranked = {d: s for d, s in ranked.items() if creds.get(d, 0.0) >= _GAP_COVERAGE}
        if not ranked:
            return gap
        if not filters.active:
            return self._outcome(ranked, parsed, per_unit, understood, own_key, limit)

        misses = {d: unmet(d) for d in ranked}
        passing = {d: s for d, s in ranked.items() if not misses[d]}
        # the filters leave an answer only when something that meets them covers the question, or is
        # a general digital help point (which helps with any digital question, in its languages)
        if any(coverage.get(d, 0.0) >= _GAP_COVERAGE or d in self._generalist for d in passing):
            return self._outcome(passing, parsed, per_unit, understood, own_key, limit)
        # alternatives only for another moment (or the caller's cost and access controls): an offer in
        # another language or for another group is no referral for this person
        failing = {
            d: s
            for d, s in ranked.items()
            if misses[d]
            and misses[d] <= _ALTERNATIVE_MISSES
            and coverage.get(d, 0.0) >= _GAP_COVERAGE
            and (self._openings[d] or self._docs[d].by_appointment)  # "another day" needs known days
        }
        if not failing:
            return SearchOutcome((), filters, False, understood)
        # nearest alternatives: the fewest unmet filters first, then relevance
        fewest = min(len(misses[d]) for d in failing)
        nearest = {d: s for d, s in failing.items() if len(misses[d]) == fewest}
        alts = self._outcome(nearest, parsed, per_unit, understood, own_key, _ALTERNATIVES).hits
        by_id = {self._docs[d].id: misses[d] for d in nearest}
        unmet_all = frozenset().union(*(by_id[h.doc.id] for h in alts))
        return SearchOutcome((), filters, False, understood, alternatives=alts, unmet=unmet_all)

    def _outcome(
        self,
        ranked: dict[int, float],
        parsed: _ParsedQuery,
        per_unit: Sequence[tuple[dict[int, float], dict[int, float]]],
        understood: tuple[str, ...],
        own_key: str | None,
        limit: int | None,
    ) -> SearchOutcome:
        filters = parsed.filters
        if not ranked:
            return SearchOutcome((), filters, True, understood)
        # the factors below move a score by at most x_MAX_FACTOR or x_MIN_FACTOR: skip offerings
        # that cannot reach the cut-off or the first `wanted` places anyway
        wanted = limit if limit is not None else MAX_HITS
        floor = _RELATIVE_CUTOFF * max(ranked.values()) * _MIN_FACTOR / _MAX_FACTOR
        if len(ranked) > 2 * wanted:
            kth = heapq.nlargest(wanted, ranked.values())[-1]
            floor = max(floor, kth * _MIN_FACTOR / _MAX_FACTOR)
        final: dict[int, float] = {}
        for d, s in ranked.items():
            if s < floor:
                continue
            s *= self._tg_factor(d, filters.target_groups | parsed.group_hints)
            if own_key is not None and self._area_keys[d] == own_key:
                s *= _OWN_AREA_BOOST
            final[d] = s
        top = max(final.values())
        cut = _RELATIVE_CUTOFF * top
        order = sorted((d for d, s in final.items() if s >= cut), key=lambda d: (-final[d], d))
        order = order[:wanted]
        labelled = [(u.label, vals) for u, (vals, _) in zip(parsed.units, per_unit, strict=True)]
        hits = tuple(
            Hit(
                doc=self._docs[d],
                score=round(final[d], 6),
                city_wide=self._city_wide[d],
                matched_terms=tuple(dict.fromkeys([label for label, vals in labelled if d in vals])),
            )
            for d in order
        )
        return SearchOutcome(hits, filters, not hits, understood)

    def _tg_factor(self, d: int, wanted: frozenset[str]) -> float:
        primary = self._doc_groups_primary[d]
        if wanted:
            if wanted & primary or wanted & self._doc_groups_secondary[d]:
                return _TG_MATCH
            if primary:
                return _TG_MISMATCH
            return 1.0
        return _TG_UNASKED if primary else 1.0

    def _add_category_intent(
        self, ranked: dict[int, float], intent: dict[str, float], allowed: frozenset[int] | None
    ) -> None:
        """Boost offerings filed under the categories the question points to. In a small network
        the other offerings of those categories are added as related referrals too."""
        if not intent:
            return
        top = max(intent.values())
        slugs = [(slug, w / top) for slug, w in intent.items() if w / top >= 0.5]
        if not slugs:
            return
        add_related = len(ranked) < _RELATED_WHEN_FEWER
        bonus: dict[int, float] = {}
        for slug, strength in slugs:
            cat_scores = self._category_scores_of.get(slug)
            if not cat_scores:
                continue
            if add_related:
                keys = cat_scores.keys() & allowed if allowed is not None else cat_scores.keys()
            else:
                keys = ranked.keys() & cat_scores.keys()
            factor = _CATEGORY_WEIGHT * strength
            for d in keys:
                v = factor * cat_scores[d]
                if v > bonus.get(d, 0.0):
                    bonus[d] = v
        for d, v in bonus.items():
            ranked[d] = ranked.get(d, 0.0) + v

    def _unit_match(self, unit: _Unit, allowed: frozenset[int] | None) -> tuple[dict[int, float], dict[int, float]]:
        """(scores, credits) per offering for one unit, best kind of match first.

        Set operations on the postings keep this fast on big networks; broader concepts are only
        consulted when the precise words match few offerings, which is when they are needed.
        """
        vals: dict[int, float] = {}
        creds: dict[int, float] = {}
        own_found = False  # offerings name the unit's own concept (or a narrower one)
        for alt in sorted(unit.alts, key=lambda a: _KIND_ORDER[a.kind]):
            broad = alt.kind in ("docparent", "parent")
            if broad and len(vals) >= _BROADER_ONLY_BELOW:
                break
            post = self._postings.get(alt.term)
            if not post:
                continue
            w = _ALT_WEIGHT[alt.kind]
            keys: AbstractSet[int] = post.keys() & allowed if allowed is not None else post.keys()
            if len(keys) > _POSTING_CAP:
                top = self._top_docs.get(alt.term)
                if allowed is None and top is not None:
                    keys = top
                else:
                    keys = set(heapq.nlargest(_POSTING_CAP, keys, key=post.__getitem__))
            if vals:
                if not broad:
                    for d in keys & vals.keys():
                        v = w * post[d]
                        if v > vals[d]:
                            vals[d] = v
                new: AbstractSet[int] = keys - vals.keys()
            else:
                new = keys
            vals.update({d: w * post[d] for d in new})
            creds.update(dict.fromkeys(new, _CREDIT[alt.kind]))
            own_found = own_found or alt.kind in ("concept", "docparent")
        if unit.parts and not (own_found and _unit_concepts(unit)):
            # the parts of a vocabulary word or phrase are a fallback: when offerings name the concept
            # itself, every synonym of it finds exactly those
            content_parts = [p for p in unit.parts if p.role == "content"] or unit.parts
            n_content = len(content_parts)
            comb_v: dict[int, float] = defaultdict(float)
            comb_c: dict[int, float] = defaultdict(float)
            for p in unit.parts:
                is_content = p in content_parts
                share = 1.0 / n_content if is_content else _ROLE_WEIGHT["weak"]
                pv, pc = self._unit_match(p, allowed)
                for d, v in pv.items():
                    comb_v[d] += share * v
                if is_content:
                    for d, c in pc.items():
                        comb_c[d] += c / n_content
            scale = unit.parts_scale
            for d, v in comb_v.items():
                v *= scale
                if v > vals.get(d, 0.0):
                    vals[d] = v
                c = comb_c.get(d, 0.0) * scale
                if c > creds.get(d, 0.0):
                    creds[d] = c
        return vals, creds

    def _importance(self, unit: _Unit) -> float:
        """How much of the question a unit carries: rarer words more; a domain word nobody offers
        a lot (so "excel" alone is a gap); an unrecognised word little (likely a verb or noise)."""
        present = [
            self._idf[a.term] for a in unit.alts if a.kind in ("text", "concept", "typo") and a.term in self._idf
        ]
        if present:
            return 1.0 + max(present)
        if unit.parts:
            parts = [p for p in unit.parts if p.role == "content"]
            if parts:
                return sum(self._importance(p) for p in parts) / len(parts)
        if unit.off_domain:
            return 1.0 + self._idf_unknown
        if unit.known:
            return 1.0 + 0.5 * self._idf_unknown
        return 1.0

    def _combine(
        self, units: Sequence[_Unit], per_unit: Sequence[tuple[dict[int, float], dict[int, float]]]
    ) -> tuple[dict[int, float], dict[int, float]]:
        """Sum unit scores per offering, and the share of the question's substance each one covers."""
        scores: dict[int, float] = defaultdict(float)
        coverage: dict[int, float] = defaultdict(float)
        importances = [self._importance(u) if u.role == "content" else 0.0 for u in units]
        total = sum(importances) or 1.0
        for unit, (vals, creds), imp in zip(units, per_unit, importances, strict=True):
            role_w = _ROLE_WEIGHT[unit.role]
            for d, v in vals.items():
                scores[d] += role_w * v
            if imp:
                share = imp / total
                for d, c in creds.items():
                    coverage[d] += share * c
        return scores, coverage


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _target_groups_in(text_words: Sequence[tuple[str, tuple[str, ...]]]) -> set[str]:
    """Target groups named in a text (as `words(text)`): group words, ages, "van 12 tot 24 jaar"."""
    toks = [j for j, _ in text_words]
    found: set[str] = set()
    for i, w in enumerate(toks):
        for seq, group in _TG_PHRASES.get(w, ()):
            if tuple(toks[i : i + len(seq)]) == seq:
                found.add(group)
    flat = " ".join(toks)
    if _DIGIT_RE.search(flat):
        for m in _AGE_RE.finditer(flat):
            age = int(m.group(1))
            if age >= AGE_SENIOR_FROM:
                found.add("senioren")
            elif 10 <= age <= AGE_YOUTH_UNTIL:
                found.add("jongeren")
        for m in re.finditer(r"\b(\d{1,2}) (?:tot )?(\d{1,2}) jaar\b", flat):
            if int(m.group(2)) <= AGE_YOUTH_UNTIL + 5 and int(m.group(1)) >= 10:
                found.add("jongeren")
    return found


_CLOCK_RE = re.compile(
    r"\b(?:(?P<prep>na|voor|om|vanaf|tegen|rond)\s+)?(?P<h>\d{1,2})\s*(?:u|uur|h)(?P<m>\d{2})?\b"
    r"|\b(?P<prep2>na|voor|om|vanaf|tegen|rond)\s+(?P<h2>\d{1,2}) (?P<m2>\d{2})\b"
)


def _clock_window(norm: str) -> tuple[time, time] | None:
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


def _local_now(now: datetime | None) -> datetime:
    """The asker's clock in Brussels; a naive `now` is Brussels time."""
    if now is None:
        return datetime.now(BRUSSELS)
    if now.tzinfo is None:
        return now.replace(tzinfo=BRUSSELS)
    return now.astimezone(BRUSSELS)


_FILLERS = frozenset({"in", "het", "de", "op", "voor", "om", "een", "s", "die", "dat"})
_TRAILING = frozenset({"spreekt", "spreken", "praat", "open", "geopend"})  # "die Arabisch spreekt"


def _subject(text: str, consumed: set[str]) -> str:
    """The question without the words that became filters: "zondag laptop lenen" -> "laptop lenen"."""
    kept: list[str] = []
    pending: list[str] = []
    after_filter = False
    for raw in text.split():
        norm = [j for j, _ in words(raw)]
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


def _understood(units: Sequence[_Unit]) -> tuple[str, ...]:
    labels = [u.label for u in units if u.role in ("content", "weak") and u.label]
    return tuple(dict.fromkeys(labels))


_GUESS_PARSER = _QueryParser(_Analyzer(), None, {})


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
