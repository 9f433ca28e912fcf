"""The App Home tab: what the person opening it needs from their own network.

A member of several networks of the workspace chooses one with the select at the top; the Home
view carries its network, signed, so that its buttons (*Klaar*, *Nog actueel*, the forms) act there.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from commands.hiaten import current_period
from plugin.referral_delivery import outcome_view
from plugin.request_scope import network, sealed, transaction
from plugin.views.home import HOME_GAPS, HOME_REFERRALS, home_view, meeting_blocks
from plugin.views.kit import escape
from plugin.views.tenancy import CHOOSE, CHOSEN, home_choice
from storage import action_items, catalog, meetings
from storage import referral_outcomes as referral_loop
from storage.base import utcnow
from storage.networks import networks_of_person
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
        mine = [(n.id, n.name) for n in networks_of_person(session, net.team_id, user_id)]
        agenda = meeting_blocks(
            meetings.next_meeting(session, net.id, now), action_items.open_items(session, net.id, owner=user_id)
        )
        choice = [home_choice(mine, net.id)] if len(mine) > 1 else []
        waiting = referral_loop.awaiting(session, net.id, organisation.id, HOME_REFERRALS + 1) if organisation else []
        referrals = [block for card in waiting[:HOME_REFERRALS] for block in outcome_view(session, card)]
        view = home_view(
            net, organisation=organisation, offerings=offerings, gaps=gaps, choice=choice, now=now, extra=agenda,
            referrals=referrals, more_referrals=len(waiting) > HOME_REFERRALS,
        )  # fmt: skip
    client.views_publish(user_id=user_id, view=sealed(context, view))


def register(app: App) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if event.get("tab") in (None, "home"):
            publish_home(client, context, event["user"])

    @app.action(CHOOSE)
    def network_chosen(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        """The middleware recorded the choice (and refused one that is not the person's): show it."""
        ack()
        view = body.get("view")
        if isinstance(view, dict) and view.get("type") == "home":
            publish_home(client, context, context.user_id or "")
        else:
            respond(text=CHOSEN.format(name=escape(network(context).name)), replace_original=True)
