"""`/hiaten grafiek` uploads a chart once: a claim per (channel, period, the chart's numbers).

A doubled or retried request (a double click, two instances) finds the claim of the first and uploads
nothing. The claim lives in `sent_reminders` (kind `hiaten_grafiek`, recipient = the channel): while the
upload runs `sent_at` is NULL; a failed upload gives the claim back; an upload that succeeded (or whose
outcome Slack did not tell) keeps it for `REPEAT_AFTER`, after which the same chart may be asked again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, update
from sqlalchemy.orm import Session

from storage.meeting_models import SentReminder

KIND = "hiaten_grafiek"
REPEAT_AFTER = timedelta(minutes=10)  # the same chart again in the same channel: a deliberate new request
STALE_UPLOAD = timedelta(minutes=30)  # an upload claimed this long ago and never finished: its uploader died


def _key(network_id: int, channel_id: str, period_key: str) -> list[Any]:
    return [
        SentReminder.network_id == network_id,
        SentReminder.kind == KIND,
        SentReminder.recipient == channel_id,
        SentReminder.period_key == period_key[:40],
    ]


def _insert(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def claim_upload(session: Session, network_id: int, channel_id: str, period_key: str, now: datetime) -> bool:
    """Take the upload of this chart to this channel; False when another request has it (now, or
    less than REPEAT_AFTER ago). Concurrent claims on any instance: the unique key decides."""
    session.execute(
        delete(SentReminder).where(
            *_key(network_id, channel_id, period_key),
            or_(
                and_(SentReminder.sent_at.is_not(None), SentReminder.sent_at < now - REPEAT_AFTER),
                and_(SentReminder.sent_at.is_(None), SentReminder.claimed_at < now - STALE_UPLOAD),
            ),
        )
    )
    statement = (
        _insert(session)(SentReminder)
        .values(network_id=network_id, kind=KIND, recipient=channel_id, period_key=period_key[:40], claimed_at=now)
        .on_conflict_do_nothing(index_elements=["kind", "network_id", "recipient", "period_key"])
        .returning(SentReminder.id)  # no row: the key was taken (rowcount is not reliable for this on PostgreSQL)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def finish_upload(session: Session, network_id: int, channel_id: str, period_key: str, now: datetime) -> None:
    """The chart is in the channel (or may be: Slack did not answer in time)."""
    session.execute(update(SentReminder).where(*_key(network_id, channel_id, period_key)).values(sent_at=now))


def release_upload(session: Session, network_id: int, channel_id: str, period_key: str) -> None:
    """The upload failed: the next request may try again at once."""
    session.execute(delete(SentReminder).where(*_key(network_id, channel_id, period_key)))
