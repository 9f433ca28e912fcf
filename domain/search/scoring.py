"""Ranking and filtering of a parsed question over the index's postings (BM25F scores per term and
offering): unit matches, coverage, category intent, target groups, the own neighbourhood, gaps and
alternatives. `Ranking` is the search half of `ReferralIndex` (domain.search.index builds the data)."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import datetime, time, timedelta

from domain.dates_nl import BRUSSELS
from domain.search.filters import expand_languages, unmet_filters
from domain.search.types import Hit, Hits, OfferingDoc, SearchFilters, SearchOutcome
from domain.search.units import ParsedQuery, Unit, is_service, understood_labels, unit_concepts
from domain.text_nl import (
    normalize,
)

# Weights of query units by role, and credits of match kinds toward "the question is covered".
_ROLE_WEIGHT = {"content": 1.0, "weak": 0.25, "aux": 0.3}
_CREDIT = {"text": 1.0, "concept": 1.0, "typo": 0.9, "docparent": 0.5, "parent": 0.0}
_ALT_WEIGHT = {"text": 1.0, "concept": 0.95, "typo": 0.85, "docparent": 0.5, "parent": 0.4}
_KIND_ORDER = {"text": 0, "concept": 1, "typo": 2, "docparent": 3, "parent": 4}
_BROADER_ONLY_BELOW = 40  # broader concepts are a fallback: skipped when precise matches abound
# On a very big network only the best-scoring offerings per term are considered: a referral list
# never needs more, and it keeps a search within its time budget.
POSTING_CAP = 600

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
_RELATIVE_WORDS = {0: "vandaag", 1: "morgen", 2: "overmorgen"}  # how the answer names a relative day
_ALTERNATIVES = 3  # nearest offerings shown when the filters leave nothing
_ALTERNATIVE_MISSES = frozenset({"day", "part_of_day", "open_now", "free", "walk_in"})


def brussels_now(now: datetime | None) -> datetime:
    """The asker's clock in Brussels; a naive `now` is Brussels time."""
    if now is None:
        return datetime.now(BRUSSELS)
    if now.tzinfo is None:
        return now.replace(tzinfo=BRUSSELS)
    return now.astimezone(BRUSSELS)


class Ranking:
    """The index data the ranking reads (set by `ReferralIndex.build`)."""

    _docs: list[OfferingDoc]
    _postings: dict[str, dict[int, float]]
    _top_docs: dict[str, frozenset[int]]
    _idf: dict[str, float]
    _idf_unknown: float
    _category_scores_of: dict[str, dict[int, float]]
    _doc_groups_primary: list[frozenset[str]]
    _doc_groups_secondary: list[frozenset[str]]
    _generalist: frozenset[int]
    _city_wide: list[bool]
    _openings: list[tuple[tuple[int, time, time], ...]]
    _languages: list[frozenset[str]]
    _area_keys: list[str | None]
    _city_wide_areas: frozenset[str]

    def _allowed(self, own_key: str | None) -> frozenset[int] | None:
        raise NotImplementedError

    def _search_parsed(
        self,
        parsed: ParsedQuery,
        neighbourhood: str | None,
        now: datetime | None,
        limit: int | None,
        filters: SearchFilters | None,
    ) -> SearchOutcome:
        filters = parsed.filters.merged(filters)
        parsed = replace(parsed, filters=filters)
        understood = understood_labels(parsed.units)
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

        local_now = brussels_now(now)
        weekdays = filters.weekdays
        if parsed.relative_day is not None:
            # "vandaag", "morgenavond": resolved against the asker's clock in Brussels
            day = (local_now.weekday() + parsed.relative_day) % 7
            weekdays = weekdays | {day}
            word = _RELATIVE_WORDS.get(parsed.relative_day)
            said = filters.said_days + ((day, word),) if word else filters.said_days
            filters = replace(filters, weekdays=weekdays, said_days=said)
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
            if unit.role == "content" and is_service(unit):
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
        alts = tuple(self._outcome(nearest, parsed, per_unit, understood, own_key, _ALTERNATIVES).hits)
        by_id = {self._docs[d].id: misses[d] for d in nearest}
        unmet_all = frozenset().union(*(by_id[h.doc.id] for h in alts))
        return SearchOutcome((), filters, False, understood, alternatives=alts, unmet=unmet_all)

    def _outcome(
        self,
        ranked: dict[int, float],
        parsed: ParsedQuery,
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
        groups = filters.target_groups | parsed.group_hints
        tg_factor, area_keys = self._tg_factor, self._area_keys
        for d, s in ranked.items():
            if s < floor:
                continue
            s *= tg_factor(d, groups)
            if own_key is not None and area_keys[d] == own_key:
                s *= _OWN_AREA_BOOST
            final[d] = s
        top = max(final.values())
        cut = _RELATIVE_CUTOFF * top
        # (-score, offering) pairs sort best first, ties by offering: no key function per element
        kept = [(-s, d) for d, s in final.items() if s >= cut]
        order = heapq.nsmallest(wanted, kept) if len(kept) > wanted else sorted(kept)
        labelled = [(u.label, vals) for u, (vals, _) in zip(parsed.units, per_unit, strict=True)]
        docs, city_wide = self._docs, self._city_wide

        def make(position: int) -> Hit:
            negative, d = order[position]
            terms = tuple(dict.fromkeys([label for label, vals in labelled if d in vals]))
            return Hit(doc=docs[d], score=round(-negative, 6), city_wide=city_wide[d], matched_terms=terms)

        return SearchOutcome(Hits(len(order), make), filters, not order, understood)

    def _top_of(self, term: str, post: dict[int, float]) -> frozenset[int]:
        """The POSTING_CAP best-scoring offerings of a very common term: worked out when a question first
        needs them (most terms never are), then kept with the index. Two threads may both work it out."""
        top = self._top_docs.get(term)
        if top is None:
            top = self._top_docs[term] = frozenset(heapq.nlargest(POSTING_CAP, post, key=post.__getitem__))
        return top

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

    def _unit_match(self, unit: Unit, allowed: frozenset[int] | None) -> tuple[dict[int, float], dict[int, float]]:
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
            if len(keys) > POSTING_CAP:
                if allowed is None:
                    keys = self._top_of(alt.term, post)
                else:
                    keys = set(heapq.nlargest(POSTING_CAP, keys, key=post.__getitem__))
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
        if unit.parts and not (own_found and unit_concepts(unit)):
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

    def _importance(self, unit: Unit) -> float:
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
        self, units: Sequence[Unit], per_unit: Sequence[tuple[dict[int, float], dict[int, float]]]
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
