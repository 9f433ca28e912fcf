"""In-memory referral indexes per network scope, kept correct across app instances.

Each lookup reads the scope's catalog versions (one small query); when any differs from the
cached one, the index is rebuilt from the database. An offering saved through one instance is
therefore found through every other instance on its next request.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from domain.labels_nl import ACCESS_LABELS
from domain.offering_practical import closures_of, openings_of
from domain.referral_search import OfferingDoc, ReferralIndex, SearchFilters, SearchOutcome
from storage.catalog import offerings
from storage.knowledge import KnowledgeSnapshot
from storage.models import Network, Offering
from storage.networks import scope_ids, scope_key, search_scope
from storage.referral_outcomes import OftenHelpedCache
from storage.versioned_cache import DEFAULT_SIZE, VersionedCache

__all__ = ["SearchIndexCache", "find_referrals", "scope_ids", "scope_key", "search_scope"]


def offering_doc(offering: Offering, network_name: str | None = None) -> OfferingDoc:
    access = ACCESS_LABELS.get(offering.access or "", "")
    extra = " . ".join(
        part for part in (offering.eligibility, offering.fees, access, offering.location_name, offering.address) if part
    )
    return OfferingDoc(
        id=str(offering.id),
        name=offering.name,
        description=offering.description or "",
        organisation=offering.organisation.name,
        categories=tuple(offering.categories or ()),
        target_groups=tuple(offering.target_groups or ()),
        languages=tuple(offering.languages or ()),
        interpreter_languages=tuple(offering.interpreter_languages or ()),
        openings=openings_of(offering),
        by_appointment=offering.by_appointment,
        area=offering.area,
        network=network_name,
        extra_text=extra,
        fees=offering.fees,
        access=offering.access if offering.access in ACCESS_LABELS else None,
        closures=tuple(closures_of(offering)),
        follows_school_holidays=bool(offering.follows_school_holidays),
    )


@dataclass(frozen=True)
class CatalogSnapshot:
    """A scope's index and the offerings it was built from (detached, organisation loaded, read-only),
    so result cards need no second trip to the database."""

    versions: tuple[tuple[int, int, str], ...]
    index: ReferralIndex
    offerings: dict[str, Offering]
    # what is rendered from this snapshot (result cards, plugin.views.referrals): goes with it
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


class SearchIndexCache:
    """Process-wide cache of catalog snapshots per search scope; also holds the knowledge indexes.
    Both are bounded (least recently used scopes go first) at `max_size` scopes each."""

    def __init__(self, max_size: int = DEFAULT_SIZE) -> None:
        self._snapshots: VersionedCache[int, CatalogSnapshot] = VersionedCache(max_size)
        self.knowledge: VersionedCache[int, KnowledgeSnapshot] = VersionedCache(max_size)
        self.often_helped = OftenHelpedCache(max_size)

    def __deepcopy__(self, memo: dict[int, object]) -> SearchIndexCache:
        return self

    def snapshot(self, session: Session, scope: list[Network]) -> CatalogSnapshot:
        """The scope's snapshot, rebuilt when any catalog version moved; one thread builds, others wait."""
        # a network's name is on the cards of a city network's results: renaming it rebuilds too
        versions = tuple((n.id, n.catalog_version, n.name) for n in scope)
        return self._snapshots.get(scope_key(scope), versions, lambda: _build_snapshot(session, scope, versions))

    def stats(self) -> dict[str, int]:
        """The snapshot cache's hits, misses and size (the knowledge cache reports its own)."""
        return self._snapshots.stats()

    def index_for(self, session: Session, scope: list[Network]) -> ReferralIndex:
        return self.snapshot(session, scope).index


def _build_snapshot(
    session: Session, scope: list[Network], versions: tuple[tuple[int, int, str], ...]
) -> CatalogSnapshot:
    """Without the cyclic garbage collector meanwhile: a build makes hundreds of thousands of objects that
    it keeps, and with other indexes in memory the collector's passes over them cost as much as the build
    (measured: half of it with nine 1,000-offering indexes held). What is garbage goes by reference counts
    as always; the collector runs again after.

    Then what is alive is frozen (`gc.freeze`): the snapshot lives until its catalogue changes and holds
    no reference cycles (tests/test_search_memory.py), so the collector never needs to walk it; without
    this, each full pass over a 1,000-offering index paused every request of the worker for 60–140 ms
    (measured under load), the slowest 1 % of answers. An evicted snapshot is still freed by its
    reference counts. A full pass just before the build clears what other requests left in cycles, so
    that nothing dead is frozen with the snapshot; it is quick, for what is frozen already is not walked."""
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        snapshot = _build(session, scope, versions)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return snapshot


def _build(session: Session, scope: list[Network], versions: tuple[tuple[int, int, str], ...]) -> CatalogSnapshot:
    names = {n.id: n.name for n in scope}
    city_wide = len(scope) > 1
    # read through a session of its own on the same connection (the same transaction: what this request
    # saved is there), closed at once: the rows come out detached, for the snapshot outlives the request
    # and is read by many threads
    with Session(bind=session.connection()) as own:
        rows = offerings(own, [n.id for n in scope], statuses=("active",))
    docs = [offering_doc(o, names[o.network_id] if city_wide else None) for o in rows]
    return CatalogSnapshot(versions, ReferralIndex.build(docs), {str(o.id): o for o in rows})


@dataclass(frozen=True)
class ReferralAnswer:
    outcome: SearchOutcome
    offerings: dict[str, Offering]  # the offerings of the hits to show, by doc id
    show_network: bool  # a city-wide network's results say which neighbourhood they come from
    memo: dict[Any, Any]  # the snapshot's: its result cards are rendered once (plugin.views.referrals)
    searched: int = 0  # active offerings in the scope (0: nothing registered yet, whatever the question)


def find_referrals(
    session: Session,
    cache: SearchIndexCache,
    networks: list[Network],
    neighbourhood: str | None,
    query: str,
    now: datetime,
    shown: int,
    filters: SearchFilters | None = None,
) -> ReferralAnswer:
    """`networks` is the asker's `search_scope`, read once per request (the knowledge hints use it too).
    `filters` are explicit filters (a search page's controls); those written in `query` are added."""
    snapshot = cache.snapshot(session, networks)
    outcome = snapshot.index.search(query, neighbourhood=neighbourhood, now=now, filters=filters)
    shown_ids = [hit.doc.id for hit in outcome.hits[:shown]] + [hit.doc.id for hit in outcome.alternatives]
    cards = {doc_id: snapshot.offerings[doc_id] for doc_id in shown_ids if doc_id in snapshot.offerings}
    return ReferralAnswer(
        outcome, cards, show_network=len(networks) > 1, memo=snapshot.memo, searched=len(snapshot.index)
    )
