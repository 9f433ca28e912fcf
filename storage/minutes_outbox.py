"""The minutes' messages in the outbox: one row per message of a meeting's minutes (a long verslag
takes several), keyed `minutes:<meeting>:<part>`.

The rows show the minutes as they are now (no fixed text): `/verslag` stores (or re-arms) them,
plugin.delivery renders each part at delivery and remembers its ts in `meetings.minutes_ts`
(so the next `/verslag` updates the same messages in place; minutes posted before the outbox
existed are found there too).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import meeting_minutes, meetings, outbox
from storage.base import utcnow
from storage.meeting_models import Meeting
from storage.outbox_models import OutboxMessage

KIND = "minutes"


def part_key(meeting_id: int, part: int) -> str:
    return f"minutes:{meeting_id}:{part}"


def part_of(key: str) -> int:
    """The part a row's key names (0 for the first message of the minutes)."""
    tail = key.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _rows(session: Session, network_id: int, meeting_id: int) -> list[OutboxMessage]:
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.network_id == network_id,
            OutboxMessage.kind == KIND,
            OutboxMessage.subject_id == meeting_id,
        )
    )
    return sorted(rows, key=lambda row: part_of(row.key))


def want_minutes(session: Session, network_id: int, meeting_id: int, parts: int, tell_user_id: str | None) -> list[int]:
    """The minutes must show in the meeting's thread as they are now: one outbox row per message, in
    order (new ones pending, existing ones re-armed). Parts beyond `parts` that were posted before are
    re-armed too, so they are emptied. Returns the rows to deliver, first part first."""
    meeting = meetings.get_meeting(session, network_id, meeting_id)
    if meeting is None or meeting.message_ts is None:
        return []
    known = max(len(meeting.minutes_ts or []), len(_rows(session, network_id, meeting_id)))
    return [
        outbox.want(
            session,
            network_id,
            key=part_key(meeting_id, part),
            kind=KIND,
            subject_id=meeting_id,
            channel_id=meeting.channel_id,
            thread_ts=meeting.message_ts,
            tell_user_id=tell_user_id,
        )  # fmt: skip
        for part in range(max(parts, known, 1))
    ]


def shown_before(session: Session, network_id: int, meeting_id: int) -> bool:
    """Some message of these minutes is in Slack already (a new /verslag updates rather than posts)."""
    meeting = meetings.get_meeting(session, network_id, meeting_id)
    if meeting is not None and meeting.minutes_ts:
        return True
    return any(row.message_ts for row in _rows(session, network_id, meeting_id))


def earlier_part_waiting(session: Session, network_id: int, meeting_id: int, part: int) -> bool:
    """The part before this one is still to be posted (and not given up): the thread keeps its order."""
    if part == 0:
        return False
    earlier = outbox.find(session, network_id, part_key(meeting_id, part - 1))
    return earlier is not None and earlier.message_ts is None and earlier.state == outbox.PENDING


def record_part(session: Session, network_id: int, meeting_id: int, part: int, message_ts: str) -> None:
    """A part is in Slack: remember its ts in the meeting (the meeting's row is locked first, so two
    parts recorded at once both stay), and the meeting's points count as handled."""
    session.execute(
        select(Meeting.id).where(Meeting.network_id == network_id, Meeting.id == meeting_id).with_for_update()
    )
    stored = meeting_minutes.minutes_messages(session, network_id, meeting_id)
    while len(stored) <= part:
        stored.append("")
    stored[part] = message_ts
    meeting_minutes.set_minutes_messages(session, network_id, meeting_id, stored)
    meeting_minutes.mark_minutes_made(session, network_id, meeting_id, utcnow())
