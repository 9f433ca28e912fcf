"""Timeouts and health: a held lock never stalls a request or the health check (issue 13, step 1)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from plugin.app import create_app, shutdown
from plugin.config import Settings, load_settings
from plugin.errors import DATABASE_DOWN
from storage.db import Database, Timeouts, normalise_database_url
from storage.migrate import head_revision, upgrade
from tests.conftest import SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import plan_meeting


@contextmanager
def table_locked(database_url: str, table: str) -> Iterator[None]:
    """Another session holds a lock on `table` (PostgreSQL) or the write lock (SQLite) meanwhile."""
    url = make_url(normalise_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database or "", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        trans = conn.begin()
        conn.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            trans.rollback()
    engine.dispose()


def quick_app(settings: Settings) -> Flask:
    quick = replace(settings, db_lock_timeout_ms=300, db_statement_timeout_ms=2_000, sqlite_busy_timeout_ms=300)
    app = create_app(quick)
    app.config["TESTING"] = True
    return app


def test_settings_read_the_timeouts_from_the_environment() -> None:
    settings = load_settings(
        {"DATABASE_STATEMENT_TIMEOUT_MS": "7000", "DATABASE_LOCK_TIMEOUT_MS": "2000", "SLACK_TIMEOUT_SECONDS": "1.5"}
    )
    assert (settings.db_statement_timeout_ms, settings.db_lock_timeout_ms) == (7000, 2000)
    assert settings.slack_timeout_seconds == 1.5
    assert load_settings({}).db_lock_timeout_ms == 3000


def test_a_held_lock_gets_the_dutch_apology_quickly_and_healthz_still_answers(
    settings: Settings, fake_slack: FakeSlack, db: Database
) -> None:
    app = quick_app(settings)
    try:
        slack = CheckedDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
        plan_meeting(slack, fake_slack, db)
        with table_locked(settings.database_url, "action_items"):
            started = time.monotonic()
            response = slack.command("/actie", "flyer rondsturen", user="UTREKKER")
            took = time.monotonic() - started
            assert response.status_code == 200
            assert response.get_json()["text"] == DATABASE_DOWN
            assert took < 3, took
            started = time.monotonic()
            health = app.test_client().get("/healthz")
            assert time.monotonic() - started < 3
        if not settings.database_url.startswith("sqlite"):
            assert health.status_code == 200  # reads are not blocked by a lock on another table
        # once the lock is gone, the same command works
        assert "Actiepunt genoteerd" in slack.command("/actie", "flyer rondsturen", user="UTREKKER").get_json()["text"]
    finally:
        shutdown(app)


def test_a_statement_that_runs_too_long_is_cancelled_on_postgresql(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite"):
        return  # SQLite has no statement timeout; its busy timeout is tested above
    database = Database(settings.database_url, timeouts=Timeouts(statement_ms=200))
    try:
        started = time.monotonic()
        try:
            with database.transaction() as session:
                session.execute(text("SELECT pg_sleep(5)"))
        except Exception as error:  # noqa: BLE001 - the driver's QueryCanceled, wrapped by SQLAlchemy
            assert "statement timeout" in str(error)
        else:
            raise AssertionError("the statement was not cancelled")
        assert time.monotonic() - started < 2
    finally:
        database.dispose()


def test_healthz_is_503_on_an_empty_database_and_200_once_migrated(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app(replace(settings, database_url=empty))
    try:
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        body = response.get_json()
        assert body["database"] is True
        assert (body["schema_revision"], body["newest_revision"]) == (None, head_revision())
        upgrade(empty, "0005")
        assert app.test_client().get("/healthz").status_code == 503
        upgrade(empty)
        assert app.test_client().get("/healthz").get_json() == {"status": "ok", "database": True}
    finally:
        shutdown(app)
    assert head_revision()


def test_healthz_answers_while_the_pool_is_exhausted(settings: Settings) -> None:
    app = create_app(settings)
    db = app.extensions["lerend_netwerk.db"]
    held = [db.engine.connect() for _ in range(db.engine.pool.size() + getattr(db.engine.pool, "_max_overflow", 0))]
    try:
        result: dict[str, object] = {}

        def check() -> None:
            result["response"] = app.test_client().get("/healthz")

        worker = threading.Thread(target=check)
        worker.start()
        worker.join(timeout=5)
        assert not worker.is_alive(), "/healthz hung on the app's exhausted pool"
        assert result["response"].status_code == 200  # type: ignore[attr-defined]
    finally:
        for conn in held:
            conn.close()
        shutdown(app)
