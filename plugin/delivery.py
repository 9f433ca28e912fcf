"""Delivering the outbox to Slack: nothing lost, nothing twice.

A row of the outbox (storage.outbox) is stored in the transaction of the change it announces. `deliver`
claims it (a lease: one deliverer at a time on any instance), renders it (fixed text, or the current
state of a meeting or action item), and posts it — or, once posted, updates it in place. Every post
carries Slack message metadata (our event type + the outbox id): after a try whose outcome is unknown
(a timeout, a dropped connection, a 5xx), the next try first looks in the channel or thread
(`conversations.history` / `conversations.replies` with `include_all_metadata`) and adopts the message
it finds instead of posting again. A failed try is retried with backoff (domain.delivery_rules) by the
next change, `/agenda opnieuw`, or `lerend-netwerk reminders` (`deliver_due`); a message that fails
for good is told once, in a direct message, to the person who made it (or the coordinator).

The client used here never repeats a call on its own after a dropped connection (that could post
twice); short rate limits (Retry-After ≤ 3 s) are waited out in place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.orm import Session

from domain.delivery_rules import gives_up, retry_delay
from plugin.delivery_kinds import _GONE, _WAIT, FOLLOW_UPS, ON_POSTED, REPOST_WHEN_DELETED, Rendered, Work, _render
from plugin.notify import SLACK_FAILURES
from storage import outbox
from storage.base import utcnow
from storage.outbox import Claimed

log = logging.getLogger(__name__)

EVENT_TYPE = "lerend_netwerk_bericht"
LEASE = timedelta(minutes=2)
SHORT_RATE_LIMIT_SECONDS = 3
WAIT_FOR_OTHER_SECONDS = 10.0


class Outcome(Enum):
    SENT = "sent"  # Slack shows the message as it should be
    RETRY = "retry"  # failed; stays in the outbox for a later try
    FAILED = "failed"  # failed for good (and the person was told)
    BUSY = "busy"  # another deliverer has it, or it is not due yet
    WAITING = "waiting"  # an item whose meeting is not in Slack yet


@dataclass
class Delivered:
    outcome: Outcome
    error: Exception | None = None
    posted: bool = False  # a new message appeared (not an update, not an adopted earlier post)


# -- the client -------------------------------------------------------------------------------------------
class _ShortRateLimitRetry(RateLimitErrorRetryHandler):
    """Wait out a short Retry-After in place; a long one goes back to the outbox's schedule."""

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        for name, values in (response.headers or {}).items():
            if name.lower() == "retry-after":
                try:
                    return int(values[0]) <= SHORT_RATE_LIMIT_SECONDS
                except (ValueError, IndexError):
                    return False
        return True


def delivery_client(client: WebClient) -> WebClient:
    """The same token, Slack URL and timeout, without repeating calls after a dropped connection."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[_ShortRateLimitRetry(max_retry_count=2)],
    )


# -- delivering -------------------------------------------------------------------------------------------
def deliver(
    work: Work,
    client: WebClient,
    outbox_id: int,
    *,
    force: bool = True,
    now: datetime | None = None,
    follow_up: bool = False,
) -> Delivered:
    """Try to bring one outbox message into Slack. Never raises for Slack's failures (see `Delivered`).
    With `follow_up` (the sweep), a message that is in Slack for the first time gets its kind's
    FOLLOW_UPS; a listener that delivers its own message does that itself."""
    slack = delivery_client(client)
    now = now or utcnow()
    claimed = _claim(work, outbox_id, now, force=force)
    posted_any = False
    for _ in range(5):  # the subject changed while we delivered: show the newer state
        if claimed is None:
            return Delivered(Outcome.SENT, posted=posted_any) if posted_any else Delivered(Outcome.BUSY)
        row, rendered = claimed
        if rendered is _WAIT:
            with work() as session:
                outbox.release(session, row.id, undo_attempt=True)
            return Delivered(Outcome.WAITING)
        if rendered is _GONE:
            with work() as session:
                outbox.finish_sent(session, row.id, row.version)
            return Delivered(Outcome.SENT)
        assert isinstance(rendered, Rendered)
        try:
            channel, ts, posted, new_ts = _send(slack, row, rendered)
        except SLACK_FAILURES as error:
            return _failed(work, slack, row, rendered, error, now)
        posted_any |= posted
        with work() as session:
            if new_ts:  # remembered at once: no later try posts it again
                outbox.record_posted(session, row.id, channel, ts)
                hook = ON_POSTED.get(row.kind)
                if hook is not None:
                    hook(session, row, channel, ts)
            done = outbox.finish_sent(session, row.id, row.version)
            follows = new_ts and follow_up and row.kind in FOLLOW_UPS
            if not done and not follows:  # given back and taken again at once: no other deliverer between
                claimed = _claim_again(session, row.id)
        if follows:
            try:
                FOLLOW_UPS[row.kind](work, client, row)
            except Exception:  # the message itself is delivered; what follows must not undo that
                log.exception("outbox %s (%s): its follow-up failed", row.id, row.kind)
            if not done:
                with work() as session:
                    claimed = _claim_again(session, row.id)
        if done:
            return Delivered(Outcome.SENT, posted=posted_any)
    return Delivered(Outcome.RETRY)


def _claim_again(session: Session, outbox_id: int) -> tuple[Claimed, object] | None:
    """The subject changed while it was delivered: take the row again to show the newer state."""
    again = outbox.claim(session, outbox_id, utcnow(), LEASE, force=True)
    return (again, _render(session, again)) if again is not None else None


def _claim(work: Work, outbox_id: int, now: datetime, *, force: bool) -> tuple[Claimed, object] | None:
    """Claim and render in one transaction. A forced delivery (someone just changed something) waits a
    moment for another deliverer of the same message to finish, then shows the state as it is; giving
    up is safe: the other deliverer sees the changed version and delivers again."""
    deadline = time.monotonic() + (WAIT_FOR_OTHER_SECONDS if force else 0)
    while True:
        with work() as session:
            row = outbox.claim(session, outbox_id, max(now, utcnow()), LEASE, force=force)
            if row is not None:
                return row, _render(session, row)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def _send(slack: WebClient, row: Claimed, rendered: Rendered) -> tuple[str, str, bool, bool]:
    """Update the message if it is in Slack; else adopt an earlier post found by its metadata, or post.
    Returns where it is, whether a new message was posted, and whether its ts is new to the outbox."""
    ts = rendered.message_ts or row.message_ts
    channel = row.posted_channel_id or rendered.channel_id
    if ts:
        try:
            slack.chat_update(channel=channel, ts=ts, text=rendered.text, blocks=rendered.blocks)
            return channel, ts, False, not row.message_ts
        except SlackApiError as error:
            if row.kind not in REPOST_WHEN_DELETED or error_code(error) != "message_not_found":
                raise
        log.info("outbox %s: its message %s was deleted; posted anew", row.id, ts)
        found = None
    else:
        found = find_posted(slack, row, rendered) if row.attempts > 1 else None
    if found is not None:
        log.info("outbox %s: found the message of an earlier try (%s); adopted, not posted again", row.id, found[1])
        return found[0], found[1], False, True
    extra: dict[str, Any] = {"thread_ts": rendered.thread_ts} if rendered.thread_ts else {}
    answer = slack.chat_postMessage(
        channel=rendered.channel_id,
        text=rendered.text,
        blocks=rendered.blocks,
        unfurl_links=False,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"outbox_id": row.id, "network_id": row.network_id}},
        **extra,
    )
    return str(answer["channel"]), str(answer["ts"]), True, True


def find_posted(slack: WebClient, row: Claimed, rendered: Rendered) -> tuple[str, str] | None:
    """The message an earlier try may have posted, found by its metadata. Raises SLACK_FAILURES (then
    nothing is posted: better late than twice)."""
    channel = rendered.channel_id
    if channel[:1] in ("U", "W"):  # a direct message: its conversation's id
        channel = str(slack.conversations_open(users=channel)["channel"]["id"])
    if rendered.thread_ts:
        answer = slack.conversations_replies(
            channel=channel, ts=rendered.thread_ts, include_all_metadata=True, limit=200
        )
    else:
        answer = slack.conversations_history(channel=channel, include_all_metadata=True, limit=200)
    for message in answer.get("messages") or []:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if (
            metadata.get("event_type") == EVENT_TYPE
            and str(payload.get("outbox_id")) == str(row.id)
            and str(payload.get("network_id", row.network_id)) == str(row.network_id)
        ):
            return channel, str(message["ts"])
    return None


def _failed(
    work: Work, slack: WebClient, row: Claimed, rendered: Rendered, error: Exception, now: datetime
) -> Delivered:
    code = error_code(error)
    failures = row.failures + 1
    give_up = gives_up(code, failures)
    with work() as session:
        outbox.finish_failed(
            session,
            row.id,
            error=code or type(error).__name__,
            next_attempt_at=now + retry_delay(failures, retry_after(error)),
            give_up=give_up,
        )
    log.warning("outbox %s (%s) failed (%s, try %s)%s", row.id, row.kind, code or type(error).__name__,
                failures, "; given up" if give_up else "; will retry")  # fmt: skip
    if give_up:
        tell_failed(work, slack, row, rendered.text, error, failures, now)
        return Delivered(Outcome.FAILED, error)
    return Delivered(Outcome.RETRY, error)


def error_code(error: Exception) -> str | None:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or "") or None
    return None


def retry_after(error: Exception) -> float | None:
    if isinstance(error, SlackApiError) and error.response.status_code == 429:
        try:
            return float(error.response.headers.get("Retry-After") or error.response.headers.get("retry-after") or 60)
        except (TypeError, ValueError):
            return 60.0
    return None


def tell_failed(
    work: Work, slack: WebClient, row: Claimed, text: str, error: Exception, tries: int, now: datetime
) -> None:
    """Once per message that failed for good: the person who made it (or the coordinator) hears it."""
    from plugin.meeting_delivery import slack_problem  # the Dutch explanation of Slack's refusals

    with work() as session:
        first = outbox.mark_told(session, row.id, now)
        who = row.tell_user_id or _coordinator(session, row.network_id)
    if not first:
        return
    if not who:
        log.error("outbox %s failed for good and nobody can be told", row.id)
        return
    where = f"<@{row.channel_id}>" if row.channel_id[:1] in ("U", "W") else f"<#{row.channel_id}>"
    hint = {
        "meeting": " Typ `/agenda opnieuw` in dat kanaal zodra het opgelost is.",
        "item": " Typ `/agenda opnieuw` in dat kanaal zodra het opgelost is.",
        "minutes": " Typ `/verslag` in dat kanaal zodra het opgelost is.",
    }.get(row.kind, "")
    quoted = " ".join(text.split())[:200]
    message = (
        f"⚠️ Een bericht voor {where} kon ik na {tries} pogingen niet in Slack zetten: {slack_problem(error)}. "
        f"Wat bewaard werd, blijft bewaard.{hint}\n> {quoted}"
    )
    try:
        slack.chat_postMessage(channel=who, text=message, unfurl_links=False)
    except SLACK_FAILURES:
        log.error("outbox %s failed for good; telling %s failed too", row.id, who, exc_info=True)


def _coordinator(session: Session, network_id: int) -> str | None:
    from storage.models import Network

    network = session.get(Network, network_id)
    return network.coordinator_user_id if network is not None else None


# -- the sweep: what `lerend-netwerk reminders` runs -------------------------------------------------------
@dataclass
class Sweep:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    skipped: int = 0  # workspaces without an installation


def deliver_due(db_work: Work, client_for: Callable[[str], WebClient | None], now: datetime) -> Sweep:
    """Every pending message whose next try is due, on any instance at once (claims decide)."""
    sweep = Sweep()
    with db_work() as session:
        due = outbox.due(session, now)
    clients: dict[str, WebClient | None] = {}
    for outbox_id, team_id in due:
        if team_id not in clients:
            clients[team_id] = client_for(team_id)
        client = clients[team_id]
        if client is None:
            sweep.skipped += 1
            continue
        result = deliver(db_work, client, outbox_id, force=False, now=now, follow_up=True)
        if result.outcome is Outcome.SENT:
            sweep.sent += 1
        elif result.outcome is Outcome.RETRY:
            sweep.retry += 1
        elif result.outcome is Outcome.FAILED:
            sweep.failed += 1
    return sweep
