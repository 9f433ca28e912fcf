"""Decisions (📌 on a reply in a meeting's thread) and the minutes of a meeting (`/verslag`,
`lerend-netwerk verslag`): the model domain.minutes renders, and where its messages are."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from domain.minutes import Minutes, MinutesAction, MinutesDecision, MinutesPoint
from storage.base import insert_ignoring_duplicate
from storage.meeting_cards import item_snapshots
from storage.meeting_models import ActionItem, AgendaPoint, Decision, DecisionPin, Meeting, Rsvp
from storage.meetings import get_meeting, meeting_by_message, meeting_card
from storage.models import Network
from storage.networks import find_member, member_user_ids


# -- decisions (📌) ---------------------------------------------------------------------------------
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
    insert_ignoring_duplicate(
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
    insert_ignoring_duplicate(
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


# -- minutes ---------------------------------------------------------------------------------------
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
    items = item_snapshots(session, network_id, item_ids)
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
