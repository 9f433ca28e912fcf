"""Meetings, agenda points, RSVPs, action items, decisions and reminder claims of one network.

Every function takes the network id and reads nothing outside that network (the one exception,
`network_of_meeting`, serves the command line, where an operator names a meeting by its id).
What the renderers need leaves the session as frozen snapshots (`MeetingCard`, `ItemCard`,
`domain.minutes.Minutes`), so messages can be built after the commit, outside the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from domain.action_items import CheckMark, completion, needs_reminder
from domain.agenda_text import OpenItem, PreviousPoint, carry_over
from domain.dates_nl import BRUSSELS
from domain.minutes import Minutes, MinutesAction, MinutesDecision, MinutesPoint
from storage import outbox
from storage.base import rows_changed
from storage.meeting_models import (
    ActionItem,
    ActionItemCheck,
    AgendaPoint,
    Decision,
    DecisionPin,
    Meeting,
    Rsvp,
    SentReminder,
)
from storage.models import Network
from storage.networks import NetworkRef, ensure_member, find_member, member_user_ids

# A claim whose sender died before sending (no `sent_at` after this long) may be taken over.
STALE_CLAIM = timedelta(minutes=30)


# -- snapshots for the renderers -------------------------------------------------------------------
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
class CheckResult:
    item_id: int
    changed: bool


@dataclass(frozen=True)
class Digest:
    open_items: tuple[ItemCard, ...]
    done_this_week: tuple[ItemCard, ...]
    next_meeting: MeetingCard | None


# -- helpers -----------------------------------------------------------------------------------------
def _insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL both have it)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _insert_ignoring_duplicate(session: Session, model: type[Any], keys: Sequence[str], **values: Any) -> bool:
    """Insert unless the unique key exists; a concurrent twin does not fail the transaction."""
    statement = _insert(session)(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    return bool(rows_changed(session.execute(statement)))


def end_of_day_utc(now: datetime) -> datetime:
    """Midnight after `now`'s day in Brussels, as an aware datetime."""
    local_day = now.astimezone(BRUSSELS).date()
    return datetime.combine(local_day + timedelta(days=1), time(0, 0), tzinfo=BRUSSELS)


# -- meetings ----------------------------------------------------------------------------------------
def get_meeting(session: Session, network_id: int, meeting_id: int) -> Meeting | None:
    return session.scalar(select(Meeting).where(Meeting.network_id == network_id, Meeting.id == meeting_id))


def meeting_by_message(session: Session, network_id: int, channel_id: str, message_ts: str) -> Meeting | None:
    """The meeting whose message (the thread's root) is this one."""
    return session.scalar(
        select(Meeting).where(
            Meeting.network_id == network_id, Meeting.channel_id == channel_id, Meeting.message_ts == message_ts
        )
    )


def current_meeting(session: Session, network_id: int, now: datetime, channel_id: str | None = None) -> Meeting | None:
    """The "latest meeting": the last one that took place or takes place today, else the next one.

    An agenda for next month may already be posted while today's meeting is going on; its action
    items and minutes belong to today's meeting.
    """
    query = select(Meeting).where(Meeting.network_id == network_id)
    if channel_id is not None:
        query = query.where(Meeting.channel_id == channel_id)
    held = session.scalar(
        query.where(Meeting.starts_at < end_of_day_utc(now)).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if held is not None:
        return held
    return session.scalar(query.order_by(Meeting.starts_at, Meeting.id))


def resolve_meeting(
    session: Session, network_id: int, now: datetime, channel_id: str | None, thread_ts: str | None = None
) -> Meeting | None:
    """The meeting a message or command is about: the meeting of its thread, else the channel's
    latest meeting, else the network's."""
    if channel_id and thread_ts:
        in_thread = meeting_by_message(session, network_id, channel_id, thread_ts)
        if in_thread is not None:
            return in_thread
    if channel_id:
        in_channel = current_meeting(session, network_id, now, channel_id)
        if in_channel is not None:
            return in_channel
    return current_meeting(session, network_id, now)


def next_meeting(session: Session, network_id: int, now: datetime) -> Meeting | None:
    """The first meeting still to come (for `/netwerk` and the digest)."""
    return session.scalar(
        select(Meeting)
        .where(Meeting.network_id == network_id, Meeting.starts_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)
    )


def _previous_meeting(session: Session, network_id: int, starts_at: datetime) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(Meeting.network_id == network_id, Meeting.starts_at < starts_at)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )


def create_meeting(
    session: Session,
    network_id: int,
    *,
    channel_id: str,
    title: str,
    starts_at: datetime,
    location: str | None,
    created_by: str,
    points: Sequence[str],
) -> Meeting:
    """A new meeting with its points, and under them what the previous meeting left open."""
    previous = _previous_meeting(session, network_id, starts_at)
    previous_points = (
        [PreviousPoint(p.text, p.handled_at is not None, p.action_item_id) for p in previous.points] if previous else []
    )
    open_items = [OpenItem(i.id, i.text) for i in _open_items(session, network_id)]
    meeting = Meeting(
        network_id=network_id,
        channel_id=channel_id,
        title=title,
        starts_at=starts_at,
        location=location,
        created_by=created_by,
    )
    session.add(meeting)
    session.flush()
    position = 0
    for text in points:
        position += 1
        session.add(
            AgendaPoint(network_id=network_id, meeting_id=meeting.id, position=position, text=text, carried=False)
        )
    for carried in carry_over(previous_points, open_items):
        position += 1
        session.add(
            AgendaPoint(
                network_id=network_id,
                meeting_id=meeting.id,
                position=position,
                text=carried.text,
                carried=True,
                action_item_id=carried.action_item_id,
            )
        )
    session.flush()
    want_meeting_message(session, meeting)
    return meeting


# -- the messages in Slack: outbox rows in the same transaction as each change (plugin.delivery) --------
def want_meeting_message(session: Session, meeting: Meeting) -> int:
    """The meeting's message must show the meeting as it is now (posted, or updated in place)."""
    return outbox.want(
        session, meeting.network_id, key=f"meeting:{meeting.id}", kind="meeting", subject_id=meeting.id,
        channel_id=meeting.channel_id, tell_user_id=meeting.created_by,
    )  # fmt: skip


def want_item_message(session: Session, item: ActionItem) -> int:
    """The item's reply in its meeting's thread must show the item as it is now."""
    return outbox.want(
        session, item.network_id, key=f"item:{item.id}", kind="item", subject_id=item.id,
        channel_id=item.channel_id, tell_user_id=item.created_by,
    )  # fmt: skip


def want_message_of_meeting_id(session: Session, network_id: int, meeting_id: int) -> int | None:
    meeting = get_meeting(session, network_id, meeting_id)
    return want_meeting_message(session, meeting) if meeting is not None else None


def point_count(session: Session, network_id: int, meeting_id: int) -> int:
    """The meeting's own points (carried ones do not count towards the maximum)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AgendaPoint)
            .where(
                AgendaPoint.network_id == network_id,
                AgendaPoint.meeting_id == meeting_id,
                AgendaPoint.carried.is_(False),
            )
        )
        or 0
    )


def add_points(session: Session, network_id: int, meeting_id: int, texts: Sequence[str], proposed_by: str) -> None:
    """Points go after the last one. Concurrent adds to one meeting queue on its row (PostgreSQL; SQLite
    writes one at a time anyway); the unique (meeting, position) is the last word (the caller retries)."""
    session.execute(
        select(Meeting.id).where(Meeting.network_id == network_id, Meeting.id == meeting_id).with_for_update()
    )
    last = session.scalar(
        select(func.max(AgendaPoint.position)).where(
            AgendaPoint.network_id == network_id, AgendaPoint.meeting_id == meeting_id
        )
    )
    position = last or 0
    for text in texts:
        position += 1
        session.add(
            AgendaPoint(
                network_id=network_id, meeting_id=meeting_id, position=position, text=text, proposed_by=proposed_by
            )
        )
    session.flush()
    want_message_of_meeting_id(session, network_id, meeting_id)


def set_rsvp(session: Session, network_id: int, meeting_id: int, user_id: str, *, coming: bool, now: datetime) -> None:
    """One answer per person: a second click replaces the first (also when two clicks race)."""
    statement = (
        _insert(session)(Rsvp)
        .values(network_id=network_id, meeting_id=meeting_id, user_id=user_id, coming=coming, answered_at=now)
        .on_conflict_do_update(index_elements=["meeting_id", "user_id"], set_={"coming": coming, "answered_at": now})
    )
    session.execute(statement)
    want_message_of_meeting_id(session, network_id, meeting_id)


def set_meeting_ts(session: Session, network_id: int, meeting_id: int, message_ts: str) -> None:
    session.execute(
        update(Meeting).where(Meeting.network_id == network_id, Meeting.id == meeting_id).values(message_ts=message_ts)
    )


def unposted_meeting_ids(session: Session, network_id: int, channel_id: str) -> list[int]:
    return list(
        session.scalars(
            select(Meeting.id)
            .where(Meeting.network_id == network_id, Meeting.channel_id == channel_id, Meeting.message_ts.is_(None))
            .order_by(Meeting.id)
        )
    )


def posted_meeting_roots(session: Session, network_id: int, channel_id: str) -> set[str]:
    """The message ts of every posted meeting in a channel: the roots of meeting threads."""
    return set(
        session.scalars(
            select(Meeting.message_ts).where(
                Meeting.network_id == network_id, Meeting.channel_id == channel_id, Meeting.message_ts.is_not(None)
            )
        )
    )


def _item_snapshots(session: Session, network_id: int, item_ids: Sequence[int]) -> dict[int, ItemCard]:
    if not item_ids:
        return {}
    rows = session.execute(
        select(ActionItem, Meeting.title, Meeting.message_ts)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.network_id == network_id, ActionItem.id.in_(list(item_ids)))
    )
    return {item.id: _item_card(item, title, thread_ts) for item, title, thread_ts in rows}


def meeting_card(session: Session, network_id: int, meeting_id: int) -> MeetingCard | None:
    meeting = get_meeting(session, network_id, meeting_id)
    if meeting is None:
        return None
    items = _item_snapshots(session, network_id, [p.action_item_id for p in meeting.points if p.action_item_id])

    def card(point: AgendaPoint) -> PointCard:
        item = items.get(point.action_item_id) if point.action_item_id else None
        if item is None:
            return PointCard(point.text, point.proposed_by)
        return PointCard(point.text, point.proposed_by, item.owner, item.due, item.done)

    answers = dict(
        session.execute(
            select(Rsvp.coming, func.count())
            .where(Rsvp.network_id == network_id, Rsvp.meeting_id == meeting_id)
            .group_by(Rsvp.coming)
        ).all()
    )
    return MeetingCard(
        id=meeting.id,
        channel_id=meeting.channel_id,
        title=meeting.title,
        starts_at=meeting.starts_at,
        location=meeting.location,
        message_ts=meeting.message_ts,
        points=tuple(card(p) for p in meeting.points if not p.carried),
        carried=tuple(card(p) for p in meeting.points if p.carried),
        coming=answers.get(True, 0),
        not_coming=answers.get(False, 0),
    )


def set_members_may_post_agenda(session: Session, network_id: int, allowed: bool) -> None:
    session.execute(update(Network).where(Network.id == network_id).values(members_may_post_agenda=allowed))


def networks_with_meetings(session: Session) -> list[NetworkRef]:
    """The networks the reminders job looks at: every network that ever had a meeting."""
    has_meeting = select(Meeting.id).where(Meeting.network_id == Network.id).exists()
    return [NetworkRef.of(n) for n in session.scalars(select(Network).where(has_meeting).order_by(Network.id))]


def network_of_meeting(session: Session, meeting_id: int) -> NetworkRef | None:
    """Command line only: `lerend-netwerk verslag --meeting ID` names a meeting by its id alone."""
    network = session.scalar(
        select(Network).join(Meeting, Meeting.network_id == Network.id).where(Meeting.id == meeting_id)
    )
    return NetworkRef.of(network) if network is not None else None


@dataclass(frozen=True)
class MeetingLine:
    """Command line only: a meeting in `lerend-netwerk vergaderingen`."""

    id: int
    network_name: str
    team_id: str
    title: str
    starts_at: datetime
    minutes_made: bool


def meeting_lines(session: Session, team_id: str | None = None) -> list[MeetingLine]:
    """Every meeting (of one workspace), the latest first."""
    query = select(Meeting, Network).join(Network, Meeting.network_id == Network.id)
    if team_id:
        query = query.where(Network.team_id == team_id)
    rows = session.execute(query.order_by(Meeting.starts_at.desc(), Meeting.id.desc()))
    return [MeetingLine(m.id, n.name, n.team_id, m.title, m.starts_at, m.minutes_made_at is not None) for m, n in rows]


def latest_held_meeting_id(session: Session, now: datetime, team_id: str | None = None) -> int | None:
    """The meeting `verslag --latest` means: the latest that has begun, else the first one planned."""
    lines = meeting_lines(session, team_id)
    held = [line for line in lines if line.starts_at <= now]
    if held:
        return held[0].id
    return lines[-1].id if lines else None


# -- action items ------------------------------------------------------------------------------------
def _item_card(item: ActionItem, meeting_title: str, thread_ts: str | None) -> ItemCard:
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
    return _item_snapshots(session, network_id, [item_id]).get(item_id)


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


def _open_items(session: Session, network_id: int, owner: str | None = None) -> list[ActionItem]:
    query = select(ActionItem).where(ActionItem.network_id == network_id, ActionItem.done_at.is_(None))
    if owner is not None:
        query = query.where(ActionItem.owner_user_id == owner)
    return list(session.scalars(query.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)))


def open_items(session: Session, network_id: int, owner: str | None = None) -> list[ItemCard]:
    """Open items, soonest due first (undated last)."""
    ids = [i.id for i in _open_items(session, network_id, owner)]
    cards = _item_snapshots(session, network_id, ids)
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
    done = _item_snapshots(session, network_id, done_ids)
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
        _insert_ignoring_duplicate(
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


# -- decisions (📌) ------------------------------------------------------------------------------------
def pin_decision(
    session: Session,
    network_id: int,
    *,
    channel_id: str,
    thread_ts: str,
    message_ts: str,
    text: str,
    author: str | None,
    pinned_by: str,
) -> bool:
    """A member's 📌 on a reply in a meeting's thread: the reply is a decision. False if it is not
    a meeting's thread or the person is no member."""
    meeting = meeting_by_message(session, network_id, channel_id, thread_ts)
    if meeting is None or message_ts == thread_ts or find_member(session, network_id, pinned_by) is None:
        return False
    _insert_ignoring_duplicate(
        session,
        Decision,
        ["meeting_id", "message_ts"],
        network_id=network_id,
        meeting_id=meeting.id,
        channel_id=channel_id,
        message_ts=message_ts,
        text=text,
        author_user_id=author,
    )
    decision = session.scalars(
        select(Decision).where(
            Decision.network_id == network_id, Decision.meeting_id == meeting.id, Decision.message_ts == message_ts
        )
    ).one()
    decision.text = text  # the message may have been edited since the first pin
    _insert_ignoring_duplicate(
        session,
        DecisionPin,
        ["decision_id", "user_id"],
        network_id=network_id,
        decision_id=decision.id,
        user_id=pinned_by,
    )
    return True


def unpin_decision(session: Session, network_id: int, *, channel_id: str, message_ts: str, user_id: str) -> bool:
    """A 📌 removed: the message stays a decision while someone else's pin remains."""
    decision = session.scalar(
        select(Decision).where(
            Decision.network_id == network_id, Decision.channel_id == channel_id, Decision.message_ts == message_ts
        )
    )
    if decision is None:
        return False
    session.execute(
        delete(DecisionPin).where(
            DecisionPin.network_id == network_id,
            DecisionPin.decision_id == decision.id,
            DecisionPin.user_id == user_id,
        )
    )
    remaining = session.scalar(
        select(func.count())
        .select_from(DecisionPin)
        .where(DecisionPin.network_id == network_id, DecisionPin.decision_id == decision.id)
    )
    if not remaining:
        session.delete(decision)
    session.flush()
    return True


# -- minutes -------------------------------------------------------------------------------------------
def minutes_of(session: Session, network_id: int, meeting_id: int, thread_url: str | None = None) -> Minutes | None:
    """The minutes model of a meeting: attendance from RSVPs, points, 📌 decisions, action items."""
    meeting = get_meeting(session, network_id, meeting_id)
    card = meeting_card(session, network_id, meeting_id)
    if meeting is None or card is None:
        return None
    network = session.get_one(Network, network_id)
    answers = list(
        session.execute(
            select(Rsvp.user_id, Rsvp.coming)
            .where(Rsvp.network_id == network_id, Rsvp.meeting_id == meeting_id)
            .order_by(Rsvp.answered_at, Rsvp.id)
        )
    )
    answered = {user for user, _ in answers}
    decisions = session.scalars(
        select(Decision)
        .where(Decision.network_id == network_id, Decision.meeting_id == meeting_id)
        .order_by(Decision.message_ts)
    )
    item_ids = list(
        session.scalars(
            select(ActionItem.id)
            .where(ActionItem.network_id == network_id, ActionItem.meeting_id == meeting_id)
            .order_by(ActionItem.id)
        )
    )
    items = _item_snapshots(session, network_id, item_ids)
    return Minutes(
        network_name=network.name,
        title=card.title,
        starts_at=card.starts_at,
        location=card.location,
        coming=tuple(user for user, coming in answers if coming),
        not_coming=tuple(user for user, coming in answers if not coming),
        no_answer=tuple(m for m in member_user_ids(session, network_id) if m not in answered),
        points=tuple(MinutesPoint(p.text, p.proposed_by) for p in card.points),
        carried=tuple(MinutesPoint(p.text, p.proposed_by, p.item_done) for p in card.carried),
        decisions=tuple(MinutesDecision(d.text, d.author_user_id) for d in decisions),
        actions=tuple(
            MinutesAction(
                text=i.text,
                owner=i.owner,
                due=i.due,
                done_by=i.done_by,
                done_at=i.done_at,
                source_url=i.source_url,
            )
            for i in (items[n] for n in item_ids)
        ),
        thread_url=thread_url,
    )


def mark_minutes_made(session: Session, network_id: int, meeting_id: int, now: datetime) -> None:
    """The minutes are posted: every point of the meeting counts as handled (none is carried over)."""
    session.execute(
        update(AgendaPoint)
        .where(
            AgendaPoint.network_id == network_id,
            AgendaPoint.meeting_id == meeting_id,
            AgendaPoint.handled_at.is_(None),
        )
        .values(handled_at=now)
    )
    session.execute(
        update(Meeting).where(Meeting.network_id == network_id, Meeting.id == meeting_id).values(minutes_made_at=now)
    )


def minutes_messages(session: Session, network_id: int, meeting_id: int) -> list[str]:
    """The ts of the minutes' messages already in the thread (empty before the first /verslag)."""
    meeting = get_meeting(session, network_id, meeting_id)
    return list(meeting.minutes_ts or []) if meeting is not None else []


def set_minutes_messages(session: Session, network_id: int, meeting_id: int, message_ts: Sequence[str]) -> None:
    session.execute(
        update(Meeting)
        .where(Meeting.network_id == network_id, Meeting.id == meeting_id)
        .values(minutes_ts=list(message_ts))
    )


# -- reminder claims (exactly once across runs and instances) -----------------------------------------
def _claim_key(network_id: int, kind: str, recipient: str, period_key: str) -> list[Any]:
    return [
        SentReminder.network_id == network_id,
        SentReminder.kind == kind,
        SentReminder.recipient == recipient,
        SentReminder.period_key == period_key,
    ]


def claim_reminder(
    session: Session, network_id: int, *, kind: str, recipient: str, period_key: str, now: datetime
) -> None:
    """Take the key, in a transaction of its own; an IntegrityError means another run holds it.

    A claim left unsent for longer than STALE_CLAIM (its sender died) is taken over.
    """
    session.execute(
        delete(SentReminder).where(
            *_claim_key(network_id, kind, recipient, period_key),
            SentReminder.sent_at.is_(None),
            SentReminder.claimed_at < now - STALE_CLAIM,
        )
    )
    session.add(
        SentReminder(network_id=network_id, kind=kind, recipient=recipient, period_key=period_key, claimed_at=now)
    )
    session.flush()


def confirm_reminder(
    session: Session, network_id: int, *, kind: str, recipient: str, period_key: str, now: datetime
) -> None:
    session.execute(
        update(SentReminder).where(*_claim_key(network_id, kind, recipient, period_key)).values(sent_at=now)
    )


def release_reminder(session: Session, network_id: int, *, kind: str, recipient: str, period_key: str) -> None:
    """Sending failed: give the key back so the next run tries again."""
    session.execute(
        delete(SentReminder).where(*_claim_key(network_id, kind, recipient, period_key), SentReminder.sent_at.is_(None))
    )
