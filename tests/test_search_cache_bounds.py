"""Per-process search caches are bounded (least recently used first), drop a city network's old link
set when its links change, and count their hits and misses (issue 18)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from plugin.config import ConfigError, load_settings
from storage import catalog
from storage.db import Database
from storage.models import Network
from storage.networks import bump_catalog_version, create_network
from storage.search_index import SearchIndexCache, search_scope
from storage.versioned_cache import VersionedCache


def test_least_recently_used_entry_goes_first_and_stats_count_hits_and_misses() -> None:
    cache: VersionedCache[int, str] = VersionedCache(max_size=2)
    built: list[int] = []

    def build(key: int) -> str:
        built.append(key)
        return f"v{key}"

    assert cache.get(1, 0, lambda: build(1)) == "v1"
    assert cache.get(2, 0, lambda: build(2)) == "v2"
    assert cache.get(1, 0, lambda: build(1)) == "v1"  # hit: 1 is now the most recently used
    assert cache.get(3, 0, lambda: build(3)) == "v3"  # drops 2, not 1
    assert cache.get(1, 0, lambda: build(1)) == "v1"
    assert cache.get(2, 0, lambda: build(2)) == "v2"  # rebuilt
    assert built == [1, 2, 3, 2]
    assert cache.stats() == {"hits": 2, "misses": 4, "size": 2}
    assert cache.get(2, 1, lambda: build(2)) == "v2"  # a new version rebuilds in place
    assert built == [1, 2, 3, 2, 2] and cache.stats()["size"] == 2


def test_cache_size_comes_from_the_environment() -> None:
    assert load_settings({}).search_cache_size == 128
    assert load_settings({"SEARCH_CACHE_SIZE": "7"}).search_cache_size == 7
    for wrong in ("0", "-3", "veel"):
        with pytest.raises(ConfigError):
            load_settings({"SEARCH_CACHE_SIZE": wrong})


def test_a_city_networks_old_link_set_is_dropped_when_a_neighbourhood_is_linked(
    db: Database, social_map: dict[str, int]
) -> None:
    cache = SearchIndexCache(max_size=8)
    with db.transaction() as session:
        city = create_network(session, team_id="T1", name="Stad Antwerpen", coordinator_user_id="USTAD")
        city.is_city_wide = True
        city_id = city.id
    with db.transaction() as session:
        before = cache.snapshot(session, search_scope(session, city_id))
    assert before.offerings == {}
    with db.transaction() as session:
        borgerhout = session.scalars(select(Network).where(Network.name == "Lerend netwerk Borgerhout")).one()
        borgerhout.city_network_id = city_id
    with db.transaction() as session:
        after = cache.snapshot(session, search_scope(session, city_id))
    assert str(social_map["laptop"]) in after.offerings  # the new link set is searched at once
    assert cache.stats() == {"hits": 0, "misses": 2, "size": 1}  # and the old one is gone
    with db.transaction() as session:
        cache.snapshot(session, search_scope(session, city_id))
        assert cache.stats() == {"hits": 1, "misses": 2, "size": 1}
        own = session.scalars(select(Network).where(Network.name == "Lerend netwerk Borgerhout")).one()
        cache.snapshot(session, search_scope(session, own.id))
    assert cache.stats()["size"] == 2


def test_many_networks_never_hold_more_scopes_than_the_configured_size(db: Database) -> None:
    cache = SearchIndexCache(max_size=3)
    ids = []
    with db.transaction() as session:
        for k in range(6):
            network = create_network(session, team_id="T9", name=f"Wijk {k}", coordinator_user_id="U9")
            org = catalog.get_or_create_organisation(session, network.id, f"Partner {k}")
            catalog.add_offering(session, network.id, org, hsds_id="", name=f"Taalcafé {k}",
                                 description="Nederlands oefenen.", categories=["taal"], area=None)  # fmt: skip
            bump_catalog_version(session, network.id)
            ids.append(network.id)
    for network_id in ids:
        with db.transaction() as session:
            snapshot = cache.snapshot(session, search_scope(session, network_id))
            assert [o.name for o in snapshot.offerings.values()] == [f"Taalcafé {ids.index(network_id)}"]
    assert cache.stats() == {"hits": 0, "misses": 6, "size": 3}
