"""The outbox's rows: stored with the change they announce, claimed by one deliverer at a time.

`want` is called inside the transaction of the change (an offering saved, a meeting planned, a check
mark); plugin.delivery claims a row, talks to Slack outside any transaction, and records the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Network
from storage.outbox_models import OutboxMessage

PENDING, SENT, FAILED = "pending", "sent", "failed"


@dataclass(frozen=True)
class Claimed:
    """A detached copy of a claimed row: what the deliverer needs outside the transaction."""

    id: int
    network_id: int
    team_id: str
    key: str
    kind: str
    subject_id: int | None
    channel_id: str
    thread_ts: str | None
    text: str | None
    blocks: list[dict[str, Any]] | None
    posted_channel_id: str | None
    message_ts: str | None
    version: int
    attempts: int
    failures: int
    tell_user_id: str | None
    created_at: datetime


def want(
    session: Session,
    network_id: int,
    *,
    key: str,
    kind: str,
    channel_id: str,
    subject_id: int | None = None,
    thread_ts: str | None = None,
    text: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    tell_user_id: str | None = None,
) -> int:
    """Store a message to deliver (once per key). A message showing its subject's current state
    (no `text`) that exists already is brought up to date instead (see `rearm`). Two transactions
    storing the same key at once store it once (the second waits for the first, then finds its row)."""
    row = find(session, network_id, key)
    if row is None:
        statement = (
            _insert(session)(OutboxMessage)
            .values(
                network_id=network_id,
                key=key,
                kind=kind,
                subject_id=subject_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                text=text,
                blocks=blocks,
                state=PENDING,
                version=0,
                attempts=0,
                failures=0,
                next_attempt_at=utcnow(),
                tell_user_id=tell_user_id,
            )
            .on_conflict_do_nothing(index_elements=["network_id", "key"])
            .returning(OutboxMessage.id)  # no row: another transaction stored it (rowcount says -1 on PostgreSQL)
        )
        created = session.execute(statement).scalar_one_or_none() is not None
        row = find(session, network_id, key)
        assert row is not None
        if created:
            return row.id
    if row.text is None:
        rearm(session, network_id, key)
    return row.id


def _insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL both have it)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def rearm(session: Session, network_id: int, key: str) -> bool:
    """Its subject changed: the message must show the new state (again pending, failures forgiven)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.network_id == network_id, OutboxMessage.key == key)
        .values(
            state=PENDING,
            version=OutboxMessage.version + 1,
            failures=0,
            next_attempt_at=utcnow(),
            told_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def find(session: Session, network_id: int, key: str) -> OutboxMessage | None:
    return session.scalar(select(OutboxMessage).where(OutboxMessage.network_id == network_id, OutboxMessage.key == key))


def claim(session: Session, outbox_id: int, now: datetime, lease: timedelta, *, force: bool) -> Claimed | None:
    """Take the row for one delivery attempt, unless another deliverer holds it (or, without `force`,
    its next attempt is not due yet). The conditional UPDATE decides between concurrent deliverers.
    `force` (someone asks for it now: a change, `/agenda opnieuw`) takes it whatever its state: a
    failed message is tried again, a sent one is shown again as it is now."""
    conditions = [
        OutboxMessage.id == outbox_id,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    ]
    if not force:
        conditions += [OutboxMessage.state == PENDING, OutboxMessage.next_attempt_at <= now]
    result = session.execute(
        update(OutboxMessage)
        .where(*conditions)
        .values(claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row = session.get(OutboxMessage, outbox_id, populate_existing=True)
    network = session.get(Network, row.network_id) if row is not None else None
    if row is None or network is None:
        return None
    return Claimed(
        id=row.id,
        network_id=row.network_id,
        team_id=network.team_id,
        key=row.key,
        kind=row.kind,
        subject_id=row.subject_id,
        channel_id=row.channel_id,
        thread_ts=row.thread_ts,
        text=row.text,
        blocks=row.blocks,
        posted_channel_id=row.posted_channel_id,
        message_ts=row.message_ts,
        version=row.version,
        attempts=row.attempts,
        failures=row.failures,
        tell_user_id=row.tell_user_id,
        created_at=row.created_at,
    )


def release(session: Session, outbox_id: int, *, undo_attempt: bool = False) -> None:
    """Give the row back without an outcome (its thread is not there yet)."""
    values: dict[str, Any] = {"claimed_until": None}
    if undo_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(**values))


def record_posted(session: Session, outbox_id: int, channel_id: str, message_ts: str) -> None:
    """Slack has the message: remember where, at once (so no later attempt posts it again)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(posted_channel_id=channel_id, message_ts=message_ts)
    )


def finish_sent(session: Session, outbox_id: int, version: int) -> bool:
    """Done, if its subject did not change meanwhile; else it stays pending (False): deliver again."""
    done = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.version == version)
        .values(state=SENT, claimed_until=None, last_error=None, failures=0)
    )
    if done.rowcount == 1:  # type: ignore[attr-defined]
        return True
    session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(claimed_until=None))
    return False


def finish_failed(session: Session, outbox_id: int, *, error: str, next_attempt_at: datetime, give_up: bool) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(
            state=FAILED if give_up else PENDING,
            claimed_until=None,
            failures=OutboxMessage.failures + 1,
            last_error=error[:200],
            next_attempt_at=next_attempt_at,
        )
    )


def mark_told(session: Session, outbox_id: int, now: datetime) -> bool:
    """Claim the one message that tells someone this failed for good (False: already told)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.state == FAILED, OutboxMessage.told_at.is_(None))
        .values(told_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def due(session: Session, now: datetime, limit: int = 500) -> list[tuple[int, str]]:
    """Pending rows whose next attempt is due, oldest first: (outbox id, workspace)."""
    rows = session.execute(
        select(OutboxMessage.id, Network.team_id)
        .join(Network, Network.id == OutboxMessage.network_id)
        .where(OutboxMessage.state == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def pending_in_channel(session: Session, network_id: int, channel_id: str, kinds: Sequence[str]) -> list[int]:
    """What `/agenda opnieuw` delivers: the channel's pending messages of these kinds, in kind order."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.kind)
        .where(
            OutboxMessage.network_id == network_id,
            OutboxMessage.channel_id == channel_id,
            OutboxMessage.state != SENT,
            OutboxMessage.kind.in_(list(kinds)),
        )
        .order_by(OutboxMessage.id)
    )
    found = list(rows)
    return [row_id for kind in kinds for row_id, row_kind in found if row_kind == kind]


def of_subject(session: Session, kinds: Sequence[str], subject_id: int) -> list[OutboxMessage]:
    """The rows of these kinds about one subject (a referral's DMs), oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind.in_(list(kinds)), OutboxMessage.subject_id == subject_id)
            .order_by(OutboxMessage.id)
        )
    )


def get(session: Session, outbox_id: int) -> OutboxMessage | None:
    return session.get(OutboxMessage, outbox_id)
