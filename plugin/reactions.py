"""Reactions: each feature listens for its own emoji; one catch-all, registered last, ignores the rest.

Bolt runs the first listener whose matchers accept a request, so every feature registers its
`reaction_added` / `reaction_removed` pair with a matcher on the emoji (`on_reaction`), and
`plugin/features.py` adds `ignore_other_reactions` after all features. The emoji is compared without
its skin tone (`domain.action_items.reaction_name`).

`changed(event, context, added)` runs within the request: it opens `request_scope.transaction`, which
claims the event id in the same commit as the change, so a retry of the event changes nothing.
`follow_up(event, context, client, added)` runs after the acknowledgement (a lazy listener).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from domain.action_items import reaction_name

Changed = Callable[[dict[str, Any], BoltContext, bool], None]
FollowUp = Callable[[dict[str, Any], BoltContext, WebClient, bool], None]
REACTION_EVENTS = (("reaction_added", True), ("reaction_removed", False))


def _nothing(event: dict[str, Any], context: BoltContext, added: bool) -> None:
    """A reaction whose work all happens after the acknowledgement."""


def on_reaction(
    app: App, emoji: Callable[[str], bool], *, changed: Changed = _nothing, follow_up: FollowUp | None = None
) -> None:
    """Listen for the reactions whose name (skin tone left off) `emoji` accepts, added and removed."""
    for event_type, added in REACTION_EVENTS:
        app.event(event_type, matchers=[_matcher(emoji)])(
            ack=_in_request(changed, added), lazy=[_after(follow_up, added)] if follow_up else []
        )


def ignore_other_reactions(app: App) -> None:
    """Registered after every feature: a reaction no feature wants is acknowledged and left alone."""

    def ignore_reaction(event: dict[str, Any]) -> None:
        return None

    for event_type, _added in REACTION_EVENTS:
        app.event(event_type)(ignore_reaction)


def _matcher(emoji: Callable[[str], bool]) -> Callable[[dict[str, Any]], bool]:
    def is_wanted(event: dict[str, Any]) -> bool:
        return emoji(reaction_name(event.get("reaction")))

    return is_wanted


def _in_request(changed: Changed, added: bool) -> Callable[[dict[str, Any], BoltContext], None]:
    def reaction_changed(event: dict[str, Any], context: BoltContext) -> None:
        changed(event, context, added)

    reaction_changed.__name__ = f"{getattr(changed, '__name__', 'changed')}_{'added' if added else 'removed'}"
    return reaction_changed


def _after(follow_up: FollowUp, added: bool) -> Callable[[dict[str, Any], BoltContext, WebClient], None]:
    def reaction_follow_up(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        follow_up(event, context, client, added)

    # Bolt tells lazy listeners apart by name (a re-run lazy request names the function it is for).
    reaction_follow_up.__name__ = f"{getattr(follow_up, '__name__', 'follow_up')}_{'added' if added else 'removed'}"
    reaction_follow_up.__qualname__ = reaction_follow_up.__name__
    return reaction_follow_up
