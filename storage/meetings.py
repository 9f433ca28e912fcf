"""Meetings, their agenda points and RSVPs, and the meeting messages of one network.

Every function takes the network id and reads nothing outside that network (the one exception,
`network_of_meeting`, serves the command line, where an operator names a meeting by its id).
What the renderers need leaves the session as frozen snapshots (storage.meeting_cards), so messages
can be built after the commit, outside the transaction. Action items are storage.action_items,
decisions and minutes storage.meeting_minutes, the send-once claims storage.send_once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from domain.agenda_text import OpenItem, PreviousPoint, carry_over
from domain.dates_nl import BRUSSELS
from storage import outbox
from storage.base import dialect_insert
from storage.meeting_cards import MeetingCard, PointCard, UpcomingMeeting, item_snapshots, open_action_items
from storage.meeting_models import AgendaPoint, Meeting, Rsvp
from storage.models import Network
from storage.networks import NetworkRef


def end_of_day_utc(now: datetime) -> datetime:
    """Midnight after `now`'s day in Brussels, as an aware datetime."""
    local_day = now.astimezone(BRUSSELS).date()
    return datetime.combine(local_day + timedelta(days=1), time(0, 0), tzinfo=BRUSSELS)


# -- meetings --------------------------------------------------------------------------------------
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


def upcoming_meetings(session: Session, network_id: int, now: datetime, limit: int) -> list[UpcomingMeeting]:
    """The network's meetings still to come (from `now`), soonest first, with who said *Ik kom*."""
    rows = list(
        session.scalars(
            select(Meeting)
            .where(Meeting.network_id == network_id, Meeting.starts_at >= now)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(limit)
        )
    )
    coming: dict[int, list[str]] = {row.id: [] for row in rows}
    if rows:
        answers = session.execute(
            select(Rsvp.meeting_id, Rsvp.user_id)
            .where(Rsvp.network_id == network_id, Rsvp.meeting_id.in_(list(coming)), Rsvp.coming.is_(True))
            .order_by(Rsvp.answered_at, Rsvp.id)
        )
        for meeting_id, user_id in answers:
            coming[meeting_id].append(user_id)
    return [
        UpcomingMeeting(row.id, row.title, row.starts_at, row.channel_id, row.message_ts, tuple(coming[row.id]))
        for row in rows
    ]


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
    open_items = [OpenItem(i.id, i.text) for i in open_action_items(session, network_id)]
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


def want_message_of_meeting_id(session: Session, network_id: int, meeting_id: int) -> int | None:
    meeting = get_meeting(session, network_id, meeting_id)
    return want_meeting_message(session, meeting) if meeting is not None else None


# -- agenda points, RSVPs, the meeting message -----------------------------------------------------
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
        dialect_insert(session)(Rsvp)
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


def meeting_card(session: Session, network_id: int, meeting_id: int) -> MeetingCard | None:
    meeting = get_meeting(session, network_id, meeting_id)
    if meeting is None:
        return None
    items = item_snapshots(session, network_id, [p.action_item_id for p in meeting.points if p.action_item_id])

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


# -- the reminders job and the command line --------------------------------------------------------
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
