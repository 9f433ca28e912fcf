"""Sending a direct message exactly once: claim (storage.send_once), send through the outbox, confirm.

Used by every scheduled job (`plugin/jobs/`) and by `/verslag` for the minutes' DMs. A key is
(kind, network, recipient, period): `kind` names the job, `period_key` the day, week, month or
subject the message belongs to, so runs may overlap and repeat on any number of instances.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from plugin.delivery import Outcome, Work, deliver
from plugin.notify import SLACK_FAILURES
from storage import outbox
from storage import send_once as claims

log = logging.getLogger(__name__)


class Sent(Enum):
    SENT = "sent"
    TAKEN = "taken"  # another run (now or earlier) has this one
    FAILED = "failed"  # the claim was given back; the next run tries again


@dataclass(frozen=True)
class DirectMessage:
    """A DM for `send_once` to deliver through the outbox (never twice, retried until it lands)."""

    client: WebClient
    user_id: str
    text: str
    blocks: list[dict[str, Any]]


def send_once(
    work: Work,
    network_id: int,
    *,
    kind: str,
    recipient: str,
    period_key: str,
    now: datetime,
    send: Callable[[], DirectMessage | None],
) -> Sent:
    """Claim (kind, network, recipient, period) in a committed transaction of its own, then send.

    The unique key decides between concurrent runs on any number of instances: the INSERT of the
    second waits for the first to commit and then fails. `send` either sends itself (a failure deletes
    the claim again) or returns a `DirectMessage`: that goes into the outbox under the same key, so a
    try whose outcome was unknown is found in the conversation instead of sent again; when it fails,
    the claim is given back and the outbox (or the next run) tries again.
    """
    key = {"kind": kind, "recipient": recipient, "period_key": period_key}
    try:
        with work() as session:
            claims.claim(session, network_id, now=now, **key)
    except IntegrityError:
        return Sent.TAKEN
    try:
        message = send()
    except SLACK_FAILURES:
        log.warning(
            "%s for %s in network %s failed; released for the next run", kind, recipient, network_id, exc_info=True
        )
        with work() as session:
            claims.release(session, network_id, **key)
        return Sent.FAILED
    if message is not None and not _delivered_once(work, network_id, f"once:{kind}:{recipient}:{period_key}", message):
        with work() as session:
            claims.release(session, network_id, **key)
        return Sent.FAILED
    with work() as session:
        claims.confirm(session, network_id, now=now, **key)
    return Sent.SENT


def send_dm_once(
    work: Work,
    network_id: int,
    client: WebClient,
    *,
    kind: str,
    recipient: str,
    period_key: str,
    now: datetime,
    text: str,
    blocks: list[dict[str, Any]],
) -> Sent:
    """A fixed direct message to `recipient`, once per (kind, network, recipient, period): what every
    job that already knows its text sends (`send_once` with a `DirectMessage`)."""
    return send_once(
        work, network_id, kind=kind, recipient=recipient, period_key=period_key, now=now,
        send=lambda: DirectMessage(client, recipient, text, blocks),
    )  # fmt: skip


def _delivered_once(work: Work, network_id: int, key: str, message: DirectMessage) -> bool:
    """Through the outbox: True once Slack has it (now, or by an earlier try or the sweep), or when it
    failed for good (the coordinator was told; trying again each run would change nothing)."""
    with work() as session:
        outbox_id = outbox.want(
            session, network_id, key=key[:160], kind="dm", channel_id=message.user_id,
            text=message.text, blocks=message.blocks,
        )  # fmt: skip
        row = outbox.get(session, outbox_id)
        state = row.state if row is not None else outbox.SENT
    if state in (outbox.SENT, outbox.FAILED):
        return True
    return deliver(work, message.client, outbox_id).outcome in (Outcome.SENT, Outcome.FAILED)
