"""Engine and session factory. Built by the app factory, never at import time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

T = TypeVar("T")

# Defaults when the caller gives none (the app passes the values of plugin.config.Settings).
SQLITE_BUSY_TIMEOUT_MS = 10_000
HEALTH_TIMEOUT_MS = 1_000


@dataclass(frozen=True)
class Timeouts:
    """How long one statement may run and how long it may wait for a lock (PostgreSQL), and how long
    SQLite waits for the database file's write lock. None: no limit (migrations, benchmarks)."""

    statement_ms: int | None = None
    lock_ms: int | None = None
    busy_ms: int = SQLITE_BUSY_TIMEOUT_MS


def normalise_database_url(url: str) -> str:
    """Accept the usual `postgres://` / `postgresql://` forms and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(busy_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.close()

    return on_connect


def _postgres_options(timeouts: Timeouts) -> dict[str, Any]:
    """Session settings sent with the connection: every statement of every session is bounded."""
    options = []
    if timeouts.statement_ms:
        options.append(f"-c statement_timeout={int(timeouts.statement_ms)}")
    if timeouts.lock_ms:
        options.append(f"-c lock_timeout={int(timeouts.lock_ms)}")
    return {"options": " ".join(options)} if options else {}


def build_engine(
    database_url: str, timeouts: Timeouts | None = None, *, health: bool = False, quick_reads: bool = False
) -> Engine:
    """`health`: a pool-less engine whose connections give up within about a second (for /healthz).
    `quick_reads` (PostgreSQL): a small pool of connections in autocommit for single read statements,
    without the ping before each use (its caller tries a failed statement once more on a new connection)."""
    timeouts = timeouts or Timeouts()
    url = make_url(normalise_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        busy_ms = HEALTH_TIMEOUT_MS if health else timeouts.busy_ms
        extra: dict[str, Any] = {"poolclass": NullPool} if health else {}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_ms / 1000}, **extra)
        event.listen(engine, "connect", _sqlite_pragmas(busy_ms))
        return engine
    if health:
        quick = Timeouts(statement_ms=HEALTH_TIMEOUT_MS, lock_ms=HEALTH_TIMEOUT_MS)
        return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 2, **_postgres_options(quick)})
    if quick_reads:
        return create_engine(
            # each request thread takes one connection from it and keeps it (storage.tenants); the pool
            # opens those, and new ones after a failure
            url, pool_size=4, max_overflow=4, pool_reset_on_return=None, isolation_level="AUTOCOMMIT",
            connect_args=_postgres_options(timeouts),
        )  # fmt: skip
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=_postgres_options(timeouts)
    )


@dataclass(frozen=True)
class Health:
    database: bool
    revision: str | None


class Database:
    """One engine and its session factory; `transaction()` is the unit of work everyone uses."""

    def __init__(self, database_url: str, timeouts: Timeouts | None = None) -> None:
        self.url = normalise_database_url(database_url)
        self.timeouts = timeouts or Timeouts()
        self.engine = build_engine(self.url, self.timeouts)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._health_engine: Engine | None = None
        self._quick_engine: Engine | None = None

    @property
    def quick_reads(self) -> Engine:
        """The engine for one read statement per request (storage.tenants): on PostgreSQL connections of
        its own in autocommit, not pinged before each use (a ping is a round trip: as much as the statement);
        on SQLite the one engine (it pings nothing)."""
        if self.engine.dialect.name != "postgresql":
            return self.engine
        if self._quick_engine is None:
            self._quick_engine = build_engine(self.url, self.timeouts, quick_reads=True)
        return self._quick_engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back on any exception: the one place data is committed."""
        with self.sessions.begin() as session:
            yield session

    def retrying(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """Run `work` in a transaction; when a unique constraint says a concurrent request got there
        first, run it again in a fresh transaction (it then reads what the other one committed)."""
        for attempt in range(attempts):
            try:
                with self.transaction() as session:
                    return work(session)
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def answers(self) -> bool:
        return self.health().database

    def health(self) -> Health:
        """Whether the database answers and at which migration, on a connection of its own that gives
        up within about a second: a stalled pool or a held lock never makes the health check hang."""
        if self._health_engine is None:
            self._health_engine = build_engine(self.url, health=True)
        try:
            with self._health_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                from alembic.runtime.migration import MigrationContext

                revision = MigrationContext.configure(conn).get_current_revision()
            return Health(database=True, revision=revision)
        except Exception:
            return Health(database=False, revision=None)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._health_engine is not None:
            self._health_engine.dispose()
        if self._quick_engine is not None:
            self._quick_engine.dispose()

    def __deepcopy__(self, memo: dict[int, object]) -> Database:
        """Bolt deep-copies its context for lazy listeners; a database handle is shared, not copied."""
        return self
