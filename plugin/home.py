"""The App Home tab: what the person opening it needs from their network."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from commands.hiaten import current_period
from plugin.request_scope import network, transaction
from plugin.views.home import HOME_GAPS, home_view, meeting_blocks
from storage import catalog, meetings
from storage.base import utcnow
from storage.networks import other_networks_of_member
from storage.signals import gap_report


def publish_home(client: WebClient, context: BoltContext, user_id: str) -> None:
    """Build and publish the person's Home tab (on opening it, and after a *Klaar*)."""
    net = network(context)
    now = utcnow()
    with transaction(context) as session:
        organisation = catalog.organisation_of_member(session, net.id, user_id)
        offerings = catalog.offerings(session, net.id, organisation_id=organisation.id) if organisation else []
        report = gap_report(session, net.id, current_period())
        gaps = [(report.label(r.category), r) for r in report.analysis.gaps[:HOME_GAPS]] if report else []
        others = other_networks_of_member(session, net.team_id, user_id, net.id)
        agenda = meeting_blocks(
            meetings.next_meeting(session, net.id, now), meetings.open_items(session, net.id, owner=user_id)
        )
        view = home_view(
            net, organisation=organisation, offerings=offerings, gaps=gaps, other_networks=others, now=now,
            extra=agenda,
        )  # fmt: skip
    client.views_publish(user_id=user_id, view=view)


def register(app: App) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab") in (None, "home"):
            publish_home(client, context, event["user"])
