"""Ranking and filtering of a parsed question over the index's postings (BM25F scores per term and
offering): unit matches, coverage, category intent, target groups, the own neighbourhood, gaps and
alternatives. `Ranking` is the search half of `ReferralIndex` (domain.search.index builds the data).

The inner loop works on arrays, one slot per offering of the index: a unit's match is a pair of score
and credit arrays (0 where the unit does not match), and every step after it (the sums, the cut-offs,
the boosts, the order) is a handful of whole-array operations instead of a Python loop per offering.
Three of those steps (a unit's match, the sums with what is ranked, the order) are also written in C,
one pass each (domain/search/_kernels.c), and answer when the module is built; the NumPy steps give the
same answers to the last bit (tests/test_search_kernels.py). Only the filters that read an offering's
hours and closures run per offering, on the ranked ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta

import numpy as np
import numpy.typing as npt

from domain.dates_nl import BRUSSELS
from domain.search.filters import expand_languages, unmet_time_filters
from domain.search.types import Hit, Hits, OfferingDoc, SearchFilters, SearchOutcome
from domain.search.units import Alt, ParsedQuery, Unit, is_service, understood_labels, unit_concepts
from domain.text_nl import (
    normalize,
)

try:  # the dense loops in C (domain/search/_kernels.c), built by `pip install`; the NumPy steps below otherwise
    from domain.search import _kernels as kernels
except ImportError:  # pragma: no cover - only without a C compiler at install
    kernels = None  # type: ignore[assignment]

Scores = npt.NDArray[np.float64]  # one value per offering of the index, 0.0 where nothing matched
Mask = npt.NDArray[np.bool_]  # one flag per offering of the index
Postings = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]  # offerings (ascending) and their scores
Match = tuple[Scores, Scores]  # a unit's scores and credits per offering

# Weights of query units by role, and credits of match kinds toward "the question is covered".
_ROLE_WEIGHT = {"content": 1.0, "weak": 0.25, "aux": 0.3}
_CREDIT = {"text": 1.0, "concept": 1.0, "typo": 0.9, "docparent": 0.5, "parent": 0.0}
_ALT_WEIGHT = {"text": 1.0, "concept": 0.95, "typo": 0.85, "docparent": 0.5, "parent": 0.4}
_KIND_ORDER = {"text": 0, "concept": 1, "typo": 2, "docparent": 3, "parent": 4}
_BROAD = frozenset({"docparent", "parent"})  # broader concepts
_OWN = frozenset({"concept", "docparent"})  # the unit's own concept, or one narrower
_BROADER_ONLY_BELOW = 40  # broader concepts are a fallback: skipped when precise matches abound
# On a very big network only the best-scoring offerings per term are considered: a referral list
# never needs more, and it keeps a search within its time budget.
POSTING_CAP = 600

_GAP_COVERAGE = 0.5  # a question is answerable when one offering covers at least half of its substance
_MIN_HIT_COVERAGE = 0.2
_RELATIVE_CUTOFF = 0.08
_CATEGORY_WEIGHT = 0.35
MAX_HITS = 100  # "all relevant hits", capped so a big network never returns thousands
_GENERALIST_SHARE = 0.22  # general digital help points are a fallback for any digital question
_OWN_AREA_BOOST = 1.3  # the asker's own neighbourhood comes before city-wide offers of similar relevance
_MIN_FACTOR = 0.8
_TG_MATCH = 1.25
_MAX_FACTOR = _TG_MATCH * _OWN_AREA_BOOST  # best target-group match in the own neighbourhood
_TG_MISMATCH = 0.8
_TG_UNASKED = 0.92  # an offering for a group of its own, when the question names none
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
    _postings: dict[str, Postings]
    _top_docs: dict[str, Postings]
    _idf: dict[str, float]
    _idf_unknown: float
    _category_scores_of: dict[str, Postings]
    _doc_groups_primary: list[frozenset[str]]
    _doc_groups_secondary: list[frozenset[str]]
    _group_primary: dict[str, Mask]  # per target group: offerings for it (their own groups)
    _group_any: dict[str, Mask]  # per target group: offerings for it or that mention it
    _has_primary: Mask
    _generalist: Mask
    _any_generalist: bool  # the index holds general help points
    _city_wide: Mask
    _area_codes: npt.NDArray[np.int32]  # per offering: its neighbourhood's number in `_area_numbers`, or -1
    _area_numbers: dict[str, int]
    _language_masks: dict[str, Mask]  # per language code: offerings in it (or with an interpreter for it)
    _category_masks: dict[str, Mask]
    _everyone: Mask  # offerings for everyone
    _free: Mask  # known to be free (domain.search.filters.is_free)
    _walk_in: Mask  # you can walk in (domain.search.filters.is_walk_in)
    _timed: Mask  # has weekly hours or works by appointment: "another day" can be said of it
    _open_on: list[Mask]  # per weekday (0 = Monday): offerings with hours that day
    _has_hours: Mask  # offerings with weekly hours
    # every weekly opening of every offering, one slot each: its offering, weekday, and times (micros_of_day)
    _opening_doc: npt.NDArray[np.int32]
    _opening_day: npt.NDArray[np.int8]
    _opening_opens: npt.NDArray[np.int64]
    _opening_closes: npt.NDArray[np.int64]
    _city_wide_areas: frozenset[str]
    _tg_unasked: Scores | None  # per offering: its target-group factor when the question names no group
    _boost_cache: dict[int, Scores]  # per neighbourhood number: the own-neighbourhood factor per offering
    _share_cache: dict[frozenset[str], Scores]  # per set of groups asked: a general help point's share

    def _allowed(self, own_key: str | None) -> Mask | None:
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
        if filters is not parsed.filters:
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
        if allowed is not None and not np.count_nonzero(allowed):
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
        dated_days = frozenset(
            {local_now.date() + timedelta(days=parsed.relative_day)} if parsed.relative_day is not None else ()
        )  # "vandaag"/"morgen" are dates: a closure then counts

        # the filters that do not read the clock, as one mask each of the offerings that do not meet them
        static = self._static_unmet(filters)
        timed = bool(weekdays) or filters.part_of_day is not None or filters.open_now

        def unmet(d: int) -> frozenset[str]:
            """The filters offering `d` does not meet (domain.search.filters.unmet_filters, by its parts)."""
            missed = unmet_time_filters(self._docs[d], filters, now=local_now, weekdays=weekdays, dated_days=dated_days)
            return frozenset(missed.union(name for name, mask in static if mask[d]))

        def meeting(pool: Mask) -> Mask:
            """The offerings of `pool` that meet every filter."""
            meets = pool.copy()
            for _, mask in static:
                meets &= ~mask
            if not timed:
                return meets
            if not filters.open_now and not dated_days:
                # no date to check closures against: the weekly hours alone decide, for all at once
                return meets & self._with_openings(weekdays, filters.part_of_day)
            # what the clock filters need at the least (hours on that day), before hours and closures are read
            if weekdays:
                meets &= np.logical_or.reduce([self._open_on[day] for day in weekdays])
            if filters.open_now:
                meets &= self._open_on[local_now.weekday()]
            if filters.part_of_day is not None:
                meets &= self._has_hours
            for d in meets.nonzero()[0].tolist():
                if unmet_time_filters(self._docs[d], filters, now=local_now, weekdays=weekdays, dated_days=dated_days):
                    meets[d] = False
            return meets

        content = [u for u in parsed.units if u.role == "content"]
        if content:
            # format words and target-group words only rank what the substance already found
            content_match = {id(u): self._unit_match(u, allowed) for u in content}
            if len(content) == len(parsed.units):
                per_unit = [content_match[id(u)] for u in parsed.units]
            else:
                candidates = np.zeros(len(self._docs), dtype=bool)
                for vals, _ in content_match.values():
                    candidates |= vals > 0.0
                per_unit = [
                    content_match[id(u)] if u.role == "content" else self._unit_match(u, candidates)
                    for u in parsed.units
                ]
        else:
            per_unit = [self._unit_match(u, allowed) for u in parsed.units]

        if not content:
            # Only format words or filters: list what meets the filters, or admit a gap.
            if not replace(filters, neighbourhood=None).active:
                return gap
            meets = meeting(allowed if allowed is not None else np.ones(len(self._docs), dtype=bool))
            if not np.count_nonzero(meets):
                return SearchOutcome((), filters, False, understood)
            listed = np.where(self._generalist, 1.5, 1.0)
            for unit, (vals, _) in zip(parsed.units, per_unit, strict=True):
                listed += _ROLE_WEIGHT[unit.role] * vals
            return self._outcome(listed, meets, parsed, per_unit, understood, own_key, limit)

        ranking = self._rank(parsed, per_unit, allowed)
        if ranking is None:
            return gap
        scores, coverage, ranked = ranking
        if not filters.active:
            return self._outcome(scores, ranked, parsed, per_unit, understood, own_key, limit)

        passing = meeting(ranked)
        # the filters leave an answer only when something that meets them covers the question, or is
        # a general digital help point (which helps with any digital question, in its languages)
        if np.count_nonzero(passing & ((coverage >= _GAP_COVERAGE) | self._generalist)):
            return self._outcome(scores, passing, parsed, per_unit, understood, own_key, limit)
        # alternatives only for another moment (or the caller's cost and access controls): an offer in
        # another language or for another group is no referral for this person
        # ("another day" needs known days)
        near = ranked & ~passing & (coverage >= _GAP_COVERAGE) & self._timed
        misses = {d: unmet(d) for d in near.nonzero()[0].tolist()}
        failing = [d for d, missed in misses.items() if missed <= _ALTERNATIVE_MISSES]
        if not failing:
            return SearchOutcome((), filters, False, understood)
        # nearest alternatives: the fewest unmet filters first, then relevance
        fewest = min(len(misses[d]) for d in failing)
        nearest = np.zeros(len(self._docs), dtype=bool)
        nearest[[d for d in failing if len(misses[d]) == fewest]] = True
        alts = tuple(self._outcome(scores, nearest, parsed, per_unit, understood, own_key, _ALTERNATIVES).hits)
        by_id = {self._docs[d].id: misses[d] for d in failing}
        unmet_all = frozenset().union(*(by_id[h.doc.id] for h in alts))
        return SearchOutcome((), filters, False, understood, alternatives=alts, unmet=unmet_all)

    def _rank(
        self, parsed: ParsedQuery, per_unit: Sequence[Match], allowed: Mask | None
    ) -> tuple[Scores, Scores, Mask] | None:
        """(scores, coverage, ranked) of a question with substance, or None: a gap. The units' scores summed
        (and the share of the question's substance each offering covers); ranked: what covers enough, with
        its category bonus, and the general help points (a share of the best score); a question asking for a
        service (lend, repair, print, interpret) is answered only by offerings that provide it, whatever
        device or subject it shares with others."""
        groups = parsed.filters.target_groups | parsed.group_hints
        services = [creds for u, (_, creds) in zip(parsed.units, per_unit, strict=True)
                    if u.role == "content" and is_service(u)]  # fmt: skip
        if kernels is not None:
            n = len(self._docs)
            scores, coverage, ranked = np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)
            parts = self._coverage_parts(parsed.units)
            units = [(vals, creds, _ROLE_WEIGHT[u.role], part)
                     for u, (vals, creds), part in zip(parsed.units, per_unit, parts, strict=True)]  # fmt: skip
            generalist = self._generalist if self._any_generalist else None
            share = self._generalist_share(groups) if generalist is not None else None
            best_coverage, count = kernels.rank(
                scores, coverage, ranked, units, self._category_postings(parsed.categories), generalist, allowed,
                share, services, _MIN_HIT_COVERAGE, _GAP_COVERAGE,
            )  # fmt: skip
            return None if best_coverage < _GAP_COVERAGE or not count else (scores, coverage, ranked)
        scores, coverage = self._combine(parsed.units, per_unit)
        if _max(coverage) < _GAP_COVERAGE:
            return None
        top_text = _max(scores)
        ranked = (scores > 0.0) & (coverage >= _MIN_HIT_COVERAGE)
        scores = np.where(ranked, scores + self._category_bonus(parsed.categories), 0.0)
        if allowed is None:
            generalists, any_generalist = self._generalist, self._any_generalist
        else:
            generalists = self._generalist & allowed
            any_generalist = bool(np.count_nonzero(generalists))
        if any_generalist:
            scores = np.where(generalists, scores + self._generalist_share(groups) * top_text, scores)
            ranked |= generalists
        for creds in services:
            ranked &= creds >= _GAP_COVERAGE
        return (scores, coverage, ranked) if np.count_nonzero(ranked) else None

    def _outcome(
        self,
        scores: Scores,
        ranked: Mask,
        parsed: ParsedQuery,
        per_unit: Sequence[Match],
        understood: tuple[str, ...],
        own_key: str | None,
        limit: int | None,
    ) -> SearchOutcome:
        """The ranked offerings (`ranked`, with their `scores`) in order: target groups and the own
        neighbourhood weigh in, what falls far below the best is cut, ties go by offering."""
        filters = parsed.filters
        wanted = limit if limit is not None else MAX_HITS
        groups = self._tg_all(filters.target_groups | parsed.group_hints)
        own = self._area_numbers.get(own_key, -2) if own_key is not None else -2
        boost = self._own_boost(own) if own != -2 else None
        if kernels is not None:
            ranked_docs, ranked_values = kernels.order(
                scores, ranked, wanted, groups, boost, _RELATIVE_CUTOFF, _MIN_FACTOR, _MAX_FACTOR
            )
        else:
            ranked_docs, ranked_values = _ordered(scores, ranked, wanted, groups, boost)
        if not ranked_docs:
            return SearchOutcome((), filters, True, understood)
        labelled = [(u.label, vals) for u, (vals, _) in zip(parsed.units, per_unit, strict=True)]
        all_docs, city_wide = self._docs, self._city_wide

        def make(position: int) -> Hit:
            d = ranked_docs[position]
            terms = tuple(dict.fromkeys([label for label, vals in labelled if vals[d] > 0.0]))
            return Hit(doc=all_docs[d], score=round(ranked_values[position], 6), city_wide=bool(city_wide[d]),
                       matched_terms=terms)  # fmt: skip

        return SearchOutcome(Hits(len(ranked_docs), make), filters, not ranked_docs, understood)

    def _capped(self, term: str, post: Postings, allowed: Mask | None) -> Postings:
        """A term's postings as a match reads them: of a term with more than POSTING_CAP offerings only the
        POSTING_CAP best of those `allowed` lets in (of all of them: kept with the index)."""
        docs, values = post
        if docs.size <= POSTING_CAP:
            return post
        if allowed is None:
            return self._top_of(term, post)
        inside = allowed[docs]
        docs, values = docs[inside], values[inside]
        return _best((docs, values)) if docs.size > POSTING_CAP else (docs, values)

    def _top_of(self, term: str, post: Postings) -> Postings:
        """The POSTING_CAP best-scoring offerings of a very common term: worked out when a question first
        needs them (most terms never are), then kept with the index. Two threads may both work it out."""
        top = self._top_docs.get(term)
        if top is None:
            top = self._top_docs[term] = _best(post)
        return top

    def _with_openings(self, weekdays: frozenset[int], part_of_day: tuple[time, time] | None) -> Mask:
        """Offerings with a weekly opening on one of `weekdays` (any day when empty) that overlaps
        `part_of_day` (any time when None): what domain.search.filters.unmet_time_filters asks of the day
        and part-of-day filters when no date is asked (no closure can then apply)."""
        asked = np.ones(self._opening_doc.size, dtype=bool)
        if weekdays:
            asked &= np.isin(self._opening_day, np.fromiter(weekdays, dtype=np.int8))
        if part_of_day is not None:  # Opening.overlaps
            asked &= (self._opening_opens < micros_of_day(part_of_day[1])) & (
                micros_of_day(part_of_day[0]) < self._opening_closes
            )
        found = np.zeros(len(self._docs), dtype=bool)
        found[self._opening_doc[asked]] = True
        return found

    def _static_unmet(self, filters: SearchFilters) -> list[tuple[str, Mask]]:
        """Per filter that does not read the clock: its name and the offerings that do not meet it (the rules
        of domain.search.filters.unmet_filters). A target group filter lets in offerings for everyone, and
        offerings without a group of their own; a group merely mentioned in a description only ever lets in."""
        unmet: list[tuple[str, Mask]] = []
        if filters.languages:
            unmet.append(("language", ~self._any_group(self._language_masks, expand_languages(filters.languages))))
        if filters.target_groups:
            unmet.append(("target_group", self._has_primary & ~self._everyone
                          & ~self._any_group(self._group_any, filters.target_groups)))  # fmt: skip
        if filters.category:
            unmet.append(("category", ~self._any_group(self._category_masks, frozenset({filters.category}))))
        if filters.free:
            unmet.append(("free", ~self._free))
        if filters.walk_in:
            unmet.append(("walk_in", ~self._walk_in))
        return unmet

    def _any_group(self, masks: dict[str, Mask], groups: frozenset[str]) -> Mask:
        """Offerings that have any of `groups` in `masks`."""
        found = np.zeros(len(self._docs), dtype=bool)
        for group in groups:
            mask = masks.get(group)
            if mask is not None:
                found |= mask
        return found

    def _own_boost(self, own: int) -> Scores:
        """Per offering: x_OWN_AREA_BOOST in neighbourhood number `own`, else x1 (kept per neighbourhood)."""
        boost = self._boost_cache.get(own)
        if boost is None:
            boost = self._boost_cache[own] = np.where(self._area_codes == own, _OWN_AREA_BOOST, 1.0)
        return boost

    def _generalist_share(self, wanted: frozenset[str]) -> Scores:
        """Per offering: the share of the best score a general help point gets: less for one that is for a
        group of its own that the question does not name (housebound people, seniors): a weaker fallback.
        Kept per set of groups asked (a handful in practice; the set is emptied should it ever grow)."""
        share = self._share_cache.get(wanted)
        if share is None:
            if len(self._share_cache) >= 32:
                self._share_cache.clear()
            restricted = self._has_primary & ~self._any_group(self._group_primary, wanted)
            share = np.where(restricted, _GENERALIST_SHARE * 0.5, _GENERALIST_SHARE * 1.0)
            self._share_cache[wanted] = share
        return share

    def _tg_all(self, wanted: frozenset[str]) -> Scores:
        """Per offering: up when it is for a group the question names, down when it is for others."""
        if not wanted:
            unasked = self._tg_unasked
            if unasked is None:  # kept with the index, as the factors below are per question
                unasked = self._tg_unasked = np.where(self._has_primary, _TG_UNASKED, 1.0)
            return unasked
        match = self._any_group(self._group_any, wanted)
        return np.where(match, _TG_MATCH, np.where(self._has_primary, _TG_MISMATCH, 1.0))

    def _category_postings(self, intent: dict[str, float]) -> list[tuple[npt.NDArray[np.int32], Scores, float]]:
        """The categories the question points to, as (offerings, scores, factor): an offering filed under
        one gets its score there times the factor as a bonus, the largest of them."""
        if not intent:
            return []
        top = max(intent.values())
        found = []
        for slug, w in intent.items():
            strength = w / top
            post = self._category_scores_of.get(slug) if strength >= 0.5 else None
            if post is not None:
                found.append((post[0], post[1], _CATEGORY_WEIGHT * strength))
        return found

    def _category_bonus(self, intent: dict[str, float]) -> Scores:
        """Per offering: the boost of being filed under a category the question points to."""
        bonus = np.zeros(len(self._docs))
        for i, (docs, values, factor) in enumerate(self._category_postings(intent)):
            if i == 0:  # nothing set yet, and the scores are positive: the maximum is the value itself
                bonus[docs] = factor * values
            else:
                bonus[docs] = np.maximum(bonus[docs], factor * values)
        return bonus

    def _unit_match(self, unit: Unit, allowed: Mask | None) -> Match:
        """(scores, credits) per offering for one unit, best kind of match first.

        Broader concepts are only consulted when the precise words match few offerings, which is when
        they are needed.
        """
        n = len(self._docs)
        vals, creds = np.zeros(n), np.zeros(n)
        own_found = (self._kernel_match if kernels is not None else self._numpy_match)(unit, allowed, vals, creds)
        if unit.parts and not (own_found and unit_concepts(unit)):
            # the parts of a vocabulary word or phrase are a fallback: when offerings name the concept
            # itself, every synonym of it finds exactly those
            content_parts = [p for p in unit.parts if p.role == "content"] or unit.parts
            n_content = len(content_parts)
            comb_v, comb_c = np.zeros(n), np.zeros(n)
            for p in unit.parts:
                is_content = p in content_parts
                share = 1.0 / n_content if is_content else _ROLE_WEIGHT["weak"]
                pv, pc = self._unit_match(p, allowed)
                comb_v += share * pv
                if is_content:
                    comb_c += pc / n_content
            vals = np.maximum(vals, comb_v * unit.parts_scale)
            creds = np.maximum(creds, comb_c * unit.parts_scale)
        return vals, creds

    def _kernel_match(self, unit: Unit, allowed: Mask | None, vals: Scores, creds: Scores) -> bool:
        """_numpy_match's loop in C (domain/search/_kernels.c): the postings chosen here, matched there."""
        alts: list[tuple[npt.NDArray[np.int32], Scores, float, float, bool]] = []
        own_at = -1  # the first alternative that names the unit's own concept (or a narrower one)
        for alt in sorted(unit.alts, key=_kind_rank):
            post = self._postings.get(alt.term)
            if post is None:
                continue
            docs, values = self._capped(alt.term, post, allowed)  # the rest of `allowed`: in the C loop
            if own_at < 0 and alt.kind in _OWN:
                own_at = len(alts)
            alts.append((docs, values, _ALT_WEIGHT[alt.kind], _CREDIT[alt.kind], alt.kind in _BROAD))
        _found, used = kernels.match(vals, creds, alts, allowed, _BROADER_ONLY_BELOW)
        return 0 <= own_at < used

    def _numpy_match(self, unit: Unit, allowed: Mask | None, vals: Scores, creds: Scores) -> bool:
        """Each alternative of `unit`, best kind first, into `vals` and `creds` (zeros): an offering not
        matched yet takes its weighted score and credit, a precise one raises a score already there, a broad
        one (a broader concept) never does. True: offerings name the unit's own concept (or a narrower one)."""
        found = 0  # offerings matched so far
        own_found = False
        for alt in sorted(unit.alts, key=_kind_rank):
            broad = alt.kind in _BROAD
            if broad and found >= _BROADER_ONLY_BELOW:
                break
            post = self._postings.get(alt.term)
            if post is None:
                continue
            docs, values = self._capped(alt.term, post, allowed)
            if allowed is not None:
                inside = allowed[docs]
                docs, values = docs[inside], values[inside]
            weight = _ALT_WEIGHT[alt.kind]
            weighted = values if weight == 1.0 else weight * values  # read only
            if found:
                current = vals[docs]
                new = current == 0.0
                if broad:
                    vals[docs[new]] = weighted[new]
                else:
                    vals[docs] = np.maximum(current, weighted)
                creds[docs[new]] = _CREDIT[alt.kind]
                found += int(np.count_nonzero(new))
            else:
                vals[docs], creds[docs] = weighted, _CREDIT[alt.kind]
                found = docs.size
            own_found = own_found or alt.kind in _OWN
        return own_found

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

    def _combine(self, units: Sequence[Unit], per_unit: Sequence[Match]) -> tuple[Scores, Scores]:
        """Sum unit scores per offering, and the share of the question's substance each one covers."""
        scores, coverage = np.zeros(len(self._docs)), np.zeros(len(self._docs))
        for unit, (vals, creds), part in zip(units, per_unit, self._coverage_parts(units), strict=True):
            weight = _ROLE_WEIGHT[unit.role]
            scores += vals if weight == 1.0 else weight * vals
            if part:
                coverage += part * creds
        return scores, coverage

    def _coverage_parts(self, units: Sequence[Unit]) -> list[float]:
        """Per unit: its share of the question's substance (0 for a format or group word)."""
        importances = [self._importance(u) if u.role == "content" else 0.0 for u in units]
        total = sum(importances) or 1.0
        return [imp / total if imp else 0.0 for imp in importances]


def _max(values: Scores) -> float:
    """The largest value (`values.max()` without NumPy's Python wrapper around it, on every search)."""
    return float(np.maximum.reduce(values))


def _kind_rank(alt: Alt) -> int:
    return _KIND_ORDER[alt.kind]


def micros_of_day(at: time) -> int:
    """A time of day as microseconds since midnight: ordered as `time` objects are."""
    return ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond


def _ordered(
    scores: Scores, ranked: Mask, wanted: int, groups: Scores, boost: Scores | None
) -> tuple[list[int], list[float]]:
    """The ranked offerings' order (domain/search/_kernels.c's `order`): the factors below move a score by at
    most x_MAX_FACTOR or x_MIN_FACTOR, so offerings that cannot reach the cut-off or the first `wanted`
    places anyway are skipped; the target-group factors (`groups`) and the own neighbourhood's (`boost`)
    weigh in; what falls far below the best is cut; best first, ties by offering."""
    docs = ranked.nonzero()[0]
    if not docs.size:
        return [], []
    values = scores[docs]
    floor = _RELATIVE_CUTOFF * _max(values) * _MIN_FACTOR / _MAX_FACTOR
    if docs.size > 2 * wanted:
        part = values.copy()
        part.partition(docs.size - wanted)
        kth = float(part[docs.size - wanted])
        floor = max(floor, kth * _MIN_FACTOR / _MAX_FACTOR)
    above = values >= floor
    docs = docs[above]
    values = values[above] * groups[docs]
    if boost is not None:
        values = values * boost[docs]
    kept = values >= _RELATIVE_CUTOFF * _max(values)
    docs, values = docs[kept], values[kept]
    order = (-values).argsort(kind="stable")[:wanted]  # best first, ties by offering (`docs` ascends)
    return docs[order].tolist(), values[order].tolist()


def _best(post: Postings) -> Postings:
    """The POSTING_CAP best-scoring offerings of postings, ties by offering."""
    docs, values = post
    best = np.sort(np.argsort(-values, kind="stable")[:POSTING_CAP])
    return docs[best], values[best]
