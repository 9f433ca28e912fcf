"""`serve --dev` without Slack: forms are shown as text instead of failing at slack.com.

Without credentials there is no Slack to open a modal in. The dev client records the view a
listener would open (`views.open`, `views.push`, `views.update`) and answers like Slack; the
`/slack/events` route then returns that view in the HTTP response when the listener acknowledged
without a body, and `lerend-netwerk try` prints it as readable Dutch text (title, fields, buttons).
Other Web API calls still go to SLACK_API_URL and fail as before (and are logged).

Listeners run in the request thread (`process_before_response`), so a thread-local holds the
views of the request being handled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

VIEW_METHODS = ("views.open", "views.push", "views.update")
_shown = threading.local()


def take_shown_views() -> list[dict[str, Any]]:
    """The views recorded in this thread since the last call (and forget them)."""
    views: list[dict[str, Any]] = getattr(_shown, "views", [])
    _shown.views = []
    return views


class DevWebClient(WebClient):
    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        if api_method not in VIEW_METHODS:
            return super().api_call(api_method, **kwargs)
        payload = kwargs.get("json") or kwargs.get("data") or kwargs.get("params") or {}
        view = payload.get("view")
        if isinstance(view, str):
            import json

            view = json.loads(view)
        if isinstance(view, dict):
            _shown.views = [*getattr(_shown, "views", []), view]
        body = {"ok": True, "view": {**(view or {}), "id": "VDEV"}}
        return SlackResponse(
            client=self, http_verb="POST", api_url=api_method, req_args={}, data=body, headers={}, status_code=200
        )


def install_dev_views(app: App) -> None:
    """Give every request the dev client (same token and base URL as the one Bolt made)."""

    @app.middleware
    def dev_client(context: BoltContext, next: Callable[[], None]) -> None:
        current = context.client
        if current is not None and not isinstance(current, DevWebClient):
            context["client"] = DevWebClient(token=current.token, base_url=current.base_url, team_id=context.team_id)
        take_shown_views()
        next()
