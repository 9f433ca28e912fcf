"""Putting a meeting's records in Slack: store first, post, then remember the message ts.

Shared by `/agenda`, `/actie`, `/verslag` and the reminders job. A record is committed before
any Slack call; when the call fails, its `message_ts` stays NULL and the person is told in Dutch
what failed. The one retry mechanism is `/agenda opnieuw` (`repost_pending`): it posts every
meeting and action item of the channel that is still unposted and refreshes the meeting message.

`Work` is the caller's unit of work: `lambda: transaction(context)` in a listener (so an event
stays marked handled), `db.transaction` in the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from plugin.notify import SLACK_FAILURES
from plugin.views.meetings import action_item_message, meeting_message
from storage import meetings

log = logging.getLogger(__name__)

Work = Callable[[], AbstractContextManager[Session]]
RETRY_HINT = "Typ `/agenda opnieuw` in dit kanaal om het opnieuw te proberen; er gaat niets verloren."


def slack_problem(error: Exception) -> str:
    """What went wrong, in words a coordinator can act on."""
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error") or "")
        if code in ("channel_not_found", "not_in_channel"):
            return "de app zit niet in dit kanaal (nodig ze uit met `/invite @Lerend Netwerk`)"
        if code == "is_archived":
            return "het kanaal is gearchiveerd"
        if code == "ratelimited":
            return "Slack vraagt even te wachten (te veel berichten tegelijk)"
        if error.response.status_code >= 500:
            return f"Slack had een storing (`{code or error.response.status_code}`)"
        return f"Slack weigerde (`{code or 'onbekende fout'}`)"
    return "Slack was niet bereikbaar"


def failure_text(what: str, error: Exception) -> str:
    return f"⚠️ {what} is bewaard, maar ik kon het niet in Slack zetten: {slack_problem(error)}. {RETRY_HINT}"


# -- meeting and item messages ---------------------------------------------------------------------
def publish_meeting(work: Work, client: WebClient, network_id: int, meeting_id: int) -> None:
    """Post the meeting message, or update it in place once it is posted. Raises SLACK_FAILURES."""
    with work() as session:
        card = meetings.meeting_card(session, network_id, meeting_id)
    if card is None:
        return
    text, blocks = meeting_message(card)
    if card.message_ts:
        client.chat_update(channel=card.channel_id, ts=card.message_ts, text=text, blocks=blocks)
        return
    posted = client.chat_postMessage(channel=card.channel_id, text=text, blocks=blocks, unfurl_links=False)
    with work() as session:
        meetings.set_meeting_ts(session, network_id, meeting_id, str(posted["ts"]))


def publish_item(work: Work, client: WebClient, network_id: int, item_id: int) -> bool:
    """Post the item in its meeting's thread, or update its reply. False while the meeting itself
    is unposted (`/agenda opnieuw` posts the meeting, then its items). Raises SLACK_FAILURES."""
    with work() as session:
        card = meetings.item_card(session, network_id, item_id)
    if card is None or card.thread_ts is None:
        return False
    text, blocks = action_item_message(card)
    if card.message_ts:
        client.chat_update(channel=card.channel_id, ts=card.message_ts, text=text, blocks=blocks)
        return True
    posted = client.chat_postMessage(
        channel=card.channel_id, thread_ts=card.thread_ts, text=text, blocks=blocks, unfurl_links=False
    )
    with work() as session:
        meetings.set_item_ts(session, network_id, item_id, str(posted["ts"]))
    return True


@dataclass
class Repost:
    posted: int = 0
    failures: list[str] = field(default_factory=list)


def repost_pending(work: Work, client: WebClient, network_id: int, channel_id: str, now: datetime) -> Repost:
    """`/agenda opnieuw`: unposted meetings first (items need their thread), then unposted items,
    then the channel's current meeting message is refreshed (an earlier update may have failed)."""
    result = Repost()
    with work() as session:
        meeting_ids = meetings.unposted_meeting_ids(session, network_id, channel_id)
        current = meetings.current_meeting(session, network_id, now, channel_id)
        refresh = current.id if current is not None and current.message_ts else None
    for meeting_id in meeting_ids:
        try:
            publish_meeting(work, client, network_id, meeting_id)
            result.posted += 1
        except SLACK_FAILURES as error:
            result.failures.append(slack_problem(error))
    with work() as session:
        item_ids = meetings.unposted_item_ids(session, network_id, channel_id)
    for item_id in item_ids:
        try:
            if publish_item(work, client, network_id, item_id):
                result.posted += 1
        except SLACK_FAILURES as error:
            result.failures.append(slack_problem(error))
    if refresh is not None and refresh not in meeting_ids:
        try:
            publish_meeting(work, client, network_id, refresh)
        except SLACK_FAILURES as error:
            result.failures.append(slack_problem(error))
    return result


# -- exactly once --------------------------------------------------------------------------------------
class Sent(Enum):
    SENT = "sent"
    TAKEN = "taken"  # another run (now or earlier) has this one
    FAILED = "failed"  # the claim was given back; the next run tries again


def send_once(
    work: Work,
    network_id: int,
    *,
    kind: str,
    recipient: str,
    period_key: str,
    now: datetime,
    send: Callable[[], None],
) -> Sent:
    """Claim (kind, network, recipient, period) in a committed transaction of its own, then send.

    The unique key decides between concurrent runs on any number of instances: the INSERT of the
    second waits for the first to commit and then fails. A failed send deletes the claim again.
    """
    key = {"kind": kind, "recipient": recipient, "period_key": period_key}
    try:
        with work() as session:
            meetings.claim_reminder(session, network_id, now=now, **key)
    except IntegrityError:
        return Sent.TAKEN
    try:
        send()
    except SLACK_FAILURES:
        log.warning(
            "%s for %s in network %s failed; released for the next run", kind, recipient, network_id, exc_info=True
        )
        with work() as session:
            meetings.release_reminder(session, network_id, **key)
        return Sent.FAILED
    with work() as session:
        meetings.confirm_reminder(session, network_id, now=now, **key)
    return Sent.SENT


def direct_message(client: WebClient, user_id: str, text: str, blocks: list[dict[str, Any]]) -> None:
    """A DM: chat.postMessage to a user id opens (or reuses) the bot's conversation with them."""
    client.chat_postMessage(channel=user_id, text=text, blocks=blocks, unfurl_links=False)


def permalink(client: WebClient, channel_id: str, message_ts: str) -> str | None:
    """A link to a message (the meeting's thread); None when Slack does not give one."""
    try:
        return str(client.chat_getPermalink(channel=channel_id, message_ts=message_ts)["permalink"])
    except SLACK_FAILURES:
        log.warning("no permalink for %s in %s", message_ts, channel_id, exc_info=True)
        return None
