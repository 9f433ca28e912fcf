"""The lean request path (issue 18) stays true across app instances: two apps on one database (the
SQLite file, or PostgreSQL with TEST_DATABASE_URL) each keep their tenant, search index and result
cards in memory; after every kind of change made through the other instance (or any process), the
next request of each instance answers from the new state."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, event, select, text

from domain.referral_outcomes import HELPED, OFTEN_HELPED_WINDOW
from plugin.app import create_app, shutdown
from plugin.config import Settings, load_settings
from plugin.views.offerings import OFTEN_HELPED_MARK
from storage import catalog, public_map, referral_outcomes
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, NetworkChannel, Offering
from storage.network_links import link_to_city, make_city_wide
from storage.networks import bind_channel, bump_catalog_version, create_network, ensure_member, set_coordinator
from storage.referral_outcomes import OftenHelpedCache
from storage.tenants import TenantCache
from tests.conftest import COORDINATOR, SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver


@pytest.fixture
def apps(settings: Settings) -> Iterator[list[Flask]]:
    pair = [create_app(settings), create_app(replace(settings))]
    yield pair
    for app in pair:
        shutdown(app)


@pytest.fixture
def drivers(apps: list[Flask], fake_slack: FakeSlack) -> list[SlackDriver]:
    return [SlackDriver(a.test_client(), SIGNING_SECRET, fake_slack.response_url()) for a in apps]


def answer(driver: SlackDriver, command: str, text: str, channel: str = "C1", user: str = "UBIB") -> str:
    response = driver.command(command, text, channel=channel, user=user)
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False) if response.is_json else response.get_data(True)


def offered(driver: SlackDriver, query: str, offering_id: int, channel: str = "C1") -> bool:
    return f'"value": "{offering_id}"' in answer(driver, "/verwijs", query, channel)


def both(drivers: list[SlackDriver], query: str, offering_id: int, channel: str = "C1") -> list[bool]:
    return [offered(d, query, offering_id, channel) for d in drivers]


def test_offering_saved_paused_and_deleted_is_seen_by_both_instances_at_once(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    laptop = social_map["laptop"]
    assert both(drivers, "laptop lenen", laptop) == [True, True]  # both have it in memory now
    with db.transaction() as session:  # saved (renamed) through "another instance"
        offering = session.get_one(Offering, laptop)
        catalog.update_offering(session, offering, name="Fietsherstelling", description="We herstellen je fiets.")
    assert both(drivers, "fiets herstellen", laptop) == [True, True]
    with db.transaction() as session:
        catalog.set_status(session, session.get_one(Offering, laptop), "paused")
    assert both(drivers, "fiets herstellen", laptop) == [False, False]
    with db.transaction() as session:
        catalog.set_status(session, session.get_one(Offering, laptop), "active")
    assert both(drivers, "fiets herstellen", laptop) == [True, True]
    with db.transaction() as session:
        offering = session.get_one(Offering, laptop)
        network_id = offering.network_id
        session.delete(offering)
        session.flush()
        bump_catalog_version(session, network_id)
    assert both(drivers, "fiets herstellen", laptop) == [False, False]


def test_linking_and_unlinking_a_neighbourhood_is_seen_by_the_city_network_on_both_instances(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    with db.transaction() as session:
        city = create_network(session, team_id="T1", name="Stad Antwerpen", coordinator_user_id="USTAD",
                              channel_id="CSTAD")  # fmt: skip
        make_city_wide(session, city.id)
        ensure_member(session, city, "UBIB")
        city_id = city.id
        borgerhout = session.scalars(select(Network).where(Network.name == "Lerend netwerk Borgerhout")).one()
        borgerhout_id = borgerhout.id
    laptop = social_map["laptop"]
    assert both(drivers, "laptop lenen", laptop, "CSTAD") == [False, False]
    with db.transaction() as session:
        link_to_city(session, borgerhout_id, city_id)
    assert both(drivers, "laptop lenen", laptop, "CSTAD") == [True, True]
    # the city's results name the neighbourhood: renaming it is seen at once too
    assert all("Lerend netwerk Borgerhout" in answer(d, "/verwijs", "laptop lenen", "CSTAD") for d in drivers)
    with db.transaction() as session:
        session.get_one(Network, borgerhout_id).name = "Lerend netwerk Borgerhout-Noord"
    assert all("Borgerhout-Noord" in answer(d, "/verwijs", "laptop lenen", "CSTAD") for d in drivers)
    with db.transaction() as session:
        link_to_city(session, borgerhout_id, None)
    assert both(drivers, "laptop lenen", laptop, "CSTAD") == [False, False]
    assert both(drivers, "laptop lenen", laptop) == [True, True]  # its own channel still finds it


def test_channel_bound_to_another_network_is_seen_by_both_instances(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    with db.transaction() as session:
        other = create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UDEURNE",
                               neighbourhood="Deurne")  # fmt: skip
        org = catalog.get_or_create_organisation(session, other.id, "Buurtwerk Deurne")
        fiets = catalog.add_offering(
            session, other.id, org, hsds_id="", name="Fietsherstelling", description="We herstellen je fiets.",
            categories=["toestel-en-internet"], languages=["nl"], location_kind="address", address="Straat 1",
            area="Deurne",
        )  # fmt: skip
        other_id, fiets_id = other.id, fiets.id
    laptop = social_map["laptop"]
    assert both(drivers, "laptop lenen", laptop) == [True, True]
    assert both(drivers, "fiets herstellen", fiets_id) == [False, False]
    with db.transaction() as session:
        bind_channel(session, session.get_one(Network, other_id), "C1")
    assert both(drivers, "fiets herstellen", fiets_id) == [True, True]
    assert both(drivers, "laptop lenen", laptop) == [False, False]


def test_coordinator_handed_over_and_network_renamed_are_seen_by_both_instances(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    for d in drivers:
        shown = answer(d, "/netwerk", "", user="UBIB")
        assert "Lerend netwerk Borgerhout" in shown and f"<@{COORDINATOR}>" in shown
    with db.transaction() as session:
        network_id = session.scalars(select(Network.id).where(Network.team_id == "T1")).one()
        set_coordinator(session, network_id, "UNIEUW")
        session.get_one(Network, network_id).name = "Lerend netwerk Borgerhout-Zuid"
    for d in drivers:
        shown = answer(d, "/netwerk", "", user="UBIB")
        assert "Borgerhout-Zuid" in shown and "<@UNIEUW>" in shown and f"<@{COORDINATOR}>" not in shown


def test_public_page_switched_on_and_off_is_seen_in_the_slip_link_of_both_instances(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    assert not any("briefje" in answer(d, "/verwijs", "laptop lenen") for d in drivers)
    with db.transaction() as session:
        network_id = session.scalars(select(Network.id).where(Network.team_id == "T1")).one()
        public_map.set_public(session, network_id, True, COORDINATOR)
    assert all("briefje" in answer(d, "/verwijs", "laptop lenen") for d in drivers)
    with db.transaction() as session:
        public_map.set_public(session, network_id, False, COORDINATOR)
    assert not any("briefje" in answer(d, "/verwijs", "laptop lenen") for d in drivers)


def _answer_helped(db: Database, offering_id: int, times: int, when: datetime) -> None:
    """`times` referrals to the offering, each answered *Geholpen* at `when` (as the DM's button does)."""
    with db.transaction() as session:
        offering = session.get_one(Offering, offering_id)
        for _ in range(times):
            referral = catalog.record_referral(
                session, offering.network_id, offering, from_user_id="UBIB", category=None, note=None
            )
            session.flush()
            assert referral_outcomes.set_outcome(session, referral.id, HELPED, "UCAW", when)


def test_an_answer_given_through_another_instance_marks_vaak_geholpen_on_both_at_once(
    db: Database, social_map: dict[str, int], drivers: list[SlackDriver]
) -> None:
    laptop = social_map["laptop"]
    assert [OFTEN_HELPED_MARK in answer(d, "/verwijs", "laptop lenen") for d in drivers] == [False, False]
    _answer_helped(db, laptop, 4, utcnow())  # four answers say nothing yet
    assert [OFTEN_HELPED_MARK in answer(d, "/verwijs", "laptop lenen") for d in drivers] == [False, False]
    _answer_helped(db, laptop, 1, utcnow())  # the fifth: both instances show it on their next request
    assert [OFTEN_HELPED_MARK in answer(d, "/verwijs", "laptop lenen") for d in drivers] == [True, True]


def test_vaak_geholpen_goes_when_the_answers_leave_the_window_without_any_change(db: Database) -> None:
    cache = OftenHelpedCache()
    with db.transaction() as session:
        network = create_network(session, team_id="T1", name="Netwerk", coordinator_user_id="U", channel_id="CW")
        org = catalog.get_or_create_organisation(session, network.id, "Bib")
        offering = catalog.add_offering(
            session, network.id, org, name="Laptops lenen", description="Leen een laptop.", hsds_id="svc-w"
        )
        offering_id, network_id = offering.id, network.id
    answered = datetime(2026, 6, 1, 10, tzinfo=UTC)
    _answer_helped(db, offering_id, 5, answered)
    with db.transaction() as session:
        scope = [session.get_one(Network, network_id)]
        assert cache.of(session, scope, answered + timedelta(days=1)) == {offering_id}
        assert cache.of(session, scope, answered + timedelta(days=2)) == {offering_id}
        assert cache.stats()["misses"] == 1  # nothing changed: from memory
        leaves = answered + OFTEN_HELPED_WINDOW
        assert cache.of(session, scope, leaves) == {offering_id}  # the window's last moment
        assert cache.stats()["misses"] == 1
        assert cache.of(session, scope, leaves + timedelta(seconds=1)) == frozenset()  # counted again: too old


def test_tenant_cache_is_bounded_checked_by_one_statement_and_forgets_unbound_channels(
    db: Database, social_map: dict[str, int]
) -> None:
    tenants = TenantCache(db.engine, max_size=2)
    with db.transaction() as session:
        for k in range(3):
            create_network(session, team_id="T1", name=f"Netwerk {k}", coordinator_user_id="U", channel_id=f"CN{k}")
    first = tenants.of_channel("T1", "C1")
    assert first is not None and first.network.name == "Lerend netwerk Borgerhout"
    assert tenants.of_channel("T1", "C1") is first  # the same rows: served from memory
    for k in range(3):
        found = tenants.of_channel("T1", f"CN{k}")
        assert found is not None and found.network.name == f"Netwerk {k}"
    assert tenants.stats() == {"hits": 1, "misses": 4, "size": 2}  # least recently used went first
    assert tenants.of_channel("T1", "CNIETS") is None  # not bound: resolved the long way
    with db.transaction() as session:
        network_id = session.scalars(select(Network.id).where(Network.name == "Lerend netwerk Borgerhout")).one()
        set_coordinator(session, network_id, "UANDER")
    again = tenants.of_channel("T1", "C1")
    assert again is not None and again is not first and again.network.coordinator_user_id == "UANDER"
    assert tenants.stats()["size"] == 2
    with db.transaction() as session:  # the channel is no longer bound: its entry goes
        session.execute(delete(NetworkChannel).where(NetworkChannel.channel_id == "C1"))
    assert tenants.of_channel("T1", "C1") is None
    assert tenants.stats()["size"] == 1


def test_tenant_cache_size_comes_from_the_environment() -> None:
    assert load_settings({}).tenant_cache_size == 1024
    assert load_settings({"TENANT_CACHE_SIZE": "5"}).tenant_cache_size == 5


def test_a_dropped_quick_read_connection_is_replaced_and_the_statement_answers(
    db: Database, social_map: dict[str, int]
) -> None:
    """The tenant statement's pool pings nothing before use (storage.db.Database.quick_reads): when the server
    has dropped its connections (a restart), the first one fails, the pool's others go with it, and the
    statement answers on a new connection."""
    tenants = TenantCache(db.engine, statement_engine=db.quick_reads)
    assert tenants.of_channel("T1", "C1") is not None  # a pooled connection now exists
    if db.engine.dialect.name == "postgresql":
        held = [db.quick_reads.raw_connection() for _ in range(3)]  # as after requests in several threads
        for raw in held:
            raw.close()  # back to the pool: three connections wait there
        assert db.quick_reads is not db.engine and db.quick_reads.pool.checkedin() >= 3
        with db.engine.connect() as conn:  # the server ends every other session of this database
            ended = conn.execute(
                text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")  # fmt: skip
            ).scalar_one()
        assert ended >= 1
    else:
        assert db.quick_reads is db.engine  # SQLite: one engine, nothing pinged
    found = tenants.of_channel("T1", "C1")
    assert found is not None and found.network.name == "Lerend netwerk Borgerhout"


def test_a_reading_session_is_kept_per_thread_only_while_it_holds_nothing(
    db: Database, social_map: dict[str, int]
) -> None:
    tenants = TenantCache(db.engine)
    with tenants.reading() as first:
        with tenants.reading() as inner:  # the thread's session is in use: another one
            assert inner is not first
    with tenants.reading() as again:
        assert again is first or again is inner  # did nothing: kept for the thread's next answer
        offering = again.scalars(select(Offering).limit(1)).one()
        assert again.in_transaction() and len(again.identity_map) == 1
    assert not again.in_transaction() and len(again.identity_map) == 0  # ran a statement: closed
    assert offering not in again  # what it read is detached, as from any closed session
    with tenants.reading() as fresh:
        assert fresh is again and not fresh.in_transaction()
    with pytest.raises(RuntimeError), tenants.reading() as failing:
        failing.scalars(select(Offering).limit(1)).one()
        raise RuntimeError("stuk")
    assert not failing.in_transaction()
    other: list[object] = []

    def read_elsewhere() -> None:
        with tenants.reading() as session:
            other.append(session)

    thread = threading.Thread(target=read_elsewhere)
    thread.start()
    thread.join()
    assert other[0] is not fresh  # each thread its own


def _closed(connection: Any) -> bool:
    """Whether a database driver's connection (sqlite3 or psycopg) is closed."""
    if hasattr(connection, "closed"):  # psycopg
        return bool(connection.closed)
    try:
        connection.execute("SELECT 1")
    except Exception:  # sqlite3: "Cannot operate on a closed database"
        return True
    return False


def test_a_request_thread_keeps_one_connection_for_the_tenant_statement_and_gives_it_back(
    db: Database, social_map: dict[str, int]
) -> None:
    """The statement runs on the thread's own connection, taken from the pool once: not checked out and in
    again for every request. A thread that ends closes its own; `close()` (at shutdown) closes them all."""
    statement_engine = db.quick_reads
    taken: list[Any] = []
    checkouts: list[int] = []
    event.listen(statement_engine.pool, "detach", lambda dbapi, record: taken.append(dbapi))
    event.listen(statement_engine.pool, "checkout", lambda dbapi, record, proxy: checkouts.append(1))
    tenants = TenantCache(db.engine, statement_engine=statement_engine)
    for _ in range(5):
        found = tenants.of_channel("T1", "C1")
        assert found is not None and found.network.name == "Lerend netwerk Borgerhout"
    assert len(checkouts) == 1 and len(taken) == 1  # one connection for the thread's five requests
    assert statement_engine.pool.checkedout() == 0  # it is the thread's, not the pool's

    def elsewhere() -> None:
        assert tenants.of_channel("T1", "C1") is not None

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    gc.collect()
    assert len(taken) == 2 and taken[1] is not taken[0]  # each thread its own
    assert _closed(taken[1]) and not _closed(taken[0])  # the ended thread's is closed
    tenants.close()
    assert _closed(taken[0])
    again = tenants.of_channel("T1", "C1")  # after close(): a new connection, the same answer
    assert again is not None and again.network.name == "Lerend netwerk Borgerhout"
    assert len(taken) == 3 and not _closed(taken[2])
    tenants.close()


def test_shutdown_closes_the_request_threads_tenant_connections(settings: Settings, fake_slack: FakeSlack) -> None:
    app = create_app(settings)
    db: Database = app.extensions["lerend_netwerk.db"]
    taken: list[Any] = []
    event.listen(db.quick_reads.pool, "detach", lambda dbapi, record: taken.append(dbapi))
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="U", channel_id="C9")
    driver = SlackDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
    assert driver.command("/verwijs", "laptop", channel="C9").status_code == 200
    assert len(taken) == 1 and not _closed(taken[0])
    shutdown(app)
    assert _closed(taken[0])
