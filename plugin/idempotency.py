"""A modal submitted twice (a double click, Slack's retry after a slow answer) is handled once.

The key is Slack's `view.id` plus a hash of the submitted values: the same form with the same input.
It goes where an event's id goes (`context["event_id"]`), so `request_scope.transaction` records it in
the same commit as what the submission stores; a concurrent twin then fails on the key and changes
nothing, and a later twin is acknowledged at once. A corrected form has other values: a new key.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from storage.db import Database
from storage.events import was_handled

log = logging.getLogger(__name__)

# Forms that only read (a search shown in the same window) may be sent again with the same words.
READ_ONLY_VIEWS = {"verwijs_zoek"}


def submission_key(view: dict[str, Any]) -> str | None:
    view_id = str(view.get("id") or "")
    if not view_id:
        return None
    values = json.dumps((view.get("state") or {}).get("values") or {}, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(values.encode()).hexdigest()[:40]
    return f"view:{view_id[:18]}:{digest}"


def repeated_submission(db: Database, body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
    """The answer to a form already handled; else None, with the form's key as the request's `event_id` (the
    last step of the one middleware, plugin.middleware, before the listener runs)."""
    view = body.get("view") or {}
    if body.get("type") == "view_submission" and view.get("callback_id") not in READ_ONLY_VIEWS:
        key = submission_key(view)
        if key is not None:
            return handled_once(db, key, context, "form %s was already handled; the repeat changes nothing")
    return None


def handled_once(db: Database, key: str, context: BoltContext, repeat_log: str) -> BoltResponse | None:
    """An empty acknowledgement when `key` (an event's id, a form's key) was handled already (logged with
    `repeat_log`); else None, and `key` becomes the request's `event_id`, recorded with what it stores."""
    with db.transaction() as session:
        if was_handled(session, key):
            log.info(repeat_log, key)
            return BoltResponse(status=200, body="")
    context["event_id"] = key
    return None
