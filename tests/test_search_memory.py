"""A catalogue snapshot (index, offerings, rendered cards) lives until its catalogue changes, and is frozen
out of the cyclic garbage collector's way when built (storage.search_index). That is only sound while a
snapshot holds no reference cycles: a snapshot that is dropped (catalogue changed, or evicted by a busier
network) must be freed by reference counts alone, or every rebuild would leak its predecessor."""

from __future__ import annotations

import gc
import weakref

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
