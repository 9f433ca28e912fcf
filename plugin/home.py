"""The App Home tab: what the person opening it needs from their network."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from plugin.request_scope import network, transaction
from plugin.views.home import home_view
from storage.networks import find_member


def register(app: App) -> None:
    @app.event("app_home_opened")
    def publish_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        user_id = event["user"]
        net = network(context)
        with transaction(context) as session:
            member = find_member(session, net.id, user_id)
            view = home_view(net, user_id, is_member=member is not None)
        client.views_publish(user_id=user_id, view=view)
