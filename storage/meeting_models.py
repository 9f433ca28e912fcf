"""Meeting tables: the meeting (its Slack message is the thread's root), agenda points, RSVPs,
action items with the check reactions that close them, decisions (📌), and sent reminders.

A row is stored before Slack hears of it; `message_ts` stays NULL until the post succeeds, so
`/agenda opnieuw` can post what a Slack failure left behind.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow


class Meeting(Base):
    """An overleg of a network, posted in the channel where `/agenda` was typed."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index(None, "network_id", "channel_id", "starts_at"),
        UniqueConstraint("channel_id", "message_ts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(150))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    minutes_made_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The minutes' messages in the thread (a long verslag takes several): a second /verslag updates them.
    minutes_ts: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    points: Mapped[list[AgendaPoint]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaPoint.position"
    )


class AgendaPoint(Base):
    """A point on the agenda; `carried` points came from the previous meeting (or stand for an
    open action item). `handled_at` is set when the minutes are made."""

    __tablename__ = "agenda_points"
    __table_args__ = (Index("uq_agenda_points_meeting_id_position", "meeting_id", "position", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[str | None] = mapped_column(String(32))
    carried: Mapped[bool] = mapped_column(Boolean, default=False)
    action_item_id: Mapped[int | None] = mapped_column(ForeignKey("action_items.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="points")


class Rsvp(Base):
    """*Ik kom* / *Ik kan niet*: one answer per person and meeting; a new click replaces it."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    coming: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActionItem(Base):
    """An agreement of a meeting: what, who, by when. Posted as a reply in the meeting's thread;
    done while a member's ✅ is on that reply (see domain.action_items)."""

    __tablename__ = "action_items"
    __table_args__ = (Index(None, "network_id", "owner_user_id"), UniqueConstraint("channel_id", "message_ts"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[str] = mapped_column(String(32))
    due_date: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(32))
    source_url: Mapped[str | None] = mapped_column(String(500))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    done_by: Mapped[str | None] = mapped_column(String(32))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ActionItemCheck(Base):
    """A member's check reaction on an item's message: the item is done while one remains."""

    __tablename__ = "action_item_checks"
    __table_args__ = (UniqueConstraint("action_item_id", "user_id", "reaction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    reaction: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Decision(Base):
    """A message in a meeting's thread marked with 📌; its text is kept for the minutes."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "message_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DecisionPin(Base):
    """Who put a 📌 on a decision: it stays a decision while one pin remains."""

    __tablename__ = "decision_pins"
    __table_args__ = (UniqueConstraint("decision_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))


class SentReminder(Base):
    """A claim on one message (a reminder, digest or catch-up) for one period: the unique key lets
    any number of concurrent runs send it exactly once. `sent_at` stays NULL while it is being sent."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("kind", "network_id", "recipient", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(32))
    period_key: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
