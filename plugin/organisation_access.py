"""After the acknowledgement of `/netwerk organisatie` or the `/aanbod` form: ask the members of an
organisation and the coordinator whether someone may speak for it (a DM with *Toestaan* / *Weigeren*)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from plugin.notify import SLACK_FAILURES, tell
from plugin.request_scope import transaction
from plugin.views.access import UNREACHABLE, request_message
from storage.join_requests import JoinOutcome, withdraw

log = logging.getLogger(__name__)


def remember_request(
    context: BoltContext, outcome: JoinOutcome, organisation: str, network: str, channel_id: str | None
) -> None:
    """For the lazy listener: whom to ask about which request (only for a request just opened)."""
    if outcome.request_id is not None and outcome.approvers:
        context["join_request"] = {
            "id": outcome.request_id,
            "approvers": list(outcome.approvers),
            "organisation": organisation,
            "network": network,
            "channel": channel_id,
        }


def ask_approvers(context: BoltContext, client: WebClient) -> None:
    asked: dict[str, Any] | None = context.get("join_request")
    if not asked:
        return
    text, blocks = request_message(context.user_id or "", asked["organisation"], asked["network"], asked["id"])
    reached = 0
    for approver in asked["approvers"]:
        try:
            client.chat_postMessage(channel=approver, text=text, blocks=blocks)
            reached += 1
        except SLACK_FAILURES:
            log.warning("could not ask %s about join request %s", approver, asked["id"], exc_info=True)
    if reached:
        return
    log.error("join request %s: no approver could be reached", asked["id"])
    with transaction(context) as session:
        withdraw(session, asked["id"])
    tell(client, user_id=context.user_id or "", channel_id=asked.get("channel"), text=UNREACHABLE)
