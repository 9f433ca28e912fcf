"""The App Home tab: what the person opening it needs from their own network.

Each feature provides its own section (a `home_section(request)` in its module, listed in order by
`plugin/features.py` `home_sections`); this module looks up what they all need once (the network, the
person's organisation, the moment), composes them in one transaction and publishes the view.
A member of several networks of the workspace chooses one with the select at the top; the Home
view carries its network, signed, so that its buttons (*Klaar*, *Nog actueel*, the forms) act there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from plugin.features import home_sections
from plugin.request_scope import network, sealed, transaction
from plugin.views.home import home_view
from plugin.views.kit import Block, escape
from plugin.views.tenancy import CHOOSE, CHOSEN, home_choice
from storage import catalog
from storage.base import utcnow
from storage.models import Organisation
from storage.networks import NetworkRef, networks_of_person


@dataclass(frozen=True)
class HomeRequest:
    """What every section gets: read within the Home tab's one transaction."""

    session: Session
    network: NetworkRef
    user_id: str
    organisation: Organisation | None  # the one the person speaks for in this network
    now: datetime


HomeSection = Callable[[HomeRequest], list[Block]]


def publish_home(client: WebClient, context: BoltContext, user_id: str) -> None:
    """Build and publish the person's Home tab (on opening it, and after a *Klaar*)."""
    net = network(context)
    with transaction(context) as session:
        mine = [(n.id, n.name) for n in networks_of_person(session, net.team_id, user_id)]
        choice = [home_choice(mine, net.id)] if len(mine) > 1 else []
        request = HomeRequest(session, net, user_id, catalog.organisation_of_member(session, net.id, user_id), utcnow())
        view = home_view(net, choice=choice, sections=[section(request) for section in home_sections()])
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
