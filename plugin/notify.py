"""Telling one person something only they see, where they are; a direct message as the fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

log = logging.getLogger(__name__)

# What a failed Web API call raises: Slack's refusals, and the network failing underneath.
SLACK_FAILURES: tuple[type[Exception], ...] = (SlackClientError, OSError)


def tell(
    client: WebClient,
    *,
    user_id: str,
    channel_id: str | None,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    respond: Callable[..., Any] | None = None,
) -> None:
    """Ephemeral via `respond` or in the channel; else (that failing too) in a direct message."""
    extra: dict[str, Any] = {"blocks": blocks} if blocks else {}
    try:
        if respond is not None:
            respond(text=text, response_type="ephemeral", replace_original=False, **extra)
            return
        if channel_id:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, **extra)
            return
    except SLACK_FAILURES:
        log.warning("could not tell %s in %s; trying a direct message", user_id, channel_id, exc_info=True)
    try:
        client.chat_postMessage(channel=user_id, text=text, **extra)
    except SLACK_FAILURES:
        log.warning("could not tell %s at all", user_id, exc_info=True)
