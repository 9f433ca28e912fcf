"""The outbox: every message that matters, stored in the transaction of the change it announces."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


class OutboxMessage(Base):
    """One Slack message, to post (or to bring up to date) until Slack has it or refuses it for good.

    `key` names what the message is about (`meeting:12`, `item:7`, `knowledge:3`, `reminder:due:U2:…`):
    one row per key and network, so storing the same announcement twice stores it once. `text` and
    `blocks` are fixed messages; without them the message shows the current state of its subject and
    is rendered at delivery (meetings, action items). `version` goes up whenever the subject changes,
    so a delivery that started before the change delivers again. `claimed_until` is a lease: one
    deliverer at a time, on any instance; a deliverer that died frees it when the lease ends.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("network_id", "key"), Index(None, "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    channel_id: Mapped[str] = mapped_column(String(32))  # a channel, or a user id for a direct message
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    posted_channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent | failed
    version: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # every try ever: >0 and no ts = look first
    failures: Mapped[int] = mapped_column(Integer, default=0)  # failed tries since the last change
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    tell_user_id: Mapped[str | None] = mapped_column(String(32))  # told once when it fails for good
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
