"""Events API deliveries already handled: Slack retries must not be processed twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import HandledEvent


def was_handled(session: Session, event_id: str) -> bool:
    return session.scalar(select(HandledEvent.event_id).where(HandledEvent.event_id == event_id)) is not None


def mark_handled(session: Session, event_id: str) -> None:
    """Flushed at once: a concurrent twin waits on the primary key, then fails, and rolls back."""
    session.add(HandledEvent(event_id=event_id))
    session.flush()
