"""Send-once claims: one message per (kind, network, recipient, period), across runs and instances.

Every scheduled direct message (`plugin/jobs/`) and the minutes' DMs claim their key here through
`plugin.send_once.send_once`: the claim is committed in a transaction of its own before anything is
sent, the unique key (storage.meeting_models.SentReminder) decides between concurrent runs, a failed
send gives the key back (`release`), and a sent one is stamped (`confirm`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from storage.meeting_models import SentReminder

# A claim whose sender died before sending (no `sent_at` after this long) may be taken over.
STALE_CLAIM = timedelta(minutes=30)


def _key(network_id: int, kind: str, recipient: str, period_key: str) -> list[Any]:
    return [
        SentReminder.network_id == network_id,
        SentReminder.kind == kind,
        SentReminder.recipient == recipient,
        SentReminder.period_key == period_key,
    ]


def claim(session: Session, network_id: int, *, kind: str, recipient: str, period_key: str, now: datetime) -> None:
    """Take the key, in a transaction of its own; an IntegrityError means another run holds it.

    A claim left unsent for longer than STALE_CLAIM (its sender died) is taken over.
    """
    session.execute(
        delete(SentReminder).where(
            *_key(network_id, kind, recipient, period_key),
            SentReminder.sent_at.is_(None),
            SentReminder.claimed_at < now - STALE_CLAIM,
        )
    )
    session.add(
        SentReminder(network_id=network_id, kind=kind, recipient=recipient, period_key=period_key, claimed_at=now)
    )
    session.flush()


def confirm(session: Session, network_id: int, *, kind: str, recipient: str, period_key: str, now: datetime) -> None:
    """Sent: the key stays taken for good."""
    session.execute(update(SentReminder).where(*_key(network_id, kind, recipient, period_key)).values(sent_at=now))


def release(session: Session, network_id: int, *, kind: str, recipient: str, period_key: str) -> None:
    """Sending failed: give the key back so the next run tries again."""
    session.execute(
        delete(SentReminder).where(*_key(network_id, kind, recipient, period_key), SentReminder.sent_at.is_(None))
    )
