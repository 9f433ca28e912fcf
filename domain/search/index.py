"""The referral index: built once per catalogue version from the offerings (postings of BM25F
scores per term, per-offering filter data, the typo corrector and query parser of its vocabulary);
`search` parses a question and ranks it (domain.search.scoring)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

import numpy as np

from domain.search.analyzer import (
    Analyzer,
    category_text,
    group_text,
    helps_broadly,
    split_description,
    target_groups_in,
)
from domain.search.filters import EVERYONE, expand_languages, is_free, is_walk_in
from domain.search.lexicon import (
    STATIC_LEXICON as _STATIC_LEXICON,
)
from domain.search.query import QueryParser
from domain.search.scoring import Mask, Postings, Ranking, Scores, micros_of_day
from domain.search.types import OfferingDoc, SearchFilters, SearchOutcome
from domain.search.units import subject_of
from domain.text_nl import (
    TypoCorrector,
    normalize,
    words,
)
from domain.vocabulary_nl import (
    ANTWERP_AREAS,
    CATEGORY_TARGET_GROUPS,
    GENERALIST_CONCEPT,
    target_group_key,
)

# Field weights of BM25F: the name says what an offering is; extra text only what it needs.
_FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "cat": 1.5, "desc": 1.0, "low": 0.3, "org": 0.5, "extra": 0.3}
_K1 = 1.2
_B = 0.75


class ReferralIndex(Ranking):
    """Inverted index over offerings with precomputed BM25F scores per term and document."""

    def __init__(self) -> None:
        self._docs: list[OfferingDoc] = []
        self._postings: dict[str, Postings] = {}
        self._top_docs: dict[str, Postings] = {}
        self._idf: dict[str, float] = {}
        self._idf_unknown = 1.0
        self._category_scores_of: dict[str, Postings] = {}
        self._doc_groups_primary: list[frozenset[str]] = []
        self._doc_groups_secondary: list[frozenset[str]] = []
        self._group_primary: dict[str, Mask] = {}
        self._group_any: dict[str, Mask] = {}
        self._has_primary: Mask = np.zeros(0, dtype=bool)
        self._generalist: Mask = np.zeros(0, dtype=bool)
        self._city_wide: Mask = np.zeros(0, dtype=bool)
        self._area_codes = np.zeros(0, dtype=np.int32)
        self._area_numbers: dict[str, int] = {}
        self._language_masks: dict[str, Mask] = {}
        self._category_masks: dict[str, Mask] = {}
        self._everyone: Mask = np.zeros(0, dtype=bool)
        self._free: Mask = np.zeros(0, dtype=bool)
        self._walk_in: Mask = np.zeros(0, dtype=bool)
        self._timed: Mask = np.zeros(0, dtype=bool)
        self._open_on: list[Mask] = []
        self._has_hours: Mask = np.zeros(0, dtype=bool)
        self._opening_doc = np.zeros(0, dtype=np.int32)
        self._opening_day = np.zeros(0, dtype=np.int8)
        self._opening_opens = np.zeros(0, dtype=np.int64)
        self._opening_closes = np.zeros(0, dtype=np.int64)
        self._city_wide_areas: frozenset[str] = frozenset()
        self._allowed_cache: dict[str, Mask | None] = {}
        self._boost_cache: dict[int, Scores] = {}
        self._share_cache: dict[frozenset[str], Scores] = {}
        self._tg_unasked: Scores | None = None
        self._any_generalist = False
        self._analyzer = Analyzer()
        self._parser: QueryParser | None = None

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
            main, low = split_description(doc.description)
            texts = {
                "name": doc.name,
                "desc": main,
                "low": low,
                "org": doc.organisation,
                # its target groups are words of the offering too ("laaggeletterden" is also a need)
                "extra": " . ".join([doc.extra_text, *(group_text(g) for g in doc.target_groups)]),
                "cat": " ".join(category_text(c) for c in doc.categories),
            }
            per_field: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for f, t in texts.items():
                cached = words_cache.get(t)
                if cached is None:
                    cached = words(t) if t else []
                    if f in ("name", "org", "extra", "cat", "low"):
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
        self._analyzer = Analyzer(corpus)

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
                    if fname in ("name", "org", "extra", "cat", "low"):
                        term_cache[text_key] = terms
                counts = Counter(terms)
                counts_list.append(counts)
                lengths[fname].append(len(terms))
                seen.update(counts)
            df.update(seen)
            field_tfs.append(counts_list)
            if gen in counts_list[0] or helps_broadly(doc, counts_list[0]):
                generalists.add(d)
            # target groups: explicit or from the name/category ("primary"), or merely mentioned
            primary = {tg_key for g in doc.target_groups if (tg_key := target_group_key(g)) and tg_key != EVERYONE}
            primary |= {CATEGORY_TARGET_GROUPS[c] for c in doc.categories if c in CATEGORY_TARGET_GROUPS}
            primary |= target_groups_in(per_field["name"] + per_field["extra"])
            secondary = target_groups_in(per_field["desc"]) - primary
            self._doc_groups_primary.append(frozenset(primary))
            self._doc_groups_secondary.append(frozenset(secondary))
            # this offering's words are done with: let them go now, so the build's peak memory holds the
            # words or the term counts of the whole catalogue, not both
            doc_words[d], field_texts[d] = {}, {}
        self._generalist = np.zeros(n_docs, dtype=bool)
        self._generalist[sorted(generalists)] = True
        self._has_primary = np.array([bool(g) for g in self._doc_groups_primary], dtype=bool)
        self._any_generalist = bool(generalists)
        for d, (primary_groups, secondary_groups) in enumerate(
            zip(self._doc_groups_primary, self._doc_groups_secondary, strict=True)
        ):
            for group in primary_groups:
                self._group_primary.setdefault(group, np.zeros(n_docs, dtype=bool))[d] = True
            for group in primary_groups | secondary_groups:
                self._group_any.setdefault(group, np.zeros(n_docs, dtype=bool))[d] = True

        avg = {f: (sum(v) / len(v) if v else 0.0) or 1.0 for f, v in lengths.items()}
        self._idf = {t: math.log(1 + (n_docs - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self._idf_unknown = math.log(1 + (n_docs + 0.5) / 0.5)
        weights = [_FIELD_WEIGHTS[f] for f in field_names]
        post_docs: dict[str, list[int]] = defaultdict(list)
        post_values: dict[str, list[float]] = defaultdict(list)
        k1p1 = _K1 + 1
        for d, counts_list in enumerate(field_tfs):
            field_tfs[d] = []  # counted into the postings below: let go (peak memory)
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
                post_docs[t].append(d)
                post_values[t].append(idf[t] * tf * k1p1 / (tf + _K1))
        # offerings in ascending order (they were counted in that order), as arrays the ranking reads whole
        self._postings = {
            t: (np.array(docs_of_t, dtype=np.int32), np.array(post_values[t], dtype=np.float64))
            for t, docs_of_t in post_docs.items()
        }
        del post_docs, post_values
        self._category_scores_of = {t[2:]: p for t, p in self._postings.items() if t.startswith("K:")}

        area_codes: list[int] = []
        city_wide: list[bool] = []
        openings = [(d, o) for d, doc in enumerate(self._docs) for o in doc.openings]
        self._opening_doc = np.array([d for d, _ in openings], dtype=np.int32)
        self._opening_day = np.array([o.weekday for _, o in openings], dtype=np.int8)
        self._opening_opens = np.array([micros_of_day(o.opens) for _, o in openings], dtype=np.int64)
        self._opening_closes = np.array([micros_of_day(o.closes) for _, o in openings], dtype=np.int64)
        for d, doc in enumerate(self._docs):
            # the language filter is met in that language or with an interpreter for it (the card says which)
            for code in expand_languages(doc.languages + doc.interpreter_languages):
                self._language_masks.setdefault(code, np.zeros(n_docs, dtype=bool))[d] = True
            for slug in doc.categories:
                self._category_masks.setdefault(slug, np.zeros(n_docs, dtype=bool))[d] = True
            area_key = normalize(doc.area) if doc.area else None
            numbers = self._area_numbers
            area_codes.append(-1 if area_key is None else numbers.setdefault(area_key, len(numbers)))
            city_wide.append(area_key is None or area_key in self._city_wide_areas)
        self._area_codes = np.array(area_codes, dtype=np.int32)
        # what the filters that do not read the clock ask, per offering (domain.search.filters has the rules)
        self._everyone = np.array([EVERYONE in g for g in self._doc_groups_primary], dtype=bool)
        self._free = np.array([is_free(doc.fees) for doc in self._docs], dtype=bool)
        self._walk_in = np.array([is_walk_in(doc.access, doc.openings) for doc in self._docs], dtype=bool)
        self._timed = np.array([bool(doc.openings) or doc.by_appointment for doc in self._docs], dtype=bool)
        self._open_on = [self._with_openings(frozenset({day}), None) for day in range(7)]
        self._has_hours = np.logical_or.reduce(self._open_on)
        self._city_wide = np.array(city_wide, dtype=bool)

        areas: dict[str, str] = {}
        for name in list(ANTWERP_AREAS) + sorted({d.area for d in self._docs if d.area}):
            toks = [j for j, _ in words(name)]
            if toks:
                areas[" ".join(toks)] = name
                area_parts = [p for _, ps in words(name) for p in ps]
                areas.setdefault(" ".join(area_parts), name)
        vocab = [w for w in corpus if len(w) >= 5] + [w for w in _STATIC_LEXICON if len(w) >= 5]
        typos = TypoCorrector(vocab, frequency=dict(surface_df))
        self._parser = QueryParser(self._analyzer, typos, areas)
        self._analyzer.done_building()
        return self

    # -----------------------------------------------------------------------------------------

    def _allowed(self, own_key: str | None) -> Mask | None:
        """Offerings the asker may be referred to: own neighbourhood and city-wide (None = all, also when
        every offering is either: a neighbourhood's own network, where nothing needs leaving out)."""
        if own_key is None:
            return None
        if own_key not in self._allowed_cache:
            own = self._area_numbers.get(own_key, -2)
            mask = self._city_wide | (self._area_codes == own)
            self._allowed_cache[own_key] = None if mask.all() else mask
        return self._allowed_cache[own_key]

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
        if outcome.hits:  # the subject is what an answer without hits says it found nothing for
            return outcome
        return replace(outcome, subject=subject_of(query, parsed.consumed))
