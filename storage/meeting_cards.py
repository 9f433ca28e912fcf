"""Frozen snapshots of meetings and action items for the renderers (plugin/views/meetings.py, the Home tab).

Built inside a transaction from the rows, used after the commit: messages are rendered outside the session.
Shared by storage.meetings, storage.action_items and storage.meeting_minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.meeting_models import ActionItem, Meeting


@dataclass(frozen=True)
class PointCard:
    text: str
    proposed_by: str | None = None
    # Set when the point stands for an open action item carried over from an earlier meeting.
    item_owner: str | None = None
    item_due: date | None = None
    item_done: bool | None = None


@dataclass(frozen=True)
class MeetingCard:
    id: int
    channel_id: str
    title: str
    starts_at: datetime
    location: str | None
    message_ts: str | None
    points: tuple[PointCard, ...]
    carried: tuple[PointCard, ...]
    coming: int
    not_coming: int


@dataclass(frozen=True)
class UpcomingMeeting:
    """A meeting still to come, as `/agenda lijst` shows it: when, what, its thread, who said *Ik kom*."""

    id: int
    title: str
    starts_at: datetime
    channel_id: str
    message_ts: str | None
    coming: tuple[str, ...]  # user ids, in the order they answered


@dataclass(frozen=True)
class ItemCard:
    id: int
    meeting_id: int
    meeting_title: str
    channel_id: str
    thread_ts: str | None  # the meeting's message: the item is posted as a reply under it
    message_ts: str | None
    text: str
    owner: str
    due: date | None
    done_by: str | None
    done_at: datetime | None
    source_url: str | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class Digest:
    open_items: tuple[ItemCard, ...]
    done_this_week: tuple[ItemCard, ...]
    next_meeting: MeetingCard | None


def item_card_of(item: ActionItem, meeting_title: str, thread_ts: str | None) -> ItemCard:
    return ItemCard(
        id=item.id,
        meeting_id=item.meeting_id,
        meeting_title=meeting_title,
        channel_id=item.channel_id,
        thread_ts=thread_ts,
        message_ts=item.message_ts,
        text=item.text,
        owner=item.owner_user_id,
        due=item.due_date,
        done_by=item.done_by,
        done_at=item.done_at,
        source_url=item.source_url,
    )


def item_snapshots(session: Session, network_id: int, item_ids: Sequence[int]) -> dict[int, ItemCard]:
    if not item_ids:
        return {}
    rows = session.execute(
        select(ActionItem, Meeting.title, Meeting.message_ts)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.network_id == network_id, ActionItem.id.in_(list(item_ids)))
    )
    return {item.id: item_card_of(item, title, thread_ts) for item, title, thread_ts in rows}


def open_action_items(session: Session, network_id: int, owner: str | None = None) -> list[ActionItem]:
    query = select(ActionItem).where(ActionItem.network_id == network_id, ActionItem.done_at.is_(None))
    if owner is not None:
        query = query.where(ActionItem.owner_user_id == owner)
    return list(session.scalars(query.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)))
