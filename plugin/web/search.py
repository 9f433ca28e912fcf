"""The one call from the public page into the `/verwijs` engine, and the page's control filters.

`search_public` is the seam: it takes the page's free text and control values and returns what the
page shows. The free text goes through exactly the index `/verwijs` uses (storage.search_index);
the controls are then applied as hard filters (domain.public_map, with domain.schedule's rules).
Filters the engine read from the text are named as applied only when every result meets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from domain.labels_nl import LANGUAGE_LABELS
from domain.public_map import Controls, OfferFacts, describe_controls, describe_days, passes
from domain.referral_search import QueryFilters
from domain.schedule import is_open
from storage.models import Network, Offering
from storage.search_index import CatalogSnapshot, SearchIndexCache, openings_of
from storage.versioned_cache import VersionedCache


@dataclass(frozen=True)
class PublicResult:
    offering: Offering  # detached, read-only (the search snapshot's copy)
    city_wide: bool
    network_name: str | None  # a city-wide network's page says which neighbourhood network it comes from


@dataclass(frozen=True)
class PublicSearch:
    query: str
    results: list[PublicResult]
    is_gap: bool  # the text found nothing that fits: the honest answer of /verwijs
    applied: list[str] = field(default_factory=list)  # filters every result meets, in Dutch
    preferred: list[str] = field(default_factory=list)  # read from the text, but not met by every result


@dataclass(frozen=True)
class PageFacets:
    """What the page derives from a scope's snapshot once per catalog version, not once per request."""

    facts: dict[str, OfferFacts]  # by offering (doc) id
    order: tuple[str, ...]  # the listing without a question: neighbourhood offerings first, by name
    categories: frozenset[str]  # categories some offering has
    areas: tuple[str, ...]  # neighbourhoods with offerings
    languages: tuple[str, ...]  # languages some offering is given in


class PublicSearchCache:
    """The search snapshots (as /verwijs keeps them) and the page's facets of each, per scope."""

    def __init__(self) -> None:
        self.index = SearchIndexCache()
        self._facets: VersionedCache[tuple[int, ...], PageFacets] = VersionedCache()

    def snapshot(self, session: Session, scope: list[Network]) -> CatalogSnapshot:
        return self.index.snapshot(session, scope)

    def facets(self, scope: list[Network], snapshot: CatalogSnapshot) -> PageFacets:
        return self._facets.get(tuple(n.id for n in scope), snapshot.versions, lambda: _facets(snapshot))


def _facets(snapshot: CatalogSnapshot) -> PageFacets:
    offerings = list(snapshot.offerings.values())
    order = sorted(offerings, key=lambda o: (o.area is None, o.name.casefold(), o.id))
    return PageFacets(
        facts={str(o.id): facts_of(o) for o in offerings},
        order=tuple(str(o.id) for o in order),
        categories=frozenset(c for o in offerings for c in o.categories or ()),
        areas=tuple(sorted({o.area for o in offerings if o.area}, key=str.casefold)),
        languages=tuple(sorted({c for o in offerings for c in o.languages or ()})),
    )


def facts_of(offering: Offering) -> OfferFacts:
    return OfferFacts(
        categories=tuple(offering.categories or ()),
        languages=tuple(offering.languages or ()),
        openings=openings_of(offering),
        area=offering.area,
        fees=offering.fees,
        access=offering.access,
    )


def _written_filters(filters: QueryFilters, offerings: list[Offering], now: datetime) -> tuple[list[str], list[str]]:
    """The text's filters, each as applied (every result meets it) or only preferred."""
    applied: list[str] = []
    preferred: list[str] = []

    def judge(label: str, ok: bool) -> None:
        (applied if ok else preferred).append(label)

    if filters.weekdays or filters.part_of_day:
        window = filters.part_of_day
        days = filters.weekdays or frozenset(range(7))
        label = "open op " + (describe_days(filters.weekdays) if filters.weekdays else "elke dag")
        if window:
            label += f" tussen {window[0]:%H:%M} en {window[1]:%H:%M}"
        judge(
            label,
            all(
                any(o.weekday in days and (window is None or o.overlaps(*window)) for o in openings_of(off))
                for off in offerings
            ),
        )
    if filters.open_now:
        judge("nu open", all(is_open(openings_of(off), now) for off in offerings))
    if filters.languages:
        label = "in het " + " of ".join(LANGUAGE_LABELS.get(c, c) for c in sorted(filters.languages))
        judge(label, all(filters.languages & set(off.languages or ()) for off in offerings))
    if filters.neighbourhood:
        applied.append(f"in {filters.neighbourhood} (of stadsbreed)")  # the engine keeps only those areas
    return applied, preferred


def search_public(
    session: Session,
    cache: PublicSearchCache,
    scope: list[Network],
    neighbourhood: str | None,
    query: str,
    controls: Controls,
    now: datetime,
    category_labels: dict[str, str],
) -> PublicSearch:
    """The page's answer: the /verwijs engine for the text, then the controls as hard filters."""
    snapshot = cache.snapshot(session, scope)
    facets = cache.facets(scope, snapshot)
    names = {n.id: n.name for n in scope}
    show_network = len(scope) > 1
    applied: list[str] = []
    preferred: list[str] = []
    if query:
        outcome = snapshot.index.search(query, neighbourhood=neighbourhood, now=now)
        found = [snapshot.offerings[h.doc.id] for h in outcome.hits if h.doc.id in snapshot.offerings]
        if outcome.is_gap or not found:
            return PublicSearch(query, [], True)
        applied, preferred = _written_filters(outcome.filters, found, now)
    else:
        own = (neighbourhood or "").casefold()
        listed = (snapshot.offerings[i] for i in facets.order)
        found = [o for o in listed if not own or o.area is None or o.area.casefold() == own]
    kept = [o for o in found if passes(facets.facts[str(o.id)], controls, now)]
    applied += describe_controls(controls, category_labels)
    results = [PublicResult(o, o.area is None, names.get(o.network_id) if show_network else None) for o in kept]
    return PublicSearch(query, results, False, applied, preferred)
