"""An answer after the lazy step (Bolt's `respond`, through the request's response_url) that is not lost
silently: Slack's webhook client raises only when the connection fails, and answers an expired or
refused response_url (30 minutes, five uses) with a status code nobody reads. Either way the log says
what the person did not see; what was stored stays stored (callers answer after storing)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond

from plugin.notify import SLACK_FAILURES

log = logging.getLogger(__name__)


def answer_later(respond: Respond, text: str, **extra: Any) -> bool:
    """An ephemeral answer that does not replace the original; False (and a warning in the log) when it
    did not reach the person."""
    try:
        response = respond(text=text, response_type="ephemeral", replace_original=False, **extra)
    except SLACK_FAILURES:
        log.warning("an answer did not reach the person: %s", text, exc_info=True)
        return False
    status = getattr(response, "status_code", 200)
    if status != 200:
        log.warning("an answer was refused by its response_url (HTTP %s): %s", status, text)
        return False
    return True
