"""The minutes of a meeting in Slack, through the outbox: the messages in the thread, then a catch-up
message for every member who did not say *Ik kom*.

`/verslag` (commands.verslag) stores the minutes' messages in the outbox (storage.minutes_outbox) and
delivers them at once; plugin.delivery renders each message as the minutes are now. When Slack fails,
the rows stay in the outbox: `lerend-netwerk reminders` / `deliver` try again, and once the whole
minutes are in the thread, `after_late_minutes` does what `/verslag` would have done next (the
catch-up messages) and tells the coordinator who wrote them, once. A message that fails for good is
told once by plugin.delivery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from slack_sdk import WebClient

from domain.action_items import KIND_CATCH_UP, meeting_key
from domain.minutes import Minutes
from plugin.meeting_delivery import Work, permalink
from plugin.send_once import DirectMessage, Sent, send_once
from plugin.views.kit import Block, escape, section
from plugin.views.meetings import catch_up_message, minutes_blocks, split_messages
from storage import action_items, meeting_minutes, meetings
from storage.base import utcnow
from storage.networks import member_user_ids
from storage.outbox import Claimed

log = logging.getLogger(__name__)

SPARE_PART = "(Dit deel van het verslag is niet meer nodig: het bijgewerkte verslag staat hierboven.)"
KIND_MINUTES_LATE = "minutes_late"  # the writer hears once that minutes posted by a later try are there


def minutes_parts(minutes: Minutes) -> tuple[str, list[list[Block]]]:
    """The text and the blocks of each message of the minutes (50 blocks at most per message)."""
    return f"Verslag: {escape(minutes.title)}", split_messages(minutes_blocks(minutes))


@dataclass
class CaughtUp:
    outcomes: dict[Sent, list[str]]
    others: list[str]  # the members besides the writer


def catch_up(work: Work, client: WebClient, network_id: int, meeting_id: int, writer: str | None) -> CaughtUp:
    """Every member (but the writer) who did not say *Ik kom* gets the catch-up message, once per meeting."""
    with work() as session:
        meeting = meetings.get_meeting(session, network_id, meeting_id)
        where = (meeting.channel_id, meeting.message_ts) if meeting is not None else None
    thread_url = permalink(client, where[0], where[1]) if where is not None and where[1] else None
    with work() as session:
        minutes = meeting_minutes.minutes_of(session, network_id, meeting_id, thread_url)
        members = member_user_ids(session, network_id)
    others = [m for m in members if m != writer]
    outcomes: dict[Sent, list[str]] = {}
    if minutes is None:
        return CaughtUp(outcomes, others)
    now = utcnow()
    for user_id in minutes.missed_it(others):
        with work() as session:
            own = action_items.open_items(session, network_id, owner=user_id)
        text, blocks = catch_up_message(minutes, thread_url, own)
        outcome = send_once(
            work,
            network_id,
            kind=KIND_CATCH_UP,
            recipient=user_id,
            period_key=meeting_key(meeting_id),
            now=now,
            send=partial(DirectMessage, client, user_id, text, blocks),  # through the outbox
        )
        outcomes.setdefault(outcome, []).append(user_id)
    return CaughtUp(outcomes, others)


def _people(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def summary(outcomes: dict[Sent, list[str]], *, updated: bool, others: list[str]) -> str:
    """What happened, and only that: who got a message now, who had one already, who could not be reached."""
    text = "✅ Het verslag in de thread is bijgewerkt." if updated else "✅ Het verslag staat in de thread."
    return text + _details(outcomes, others)


def _details(outcomes: dict[Sent, list[str]], others: list[str]) -> str:
    sent = outcomes.get(Sent.SENT, [])
    taken = outcomes.get(Sent.TAKEN, [])
    failed = outcomes.get(Sent.FAILED, [])
    text = ""
    if sent:
        text += f" Bijgepraat via een privébericht: {_people(sent)}."
    if taken:
        text += f" Kreeg het bericht al eerder: {_people(taken)}."
    if failed:
        text += f" ⚠️ Niet gelukt voor {_people(failed)}: `/verslag` probeert het opnieuw."
    if not outcomes:
        if others:
            said = "zei" if len(others) == 1 else "zeiden"
            text += f" Niemand hoeft bijgepraat te worden: {_people(others)} {said} te komen."
        else:
            text += " Er zijn nog geen andere leden in het netwerk om bij te praten."
    return text


def after_late_minutes(work: Work, client: WebClient, row: Claimed, now: datetime | None = None) -> None:
    """A later try (the sweep) put a message of the minutes in the thread. Once all of them are there:
    the catch-up messages, and the writer hears it (once), since `/verslag` told them it had failed."""
    meeting_id = row.subject_id or 0
    with work() as session:
        meeting = meetings.get_meeting(session, row.network_id, meeting_id)
        minutes = meeting_minutes.minutes_of(session, row.network_id, meeting_id)
        stored = meeting_minutes.minutes_messages(session, row.network_id, meeting_id)
        title = meeting.title if meeting is not None else ""
    if minutes is None:
        return
    needed = len(minutes_parts(minutes)[1])
    if len(stored) < needed or not all(stored[:needed]):
        return  # a part is still to come: its delivery follows up
    caught = catch_up(work, client, row.network_id, meeting_id, row.tell_user_id)
    log.info("minutes of meeting %s are in Slack after a later try; catch-up: %s", meeting_id, caught.outcomes)
    if not row.tell_user_id:
        return
    text = f"✅ Het verslag van *{escape(title)}* staat nu toch in de thread."
    text += _details(caught.outcomes, caught.others)
    send_once(
        work,
        row.network_id,
        kind=KIND_MINUTES_LATE,
        recipient=row.tell_user_id,
        period_key=meeting_key(meeting_id),
        now=now or utcnow(),
        send=partial(DirectMessage, client, row.tell_user_id, text, [section(text)]),
    )
