"""Uninstalls and revoked tokens: `app_uninstalled` and `tokens_revoked`, as Bolt documents them.

OAuth mode: Bolt's built-in listeners delete the workspace's installation and bot tokens from the
installation store, so `lerend-netwerk reminders` skips that workspace from then on. Single-workspace
mode has no store (the token is in the environment): the events are acknowledged and logged, so
Slack does not retry them. Either way the answer is a 200, never a 404. The network's own data
(offerings, meetings, …) stays: a reinstall finds it again.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

log = logging.getLogger(__name__)


def register(app: App, *, has_installation_store: bool) -> None:
    if has_installation_store:
        app.enable_token_revocation_listeners()
        return

    @app.event("app_uninstalled")
    def uninstalled(context: BoltContext) -> None:
        log.warning("app uninstalled from workspace %s; remove SLACK_BOT_TOKEN from the environment", context.team_id)

    @app.event("tokens_revoked")
    def revoked(event: dict[str, Any], context: BoltContext) -> None:
        log.warning("tokens revoked in workspace %s: %s", context.team_id, sorted(event.get("tokens") or {}))
