"""Putting a meeting's records in Slack: store first, post, then remember the message ts.

Shared by `/agenda`, `/actie`, `/verslag` and the reminders job. A record is committed before
any Slack call; when the call fails, its `message_ts` stays NULL and the person is told in Dutch
what failed. Every meeting and item message goes through the outbox (plugin.delivery): stored with
the change, retried by the next change, `/agenda opnieuw` (`repost_pending`) and `reminders`.

`Work` is the caller's unit of work: `lambda: transaction(context)` in a listener (so an event
stays marked handled), `db.transaction` in the command line.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from plugin.delivery import Delivered, Outcome, Work, deliver
from plugin.notify import SLACK_FAILURES
from storage import action_items, meetings, outbox

log = logging.getLogger(__name__)

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
    if isinstance(error, TimeoutError):  # Slack may have posted it: say only what we know
        return (
            f"⚠️ {what} is bewaard, maar Slack antwoordde niet op tijd: misschien staat het er al. Ik kijk het "
            f"na en zet het er zo nodig alsnog in, nooit twee keer. {RETRY_HINT}"
        )
    return f"⚠️ {what} is bewaard, maar ik kon het niet in Slack zetten: {slack_problem(error)}. {RETRY_HINT}"


# -- meeting and item messages: through the outbox (plugin.delivery) --------------------------------------
def _delivered(work: Work, client: WebClient, outbox_id: int | None) -> Delivered | None:
    if outbox_id is None:
        return None
    result = deliver(work, client, outbox_id)
    if result.outcome in (Outcome.RETRY, Outcome.FAILED) and result.error is not None:
        raise result.error
    return result


def publish_meeting(work: Work, client: WebClient, network_id: int, meeting_id: int) -> None:
    """Post the meeting message, or bring it up to date in place. Raises SLACK_FAILURES (the message
    stays in the outbox: the next change, `/agenda opnieuw` or `reminders` tries again)."""
    with work() as session:
        row = outbox.find(session, network_id, f"meeting:{meeting_id}")
        outbox_id = row.id if row else meetings.want_message_of_meeting_id(session, network_id, meeting_id)
    _delivered(work, client, outbox_id)


def publish_item(work: Work, client: WebClient, network_id: int, item_id: int) -> bool:
    """Post the item in its meeting's thread, or update its reply. False while the meeting itself
    is unposted (`/agenda opnieuw` posts the meeting, then its items). Raises SLACK_FAILURES."""
    _after_earlier_items(work, network_id, item_id)
    with work() as session:
        row = outbox.find(session, network_id, f"item:{item_id}")
        item = action_items.get_item(session, network_id, item_id) if row is None else None
        outbox_id = row.id if row else (action_items.want_item_message(session, item) if item is not None else None)
    result = _delivered(work, client, outbox_id)
    return result is not None and result.outcome is not Outcome.WAITING


def _after_earlier_items(work: Work, network_id: int, item_id: int, patience: float = 5.0) -> None:
    """A thread shows its items in the order they were made: wait a moment while an earlier item of the
    same meeting is being posted (not when it failed: then this one goes first)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        with work() as session:
            earlier = action_items.unposted_items_before(session, network_id, item_id)
            busy = [
                row for i in earlier
                if (row := outbox.find(session, network_id, f"item:{i}")) is not None
                and row.state == outbox.PENDING and row.failures == 0
            ]  # fmt: skip
        if not busy:
            return
        time.sleep(0.05)


@dataclass
class Repost:
    posted: int = 0
    failures: list[str] = field(default_factory=list)


def repost_pending(work: Work, client: WebClient, network_id: int, channel_id: str, now: datetime) -> Repost:
    """`/agenda opnieuw`: every meeting and item message of the channel still to post or to update
    (meetings first: items need their thread), then the channel's current meeting and its items are
    brought up to date (an earlier update may have failed). Each message is claimed before it is
    sent, so two `/agenda opnieuw` at once post nothing twice."""
    result = Repost()
    with work() as session:
        for meeting_id in meetings.unposted_meeting_ids(session, network_id, channel_id):
            meetings.want_message_of_meeting_id(session, network_id, meeting_id)  # made before the outbox
        for item_id in action_items.unposted_item_ids(session, network_id, channel_id):
            item = action_items.get_item(session, network_id, item_id)
            if item is not None:
                action_items.want_item_message(session, item)
        current = meetings.current_meeting(session, network_id, now, channel_id)
        if current is not None and current.message_ts:
            meetings.want_meeting_message(session, current)
            for item in action_items.items_of_meeting(session, network_id, current.id):
                if item.message_ts:
                    action_items.want_item_message(session, item)
        pending = outbox.pending_in_channel(session, network_id, channel_id, ("meeting", "item"))
    for outbox_id in pending:
        delivered = deliver(work, client, outbox_id)
        if delivered.posted:
            result.posted += 1
        elif delivered.error is not None:
            result.failures.append(slack_problem(delivered.error))
    return result


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
