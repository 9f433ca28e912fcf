"""The request's tenant in one statement: the network a channel is bound to, its search scope (a city
network's linked neighbourhoods) and whether its public page is on (issue 18).

Every `/verwijs` (and every other request in a bound channel) needs the same few facts. They are read
with ONE small statement — no ORM objects, no transaction of its own — that returns the rows of the
whole scope, their catalogue and knowledge versions and the public page. The rows are the version:
a per-process cache (least recently used, bounded) keeps what was built from them, and serves it
again only while the rows read now are equal. A change made through any instance (the network
renamed, a coordinator handed over, a neighbourhood linked or unlinked, the channel bound to another
network, an offering saved, the public page switched) changes a row, so the next request everywhere
builds the tenant anew. Nothing is ever served from memory without that statement.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, literal_column, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from storage.models import Network, NetworkChannel
from storage.networks import NetworkRef
from storage.versioned_cache import DEFAULT_SIZE, VersionedCache
from storage.web_models import PublicMap

_COLUMNS = (
    Network.id, Network.team_id, Network.name, Network.neighbourhood, Network.is_city_wide, Network.city_network_id,
    Network.coordinator_user_id, Network.announce_channel_id, Network.members_may_post_agenda,
    Network.catalog_version, Network.knowledge_version, Network.outcomes_version, PublicMap.slug, PublicMap.enabled,
)  # fmt: skip


def _scope_part(link: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The networks `link` ties to the channel's bound network, with their public pages: found by index."""
    return (
        select(NetworkChannel.network_id.label("bound"), *_COLUMNS)
        .join(Network, link)
        .outerjoin(PublicMap, PublicMap.network_id == Network.id)
        .where(NetworkChannel.team_id == bindparam("team_id"), NetworkChannel.channel_id == bindparam("channel_id"))
    )


# The bound network, then every network linked to it (a city network's neighbourhoods), each by index (the
# primary key; ix_networks_city_network_id): built once, compiled once.
_TENANT = union_all(
    _scope_part(Network.id == NetworkChannel.network_id),
    _scope_part(Network.city_network_id == NetworkChannel.network_id),
).order_by(literal_column("2"))  # the network id, the second column

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Tenant:
    """What a request in a bound channel works with. `scope` holds detached, read-only copies of the
    scope's networks (the request's own first), as `storage.networks.search_scope` would return them."""

    network: NetworkRef
    scope: tuple[Network, ...]
    public_slug: str | None

    def __deepcopy__(self, memo: dict[int, object]) -> Tenant:
        return self  # read only; Bolt deep-copies the context for lazy listeners


def _detached(row: Row) -> Network:
    (_bound, id_, team_id, name, neighbourhood, city_wide, city_id, coordinator, announce, may_post,
     catalog_version, knowledge_version, outcomes_version, _slug, _enabled) = row  # fmt: skip
    return Network(
        id=id_, team_id=team_id, name=name, neighbourhood=neighbourhood, is_city_wide=bool(city_wide),
        city_network_id=city_id, coordinator_user_id=coordinator, announce_channel_id=announce,
        members_may_post_agenda=bool(may_post), catalog_version=catalog_version,
        knowledge_version=knowledge_version, outcomes_version=outcomes_version,
    )  # fmt: skip


def _build(rows: Sequence[Row]) -> Tenant | None:
    bound = rows[0][0]
    own_row = next((r for r in rows if r[1] == bound), None)
    if own_row is None:
        return None
    own = _detached(own_row)
    scope = [own, *(_detached(r) for r in rows if r[1] != bound)] if own.is_city_wide else [own]
    slug = own_row[13] if own_row[14] else None
    return Tenant(NetworkRef.of(own), tuple(scope), slug)


class _Statement:
    """A request thread's own connection for the tenant statement, and its cursor. Taken from the pool once
    and kept by the thread, outside the pool (detached): checking a connection out and back in for every
    request cost about as much as the statement. Closed when it fails, by `TenantCache.close()`, or when
    its thread ends (the thread's locals go, and with them this)."""

    __slots__ = ("__weakref__", "connection", "cursor", "open")

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.cursor = connection.cursor()
        self.open = True

    def close(self) -> None:
        self.open = False
        try:
            self.connection.close()
        except Exception:  # gone already (the server restarted): closed is all that is asked
            pass

    def __del__(self) -> None:
        self.close()


class TenantCache:
    """Per process, per (workspace, channel): the tenant built from the rows it was read from. Bounded
    (least recently used first); an entry whose rows changed is replaced, one whose channel is no longer
    bound is never served (the statement returns nothing for it)."""

    def __init__(self, engine: Engine, max_size: int = DEFAULT_SIZE, *, statement_engine: Engine | None = None) -> None:
        """`engine` serves `reading()`; `statement_engine` (default: `engine`) the tenant's one statement
        (storage.db.Database.quick_reads)."""
        # one statement, no transaction around it (no BEGIN/ROLLBACK round trips on PostgreSQL)
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._statement_engine = statement_engine or engine
        self._own_pool = statement_engine is not None and statement_engine is not engine
        # compiled once for this database: each request sends the SQL as it is, with its two values
        compiled = _TENANT.compile(dialect=engine.dialect)
        self._sql = compiled.string
        self._order = tuple(compiled.positiontup or ()) if compiled.positional else None
        self._postgres = engine.dialect.name == "postgresql"
        self._dbapi_error: type[Exception] = engine.dialect.loaded_dbapi.Error
        self._entries: VersionedCache[tuple[str, str], Tenant | None] = VersionedCache(max_size)
        self._idle = threading.local()  # per thread: its reading() session when not in use; its _Statement
        self._statements: weakref.WeakSet[_Statement] = weakref.WeakSet()  # every thread's, for close()
        self._statements_lock = threading.Lock()

    def __deepcopy__(self, memo: dict[int, object]) -> TenantCache:
        return self

    def of_channel(self, team_id: str, channel_id: str) -> Tenant | None:
        """The tenant of a bound channel, or None (not bound: the caller resolves it the long way)."""
        values = {"team_id": team_id, "channel_id": channel_id}
        params = tuple(values[name] for name in self._order) if self._order is not None else values
        rows = self._read(params)
        if not rows:
            self._entries.discard((team_id, channel_id))  # unbound (or never bound): nothing kept for it
            return None
        return self._entries.get((team_id, channel_id), rows, lambda: _build(rows))

    def _read(self, params: tuple[Any, ...] | dict[str, Any]) -> tuple[Row, ...]:
        """The statement on the thread's own connection, straight through the database driver: SQLAlchemy's
        execution machinery costs ten times the statement itself here. On PostgreSQL that connection is in
        autocommit (no transaction to open or roll back). A connection that fails (the database restarted
        since it was opened: nothing pings it) is closed, and on PostgreSQL the quick pool's idle connections
        go too, as they are as old; the statement is tried once more on a new one."""
        try:
            return self._read_once(params)
        except DBAPIError:
            if self._own_pool:
                self._statement_engine.dispose()  # the idle connections go; those in use close when returned
            return self._read_once(params)

    def _read_once(self, params: tuple[Any, ...] | dict[str, Any]) -> tuple[Row, ...]:
        held = self._statement()
        try:
            held.cursor.execute(self._sql, params)
            return tuple(tuple(r) for r in held.cursor.fetchall())
        except BaseException as exc:
            held.close()  # in an unknown state: the next statement opens another (`_statement`)
            if isinstance(exc, self._dbapi_error):  # raised as SQLAlchemy raises it, for the app's error handling
                raise DBAPIError.instance(self._sql, params, exc, self._dbapi_error) from exc
            raise

    def _statement(self) -> _Statement:
        held: _Statement | None = getattr(self._idle, "statement", None)
        if held is not None and held.open:
            return held
        try:
            raw = self._statement_engine.raw_connection()
        except self._dbapi_error as exc:  # the database does not answer: as SQLAlchemy raises it
            raise DBAPIError.instance(None, None, exc, self._dbapi_error) from exc
        driver: Any = raw.driver_connection
        raw.detach()  # the thread's from now on: the pool neither counts it nor closes it
        try:
            if self._postgres:
                driver.autocommit = True
            held = self._idle.statement = _Statement(driver)
        except BaseException:
            driver.close()  # no one else would
            raise
        with self._statements_lock:
            self._statements.add(held)
        return held

    def close(self) -> None:
        """Close every thread's statement connection (at shutdown: the pool's `dispose` does not reach them).
        A thread that asks again afterwards opens a new one."""
        with self._statements_lock:
            held = list(self._statements)
        for statement in held:
            statement.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads, its statements run without a transaction around them (no BEGIN and
        COMMIT round trips): for an answer such as `/verwijs` that changes nothing. It takes a pooled
        connection only when a statement runs (most answers come from the caches and run none).

        Each thread keeps one such session: making and closing a session costs more than most answers
        spend in it. One that ran a statement (or saw an error) is closed after the answer, as any session;
        one that did nothing is as new, and serves the thread's next answer."""
        session: Session | None = getattr(self._idle, "session", None)
        self._idle.session = None  # in use: a `reading()` inside this one makes its own
        if session is None:
            session = Session(bind=self._engine)
        try:
            yield session
        except BaseException:
            session.close()
            raise
        if session.in_transaction() or session.new or len(session.identity_map):
            session.close()  # a closed session starts afresh when used again
        self._idle.session = session

    def stats(self) -> dict[str, int]:
        return self._entries.stats()
