"""Global Bolt middleware: shared handles, Slack's event retries, and the request's network."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from sqlalchemy.orm import Session

from plugin.config import Settings
from storage.db import Database
from storage.events import was_handled
from storage.networks import NetworkRef, create_network, ensure_member, resolve_network
from storage.search_index import SearchIndexCache

log = logging.getLogger(__name__)

NOT_THIS_WORKSPACE = "Lerend Netwerk is niet geïnstalleerd in deze werkruimte."
# Events about the installation itself: no network is created for them.
_NO_NETWORK_EVENTS = {"app_uninstalled", "tokens_revoked"}
# Requests made by a person (not events): the person becomes a known member of the network.
_INTERACTIVE_TYPES = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}


def _team_name(body: dict[str, Any]) -> str | None:
    team = body.get("team")
    if isinstance(team, dict):
        return team.get("name") or team.get("domain")
    return body.get("team_domain")


def install_middleware(app: App, settings: Settings, db: Database) -> None:
    search = SearchIndexCache()
    known_members: set[tuple[int, str]] = set()

    @app.middleware
    def provide_handles(context: BoltContext, next: Callable[[], None]) -> None:
        context["db"] = db
        context["settings"] = settings
        context["search"] = search
        next()

    @app.middleware
    def skip_handled_events(
        body: dict[str, Any], context: BoltContext, next: Callable[[], None]
    ) -> BoltResponse | None:
        """Slack retries an event it thinks we missed; if it was handled, acknowledge and stop."""
        if body.get("type") == "event_callback" and body.get("event_id"):
            event_id = str(body["event_id"])
            with db.transaction() as session:
                if was_handled(session, event_id):
                    log.info("event %s already handled; retry acknowledged", event_id)
                    return BoltResponse(status=200, body="")
            context["event_id"] = event_id
        next()
        return None

    @app.middleware
    def attach_network(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> BoltResponse | None:
        team_id = context.team_id
        event_type = (body.get("event") or {}).get("type")
        if not team_id or event_type in _NO_NETWORK_EVENTS:
            next()
            return None
        authorized = context.authorize_result.team_id if context.authorize_result else None
        if authorized and authorized != team_id:
            # Single-workspace mode: the bot token belongs to one workspace only.
            log.warning("request from workspace %s refused: the app is installed in %s", team_id, authorized)
            if context.response_url:
                context.respond(text=NOT_THIS_WORKSPACE, response_type="ephemeral")
            return BoltResponse(status=200, body="")
        is_person = body.get("command") is not None or body.get("type") in _INTERACTIVE_TYPES

        def attach(session: Session) -> tuple[int, str] | None:
            joined: tuple[int, str] | None = None
            network = resolve_network(session, team_id, context.channel_id or _channel_of_view(body))
            if network is None:
                # Single-workspace mode (or an install whose network went missing): the first
                # person to use the app in this workspace starts its network and coordinates it.
                network = create_network(
                    session,
                    team_id=team_id,
                    name=_team_name(body) or "Lerend netwerk",
                    coordinator_user_id=context.user_id if is_person else None,
                    channel_id=context.channel_id if body.get("command") else None,
                    founding=True,
                )
            elif network.coordinator_user_id is None and is_person and context.user_id:
                network.coordinator_user_id = context.user_id
            if is_person and context.user_id and _same_workspace(body, team_id):
                membership = (network.id, context.user_id)
                if membership not in known_members:  # members are never removed: remember, skip the query
                    ensure_member(session, network, context.user_id)
                    joined = membership
            context["network"] = NetworkRef.of(network)
            return joined

        joined = db.retrying(attach)  # concurrent first requests: one network, the others read it
        if joined is not None:  # committed
            known_members.add(joined)
        next()
        return None


def _channel_of_view(body: dict[str, Any]) -> str | None:
    """A modal's submission names no channel; our modals keep the one they were opened from in their
    private metadata, so a city workspace's second network gets its own submissions."""
    try:
        meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except ValueError:
        return None
    channel = meta.get("channel") if isinstance(meta, dict) else None
    return channel if isinstance(channel, str) and channel else None


def _same_workspace(body: dict[str, Any], team_id: str) -> bool:
    """Slack Connect guests come from another workspace: they do not become members."""
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return user["team_id"] == team_id
    return body.get("team_id", team_id) == team_id
