"""Per-process search caches are bounded (least recently used first), drop a city network's old link
set when its links change, and count their hits and misses (issue 18)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from plugin.app import create_app, shutdown
from plugin.config import ConfigError, Settings, load_settings
from plugin.warmup import warm_search_caches
from storage import catalog
from storage.db import Database
from storage.models import Network
from storage.networks import bump_catalog_version, create_network
from storage.search_index import SearchIndexCache, search_scope
from storage.versioned_cache import VersionedCache
from tests.conftest import SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver


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
    assert load_settings({}).search_cache_size == 32
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


def test_warming_builds_at_most_the_cache_size_and_stops_when_asked(db: Database, social_map: dict[str, int]) -> None:
    with db.transaction() as session:
        for k in range(3):
            create_network(session, team_id="T9", name=f"Wijk {k}", coordinator_user_id="U9")
    cache = SearchIndexCache(max_size=2)
    assert warm_search_caches(db, cache, limit=2, stop=threading.Event()) == 2
    assert cache.stats() == {"hits": 0, "misses": 2, "size": 2}
    stopped = threading.Event()
    stopped.set()
    assert warm_search_caches(db, SearchIndexCache(), limit=10, stop=stopped) == 0


def test_the_app_warms_its_search_cache_at_start_so_the_first_question_finds_it_built(
    settings: Settings, fake_slack: FakeSlack, social_map: dict[str, int]
) -> None:
    assert load_settings({}).warm_search_at_start
    assert not load_settings({"SEARCH_WARM_AT_START": "0"}).warm_search_at_start
    app = create_app(replace(settings, warm_search_at_start=True))
    try:
        cache: SearchIndexCache = app.extensions["lerend_netwerk.search"]
        deadline = time.monotonic() + 30
        while cache.stats()["size"] == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert cache.stats() == {"hits": 0, "misses": 1, "size": 1}
        slack = SlackDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
        body = slack.command("/verwijs", "laptop lenen", channel="C1").get_json()
        assert "Laptop ontlenen" in json.dumps(body["blocks"], ensure_ascii=False)
        assert cache.stats() == {"hits": 1, "misses": 1, "size": 1}  # served from the warmed index
    finally:
        shutdown(app)
