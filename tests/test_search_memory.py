"""A catalogue snapshot (index, offerings, rendered cards) lives until its catalogue changes, and is frozen
out of the cyclic garbage collector's way when built (storage.search_index). That is only sound while a
snapshot holds no reference cycles: a snapshot that is dropped (catalogue changed, or evicted by a busier
network) must be freed by reference counts alone, or every rebuild would leak its predecessor."""

from __future__ import annotations

import gc
import weakref

import pytest
from sqlalchemy import select

from plugin.views.referrals import results_message
from storage.base import utcnow
from storage.db import Database
from storage.models import Network
from storage.search_index import SearchIndexCache, find_referrals, search_scope


def test_a_dropped_snapshot_is_freed_by_reference_counts_alone(db: Database, social_map: dict[str, int]) -> None:
    cache = SearchIndexCache()
    now = utcnow()
    with db.transaction() as session:
        network = session.scalars(select(Network).where(Network.team_id == "T1")).one()
        scope = search_scope(session, network.id)
        answer = find_referrals(session, cache, scope, network.neighbourhood, "laptop lenen", now, 5)
        assert answer.outcome.hits  # something to render
        results_message("laptop lenen", answer.outcome, answer.offerings, now, memo=answer.memo)
        snapshot = cache.snapshot(session, scope)
    assert snapshot.memo  # the cards were kept with the snapshot
    assert gc.get_freeze_count() > 0  # built, then frozen
    refs = [weakref.ref(snapshot), weakref.ref(snapshot.index), *map(weakref.ref, snapshot.offerings.values())]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del snapshot, answer, cache
        assert [ref() for ref in refs] == [None] * len(refs)  # gone without any collector pass
    finally:
        if was_enabled:
            gc.enable()


def test_hits_are_made_only_when_read_and_behave_as_a_tuple() -> None:
    from domain.search.types import Hit, Hits, OfferingDoc

    made: list[int] = []

    def make(position: int) -> Hit:
        made.append(position)
        doc = OfferingDoc(id=str(position), name="Aanbod", description="", organisation="Bib", categories=())
        return Hit(doc=doc, score=10.0 - position, city_wide=False, matched_terms=())

    hits = Hits(100, make)
    assert len(hits) == 100 and made == []  # counted without making any
    first = hits[:5]
    assert [h.doc.id for h in first] == ["0", "1", "2", "3", "4"] and made == [0, 1, 2, 3, 4]
    assert hits[0] is first[0] and made == [0, 1, 2, 3, 4]  # made once
    assert hits[-1].doc.id == "99" and hits[98:200] == (hits[98], hits[99])
    assert hits == tuple(hits) and hits != () and Hits(0, make) == ()
    with pytest.raises(IndexError):
        hits[100]
