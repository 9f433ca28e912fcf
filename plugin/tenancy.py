"""Whose network a request is, when no channel decides it (issue 10: a person sees only networks they
belong to).

A signed view (modal or Home) names its network; a channel bound to a network is that network
(taking part there makes a member); anywhere else — a DM, Home, a button without channel — a
person works in their own network: the only one, or the one chosen last (*netwerk_kies*), or they
are asked; someone in none is told how to join. Nobody becomes a member from a DM.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.activities import whole_number
from plugin.notify import SLACK_FAILURES
from plugin.views.kit import section
from plugin.views.tenancy import (
    CHOOSE,
    CHOOSE_TEXT,
    NETWORK_GONE,
    NOT_A_MEMBER,
    choice_blocks,
    hinted_network,
    home_prompt,
    how_to_join,
    refusal_modal,
)
from storage.events import mark_handled
from storage.models import Network
from storage.networks import (
    bound_network,
    channels_of_networks,
    choose_network,
    create_network,
    find_member,
    has_chosen,
    networks_of_person,
    networks_of_team,
    resolve_network,
)

log = logging.getLogger(__name__)


def _team_name(body: dict[str, Any]) -> str | None:
    team = body.get("team")
    if isinstance(team, dict):
        return team.get("name") or team.get("domain")
    return body.get("team_domain")


@dataclass(frozen=True)
class Prompt:
    """Instead of a network: what the person is told (choose one of theirs, or how to join)."""

    text: str
    choices: tuple[tuple[int, str], ...] = ()


def claim_event(session: Session, event_id: str) -> bool:
    """An event answered with a prompt is handled too: Slack's retry must not ask twice."""
    try:
        with session.begin_nested():
            mark_handled(session, event_id)
    except IntegrityError:
        return False
    return True


def resolve(
    session: Session, body: dict[str, Any], context: BoltContext, team_id: str, *, is_person: bool, may_join: bool
) -> tuple[Network, bool] | Prompt:
    """The request's network and whether the person joins it by this request, or a Prompt.

    A signed view names its network; a channel bound to a network is that network (taking part in
    its channel makes a member); anywhere else (a DM, Home, a button without channel) a person works
    in their own network: the only one, or the one chosen last, or they are asked. Nobody becomes a
    member from a DM."""
    meta = context.get("view_meta")
    view: dict[str, Any] = body["view"] if isinstance(body.get("view"), dict) else {}
    if meta is not None and view.get("type") == "home":
        if find_member(session, meta.network_id, context.user_id or "") is None:
            meta = None  # a Home names the network of the person it was published for: theirs only
    if meta is not None:
        network = session.get(Network, meta.network_id)
        if network is None or network.team_id != team_id:
            return Prompt(NETWORK_GONE)
        return network, False
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    user_id = context.user_id
    channel = context.channel_id if body.get("type") != "view_submission" else None
    if event.get("type") == "app_home_opened":
        channel = None
    in_channel = bool(channel) and not str(channel).startswith("D")
    if in_channel:
        bound = bound_network(session, team_id, str(channel))
        if bound is not None:
            return bound, is_person
    personal = user_id is not None and (is_person or event.get("type") == "app_home_opened")
    if not personal:
        network = resolve_network(session, team_id, None)
        if network is None:
            network = create_network(session, team_id=team_id, name=_team_name(body) or "Lerend netwerk",
                                     coordinator_user_id=None, founding=True)  # fmt: skip
        return network, False
    chosen = _chosen_in_request(session, body, team_id, user_id or "")
    if chosen is not None:
        return chosen
    mine = networks_of_person(session, team_id, user_id or "")
    hinted = _hinted(body)
    if hinted is not None and any(n.id == hinted for n in mine):
        return next(n for n in mine if n.id == hinted), False  # a DM's button about one of the person's networks
    if len(mine) == 1 or (len(mine) > 1 and has_chosen(session, team_id, user_id or "")):
        return mine[0], False
    every = networks_of_team(session, team_id)
    if _self_locating(body) and (mine or every):
        return (mine or every)[0], False  # the button names its object; its handler finds the network
    if _starts_a_network(body) and (mine or every):
        return (mine or every)[0], False  # `/netwerk nieuw`: the command makes the new network itself
    if mine:
        return Prompt(CHOOSE_TEXT, choices=tuple((n.id, n.name) for n in mine))
    if not every and (may_join or event.get("type") == "app_home_opened"):
        # The first person to use the app in this workspace starts its network and coordinates it.
        network = create_network(
            session,
            team_id=team_id,
            name=_team_name(body) or "Lerend netwerk",
            coordinator_user_id=user_id,
            channel_id=channel if body.get("command") and in_channel else None,
            founding=True,
        )
        return network, True
    if len(every) == 1 and in_channel:
        return every[0], True  # one network, a channel not bound yet: the workspace's network, as before
    return Prompt(how_to_join(channels_of_networks(session, team_id)))


# Buttons in a DM that name their object (an activity, a join request) and find its network within the
# workspace themselves: they need no choice of network first.
_SELF_LOCATING_ACTIONS = {"activiteit_ja", "activiteit_nee", "activiteit_aanbod", "organisatie_toestaan",
                          "organisatie_weigeren"}  # fmt: skip


def _self_locating(body: dict[str, Any]) -> bool:
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    return first.get("action_id") in _SELF_LOCATING_ACTIONS


def _hinted(body: dict[str, Any]) -> int | None:
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    return hinted_network(first.get("block_id"))


def _starts_a_network(body: dict[str, Any]) -> bool:
    return body.get("command") == "/netwerk" and str(body.get("text") or "").strip().lower().startswith("nieuw")


def _chosen_in_request(
    session: Session, body: dict[str, Any], team_id: str, user_id: str
) -> tuple[Network, bool] | Prompt | None:
    """*netwerk_kies* (a button in a DM, the select on Home): the person's choice, if theirs to make."""
    if body.get("type") != "block_actions":
        return None
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    if action.get("action_id") != CHOOSE:
        return None
    option = action.get("selected_option")
    raw = option.get("value") if isinstance(option, dict) else action.get("value")
    network_id = whole_number(raw) or 0
    network = choose_network(session, team_id, user_id, network_id)
    if network is None:
        mine = networks_of_person(session, team_id, user_id)
        return Prompt(NOT_A_MEMBER, choices=tuple((n.id, n.name) for n in mine))
    return network, False


def ask(body: dict[str, Any], context: BoltContext, prompt: Prompt) -> BoltResponse:
    """Tell the person, where they are, which networks to choose from or how to join."""
    blocks = choice_blocks(prompt.choices) if prompt.choices else [section(prompt.text)]
    if prompt.choices and prompt.text != CHOOSE_TEXT:
        blocks = [section(prompt.text), *blocks[1:]]
    text = prompt.text
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text, "blocks": blocks})
    if body.get("type") == "view_submission":
        return BoltResponse(status=200, body={"response_action": "update", "view": refusal_modal(text)})
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    if event.get("type") == "app_home_opened" and event.get("tab") not in (None, "home"):
        return BoltResponse(status=200, body="")  # the Messages tab: nothing to show
    view = body.get("view")
    from_home = event.get("type") == "app_home_opened" or (isinstance(view, dict) and view.get("type") == "home")
    try:
        if from_home and context.user_id and context.client is not None:
            view = home_prompt(prompt.text, prompt.choices)
            context.client.views_publish(user_id=context.user_id, view=view)
        elif context.response_url and context.respond is not None:
            context.respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    except SLACK_FAILURES:
        log.warning("could not ask %s which network", context.user_id, exc_info=True)
    return BoltResponse(status=200, body="")
