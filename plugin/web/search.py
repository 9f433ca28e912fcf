"""The one call from the public page into the `/verwijs` engine, and the page's control filters.

`search_public` is the seam: it takes the page's free text and control values and returns what the
page shows. The free text goes through exactly the index `/verwijs` uses (storage.search_index);
the controls become the engine's filters too, so the text's filters and the controls restrict alike
and are named in the same Dutch words as in Slack; only filters that were applied are named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from domain.offering_practical import openings_of
from domain.public_map import CITY_WIDE, PARTS_OF_DAY, Controls, OfferFacts, passes
from domain.referral_search import Hit, SearchFilters
from domain.search.phrases import alternatives_heading, filter_phrases
from storage.models import Network, Offering
from storage.search_index import CatalogSnapshot, SearchIndexCache, scope_key
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
    nothing: str | None = None  # the filters leave nothing: said plainly ("Niets op zondag voor …")
    alternatives: list[PublicResult] = field(default_factory=list)  # the nearest, which miss a filter
    alternatives_heading: str = ""  # what they do not match ("Wel op andere dagen:")


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
        self._facets: VersionedCache[int, PageFacets] = VersionedCache()

    def snapshot(self, session: Session, scope: list[Network]) -> CatalogSnapshot:
        return self.index.snapshot(session, scope)

    def facets(self, scope: list[Network], snapshot: CatalogSnapshot) -> PageFacets:
        return self._facets.get(scope_key(scope), snapshot.versions, lambda: _facets(snapshot))


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


def engine_filters(controls: Controls) -> SearchFilters:
    """The page's controls as the engine's filters (the area control stays the page's own: it means
    exactly that neighbourhood, or only city-wide offers)."""
    return SearchFilters(
        weekdays=frozenset({controls.weekday}) if controls.weekday is not None else frozenset(),
        part_of_day=PARTS_OF_DAY.get(controls.part_of_day or ""),
        open_now=controls.open_now,
        languages=frozenset({controls.language}) if controls.language else frozenset(),
        category=controls.category,
        free=controls.free,
        walk_in=controls.walk_in,
    )


def _area_phrase(controls: Controls) -> list[str]:
    if not controls.area:
        return []
    return ["alleen stadsbreed aanbod" if controls.area == CITY_WIDE else f"alleen in {controls.area}"]


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
    """The page's answer: the /verwijs engine with the text's filters and the controls as one set of
    filters (every result meets each one named); the area control then keeps that area only."""
    snapshot = cache.snapshot(session, scope)
    facets = cache.facets(scope, snapshot)
    names = {n.id: n.name for n in scope}
    show_network = len(scope) > 1

    def results(hits: Iterable[Hit]) -> list[PublicResult]:
        found = (snapshot.offerings[h.doc.id] for h in hits if h.doc.id in snapshot.offerings)
        kept = (o for o in found if passes(facets.facts[str(o.id)], controls, now))
        return [PublicResult(o, o.area is None, names.get(o.network_id) if show_network else None) for o in kept]

    filters = engine_filters(controls)
    if not query and not filters.active:
        own = (neighbourhood or "").casefold()
        listed = (snapshot.offerings[i] for i in facets.order)
        found = [o for o in listed if not own or o.area is None or o.area.casefold() == own]
        kept = [o for o in found if passes(facets.facts[str(o.id)], controls, now)]
        shown = [PublicResult(o, o.area is None, names.get(o.network_id) if show_network else None) for o in kept]
        return PublicSearch(query, shown, False, _area_phrase(controls))
    outcome = snapshot.index.search(query, neighbourhood=neighbourhood, now=now, filters=filters)
    if outcome.is_gap:
        return PublicSearch(query, [], True)
    applied = list(filter_phrases(outcome.filters, category_labels).values()) + _area_phrase(controls)
    if outcome.filtered_out:
        what = " en ".join(filter_phrases(outcome.filters, category_labels).values()) or "met die voorwaarden"
        nothing = f"Niets {what}" + (f" voor “{outcome.subject}”." if outcome.subject else " in het netwerk.")
        return PublicSearch(
            query,
            [],
            False,
            applied,
            nothing=nothing,
            alternatives=results(outcome.alternatives),
            alternatives_heading=alternatives_heading(outcome),
        )
    return PublicSearch(query, results(outcome.hits), False, applied)
