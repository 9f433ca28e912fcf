"""Action items of one network: made from a meeting, checked off with ✅, reminded and summed up.

`apply_check` turns ✅ reactions into done (domain.action_items.completion); `items_to_remind` and
`digest` feed the reminders job (plugin/jobs/action_items.py). Snapshots: storage.meeting_cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from domain.action_items import CheckMark, completion, needs_reminder
from storage import outbox
from storage.base import insert_ignoring_duplicate
from storage.meeting_cards import Digest, ItemCard, item_snapshots, open_action_items
from storage.meeting_models import ActionItem, ActionItemCheck, Meeting
from storage.meetings import get_meeting, meeting_card, next_meeting
from storage.models import Network
from storage.networks import ensure_member, find_member


@dataclass(frozen=True)
class CheckResult:
    item_id: int
    changed: bool


def want_item_message(session: Session, item: ActionItem) -> int:
    """The item's reply in its meeting's thread must show the item as it is now."""
    return outbox.want(
        session, item.network_id, key=f"item:{item.id}", kind="item", subject_id=item.id,
        channel_id=item.channel_id, tell_user_id=item.created_by,
    )  # fmt: skip


def create_action_item(
    session: Session,
    network_id: int,
    meeting: Meeting,
    *,
    text: str,
    owner: str,
    due: date | None,
    created_by: str,
    source_url: str | None = None,
) -> ActionItem:
    """An item of `meeting`. Its owner becomes a network member, so their own ✅ counts."""
    item = ActionItem(
        network_id=network_id,
        meeting_id=meeting.id,
        channel_id=meeting.channel_id,
        text=text,
        owner_user_id=owner,
        due_date=due,
        created_by=created_by,
        source_url=source_url,
    )
    session.add(item)
    ensure_member(session, session.get_one(Network, network_id), owner)
    session.flush()
    want_item_message(session, item)
    return item


def get_item(session: Session, network_id: int, item_id: int) -> ActionItem | None:
    return session.scalar(select(ActionItem).where(ActionItem.network_id == network_id, ActionItem.id == item_id))


def unposted_items_before(session: Session, network_id: int, item_id: int) -> list[int]:
    """Items of the same meeting, made earlier, not in Slack yet (none while the meeting itself is not)."""
    item = get_item(session, network_id, item_id)
    meeting = get_meeting(session, network_id, item.meeting_id) if item is not None else None
    if item is None or meeting is None or meeting.message_ts is None:
        return []
    return list(
        session.scalars(
            select(ActionItem.id).where(
                ActionItem.network_id == network_id,
                ActionItem.meeting_id == item.meeting_id,
                ActionItem.id < item.id,
                ActionItem.message_ts.is_(None),
            )
        )
    )


def items_of_meeting(session: Session, network_id: int, meeting_id: int) -> list[ActionItem]:
    return list(
        session.scalars(
            select(ActionItem)
            .where(ActionItem.network_id == network_id, ActionItem.meeting_id == meeting_id)
            .order_by(ActionItem.id)
        )
    )


def item_card(session: Session, network_id: int, item_id: int) -> ItemCard | None:
    return item_snapshots(session, network_id, [item_id]).get(item_id)


def set_item_ts(session: Session, network_id: int, item_id: int, message_ts: str) -> None:
    session.execute(
        update(ActionItem)
        .where(ActionItem.network_id == network_id, ActionItem.id == item_id)
        .values(message_ts=message_ts)
    )


def unposted_item_ids(session: Session, network_id: int, channel_id: str) -> list[int]:
    """Items not in their thread yet, whose meeting is posted (else the meeting goes first)."""
    return list(
        session.scalars(
            select(ActionItem.id)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                ActionItem.network_id == network_id,
                ActionItem.channel_id == channel_id,
                ActionItem.message_ts.is_(None),
                Meeting.message_ts.is_not(None),
            )
            .order_by(ActionItem.id)
        )
    )


def open_items(session: Session, network_id: int, owner: str | None = None) -> list[ItemCard]:
    """Open items, soonest due first (undated last)."""
    ids = [i.id for i in open_action_items(session, network_id, owner)]
    cards = item_snapshots(session, network_id, ids)
    return [cards[i] for i in ids]


def items_to_remind(session: Session, network_id: int, today: date) -> dict[str, list[ItemCard]]:
    """Per owner, the open items due tomorrow or overdue."""
    due: dict[str, list[ItemCard]] = {}
    for card in open_items(session, network_id):
        if needs_reminder(card.due, today):
            due.setdefault(card.owner, []).append(card)
    return due


def digest(session: Session, network_id: int, now: datetime) -> Digest:
    """The coordinator's week: what is open, what was closed in the last seven days, the next meeting."""
    done_ids = list(
        session.scalars(
            select(ActionItem.id)
            .where(ActionItem.network_id == network_id, ActionItem.done_at >= now - timedelta(days=7))
            .order_by(ActionItem.done_at)
        )
    )
    done = item_snapshots(session, network_id, done_ids)
    upcoming = next_meeting(session, network_id, now)
    return Digest(
        open_items=tuple(open_items(session, network_id)),
        done_this_week=tuple(done[i] for i in done_ids),
        next_meeting=meeting_card(session, network_id, upcoming.id) if upcoming else None,
    )


def apply_check(
    session: Session,
    network_id: int,
    *,
    channel_id: str,
    message_ts: str,
    user_id: str,
    reaction: str,
    added: bool,
    now: datetime,
) -> CheckResult | None:
    """A check reaction added to or removed from a message. None when the message is no action
    item or the person is no member of the network: then nothing changes."""
    item = session.scalar(
        select(ActionItem)
        .where(
            ActionItem.network_id == network_id,
            ActionItem.channel_id == channel_id,
            ActionItem.message_ts == message_ts,
        )
        .with_for_update()  # concurrent reactions on one item take turns (PostgreSQL; SQLite has one writer)
    )
    if item is None or find_member(session, network_id, user_id) is None:
        return None
    if added:
        insert_ignoring_duplicate(
            session,
            ActionItemCheck,
            ["action_item_id", "user_id", "reaction"],
            network_id=network_id,
            action_item_id=item.id,
            user_id=user_id,
            reaction=reaction,
            created_at=now,
        )
    else:
        session.execute(
            delete(ActionItemCheck).where(
                ActionItemCheck.network_id == network_id,
                ActionItemCheck.action_item_id == item.id,
                ActionItemCheck.user_id == user_id,
                ActionItemCheck.reaction == reaction,
            )
        )
    marks = [
        CheckMark(c.user_id, c.reaction, c.created_at)
        for c in session.scalars(
            select(ActionItemCheck).where(
                ActionItemCheck.network_id == network_id, ActionItemCheck.action_item_id == item.id
            )
        )
    ]
    state = completion(marks)
    before = (item.done_by, item.done_at)
    item.done_by, item.done_at = (state.done_by, state.done_at) if state else (None, None)
    session.flush()
    changed = before != (item.done_by, item.done_at)
    if changed:
        want_item_message(session, item)
    return CheckResult(item.id, changed=changed)
