"""What each kind of outbox message shows, and what the app remembers once it is posted (plugin.delivery
delivers them): a fixed text, or the current state of a meeting, action item, referral or the minutes.

`RENDERERS` per kind (absent: the row's own stored text), `ON_POSTED` hooks that keep the message's ts
with its subject, `REPOST_WHEN_DELETED`, and `FOLLOW_UPS` that a later delivery runs once a message is
first in Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from plugin.views.activities import outcome_message
from plugin.views.kit import section
from plugin.views.meetings import action_item_message, meeting_message
from storage import (
    action_items,
    activities,
    knowledge,
    meeting_minutes,
    meetings,
    minutes_outbox,
    public_map,
    referral_outcomes,
)
from storage.outbox import Claimed

Work = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Rendered:
    channel_id: str
    thread_ts: str | None
    text: str
    blocks: list[dict[str, Any]] | None
    message_ts: str | None = None


_GONE = object()  # the subject was deleted: nothing to show
_WAIT = object()  # the thread to post in is not in Slack yet


# -- what each kind shows, and what it remembers once posted -------------------------------------------
def _render_meeting(session: Session, row: Claimed) -> Rendered | object:
    card = meetings.meeting_card(session, row.network_id, row.subject_id or 0)
    if card is None:
        return _GONE
    text, blocks = meeting_message(card)
    return Rendered(card.channel_id, None, text, blocks, card.message_ts)


def _render_item(session: Session, row: Claimed) -> Rendered | object:
    card = action_items.item_card(session, row.network_id, row.subject_id or 0)
    if card is None:
        return _GONE
    if card.thread_ts is None:
        return _WAIT
    text, blocks = action_item_message(card)
    return Rendered(card.channel_id, card.thread_ts, text, blocks, card.message_ts)


def _render_referral(session: Session, row: Claimed) -> Rendered | object:
    from plugin.referral_delivery import render_referral  # it delivers through this module

    shown = render_referral(session, row.subject_id or 0, reminder=row.kind == "referral_reminder")
    if shown is None:
        return _GONE
    return Rendered(row.channel_id, None, shown[0], shown[1], row.message_ts)


def _render_told(session: Session, row: Claimed) -> Rendered | object:
    """The note to the referring partner: its stored text, unless a newer change of outcome overtook it."""
    from plugin.referral_delivery import told_is_current

    if not told_is_current(session, row.subject_id or 0, row.key):
        return _GONE
    return Rendered(row.channel_id, None, row.text or "", row.blocks, row.message_ts)


def _render_activity_outcome(session: Session, row: Claimed) -> Rendered | object:
    """How a joint activity went, in the DM that asked (or a new one)."""
    activity = activities.get_activity(session, row.network_id, row.subject_id or 0)
    if activity is None:
        return _GONE
    text, blocks = outcome_message(activity)
    return Rendered(row.channel_id, None, text, blocks, row.message_ts)


def _render_minutes(session: Session, row: Claimed) -> Rendered | object:
    """One message of a meeting's minutes, as they are now; a part the minutes no longer need is
    emptied if it was posted, and forgotten if not."""
    from plugin.minutes_delivery import SPARE_PART, minutes_parts

    meeting_id, part = row.subject_id or 0, minutes_outbox.part_of(row.key)
    meeting = meetings.get_meeting(session, row.network_id, meeting_id)
    minutes = meeting_minutes.minutes_of(session, row.network_id, meeting_id) if meeting is not None else None
    if meeting is None or minutes is None or meeting.message_ts is None:
        return _GONE
    stored = meeting_minutes.minutes_messages(session, row.network_id, meeting_id)
    ts = (stored[part] if part < len(stored) else None) or row.message_ts
    text, parts = minutes_parts(minutes)
    if part >= len(parts):
        return Rendered(meeting.channel_id, meeting.message_ts, SPARE_PART, [section(SPARE_PART)], ts) if ts else _GONE
    if ts is None and minutes_outbox.earlier_part_waiting(session, row.network_id, meeting_id, part):
        return _WAIT
    return Rendered(meeting.channel_id, meeting.message_ts, text, parts[part], ts)


RENDERERS: dict[str, Callable[[Session, Claimed], Rendered | object]] = {
    "meeting": _render_meeting,
    "item": _render_item,
    "minutes": _render_minutes,
    "referral": _render_referral,
    "referral_reminder": _render_referral,
    "referral_update": _render_referral,  # a referral DM sent before the outbox kept them, updated in place
    "referral_told": _render_told,
    "activity_outcome": _render_activity_outcome,
}

ON_POSTED: dict[str, Callable[[Session, Claimed, str, str], None]] = {
    # a referral's DMs are updated in place when its outcome changes
    "referral": lambda s, row, channel, ts: referral_outcomes.add_messages(s, row.subject_id or 0, [(channel, ts)]),
    "referral_reminder": lambda s, row, channel, ts: referral_outcomes.add_messages(
        s, row.subject_id or 0, [(channel, ts)]
    ),
    "meeting": lambda s, row, channel, ts: meetings.set_meeting_ts(s, row.network_id, row.subject_id or 0, ts),
    "item": lambda s, row, channel, ts: action_items.set_item_ts(s, row.network_id, row.subject_id or 0, ts),
    "minutes": lambda s, row, channel, ts: minutes_outbox.record_part(
        s, row.network_id, row.subject_id or 0, minutes_outbox.part_of(row.key), ts
    ),
    "knowledge": lambda s, row, channel, ts: knowledge.set_announcement(
        s, row.network_id, row.subject_id or 0, channel, ts
    ),
    "activity": lambda s, row, channel, ts: activities.set_announcement(
        s, row.network_id, row.subject_id or 0, channel, ts
    ),
    # a report on the public map counts as notified once its first DM is in Slack
    "error_report": lambda s, row, channel, ts: public_map.mark_report_notified(s, row.subject_id or 0),
}


# Kinds whose message is posted anew when someone deleted it (an update then finds no message).
REPOST_WHEN_DELETED = frozenset({"minutes"})


def _follow_minutes(work: Work, client: WebClient, row: Claimed) -> None:
    from plugin.minutes_delivery import after_late_minutes

    after_late_minutes(work, client, row)


# What a later delivery (the sweep) does once a message is first in Slack: what the listener that
# stored it would have done after posting it (the minutes: catch up who was not there, tell the writer).
FOLLOW_UPS: dict[str, Callable[[Work, WebClient, Claimed], None]] = {"minutes": _follow_minutes}


def _render(session: Session, row: Claimed) -> Rendered | object:
    renderer = RENDERERS.get(row.kind)
    if renderer is not None:
        return renderer(session, row)
    return Rendered(row.channel_id, row.thread_ts, row.text or "", row.blocks, row.message_ts)
