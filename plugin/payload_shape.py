"""One shape check for a verified Slack request body, before Bolt or a listener reads it.

Slack's own payloads always pass; a body that does not (wrong types, missing parts, absurd
nesting) is answered 400 at the edge instead of failing somewhere deep inside with a 500.
The check looks only at the parts Bolt and our listeners read: ids, `event`, `view`, `actions`,
`message`, the modal's state values and the response URLs.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.request.internals import extract_team_id

_SLACK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")  # a bounded, unnested pattern: linear time
_NESTED_IDS = ("id", "team_id", "ts", "message_ts", "channel_id", "thread_ts", "user", "app_installed_team_id")
MAX_DEPTH = 40  # Slack's deepest payloads (a Home tab's view inside block_actions) stay far below this
_STRING_FIELDS = (
    "type", "token", "command", "text", "team_id", "team_domain", "user_id", "user_name", "channel_id",
    "channel_name", "enterprise_id", "api_app_id", "response_url", "trigger_id", "callback_id", "event_id",
    "challenge", "action_ts", "message_ts", "thread_ts", "is_enterprise_install",
)  # fmt: skip
_ID_OBJECTS = ("team", "user", "channel", "enterprise")
_EVENT_OBJECTS = ("item", "message", "previous_message", "assistant_thread")
_ELEMENT_STRINGS = (
    "type", "value", "selected_date", "selected_time", "selected_user", "selected_channel",
    "selected_conversation", "action_id", "block_id",
)  # fmt: skip
_NEEDS_TRIGGER = ("block_actions", "shortcut", "message_action")
_ELEMENT_LISTS = ("selected_options", "selected_users", "selected_channels", "selected_conversations")


class Malformed(ValueError):
    """The body is not a Slack request this app understands; the message says which part (for the log)."""


def check_shape(body: dict[str, Any]) -> None:
    """Raise `Malformed` when a part Bolt or a listener reads has the wrong type."""
    _check_depth(body)
    _strings(body, _STRING_FIELDS, "")
    for name in _ID_OBJECTS:
        _id_object(body, name, "")
    _check_authorizations(body.get("authorizations"))
    kind = body.get("type")
    if "event" in body or kind == "event_callback":
        _check_event(body.get("event"))
    if "view" in body or kind in ("view_submission", "view_closed"):
        _check_view(body.get("view"), required=kind in ("view_submission", "view_closed"))
    if "actions" in body or kind == "block_actions":
        _check_actions(body.get("actions"), required=kind == "block_actions")
    for name in ("message", "container", "state"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            raise Malformed(f"{name} is not an object")
    if isinstance(body.get("message"), dict):
        _strings(body["message"], ("ts", "text", "user", "thread_ts"), "message.")
    if isinstance(body.get("state"), dict):
        _check_state(body["state"], "state.")
    if kind in ("shortcut", "message_action") and not isinstance(body.get("callback_id"), str):
        raise Malformed(f"{kind} without callback_id")
    if (kind in _NEEDS_TRIGGER or "command" in body) and not isinstance(body.get("trigger_id"), str):
        raise Malformed("interaction without trigger_id")  # listeners open modals with it
    from_message = kind == "message_action" or "command" in body or _container_type(body) == "message"
    if from_message and not isinstance(body.get("response_url"), str):
        raise Malformed("message interaction without response_url")  # listeners answer through it
    _check_response_urls(body.get("response_urls"))
    if "response_url" in body and not _is_url(body["response_url"]):
        raise Malformed("response_url is not a URL")
    _check_ids(body)
    if kind != "url_verification" and "ssl_check" not in body and not _team_of(body):
        raise Malformed("no workspace")  # every listener works inside one workspace's network


def _check_ids(body: dict[str, Any]) -> None:
    """Slack's ids and timestamps are short runs of letters, digits and dots; they are stored as they come."""
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    places: list[tuple[Any, tuple[str, ...]]] = [
        (body, ("team_id", "user_id", "channel_id", "enterprise_id", "api_app_id", "message_ts", "thread_ts")),
        (body, _ID_OBJECTS),  # when they come as plain ids
        (event, ("user", "channel", "ts", "thread_ts", "event_ts", "item_user", "team")),
    ]
    for name in ("team", "user", "channel", "enterprise", "container", "message", "view"):
        if isinstance(body.get(name), dict):
            places.append((body[name], _NESTED_IDS))
    if isinstance(event.get("item"), dict):
        places.append((event["item"], ("channel", "ts")))
    for auth in body.get("authorizations") or []:
        places.append((auth, ("team_id", "user_id", "enterprise_id")))
    for obj, names in places:
        for name in names:
            value = obj.get(name)
            if isinstance(value, str) and not _SLACK_ID.fullmatch(value):
                raise Malformed(f"{name} is not a Slack id")
    for obj, name in ((body, "event_id"), (event, "reaction")):
        value = obj.get(name)
        if isinstance(value, str) and (len(value) > 64 or not value.isprintable()):
            raise Malformed(f"{name} is not a Slack name")


def _team_of(body: dict[str, Any]) -> str | None:
    """The workspace as Bolt will read it (slack_bolt.request.internals.extract_team_id), once types are known."""
    try:
        team = extract_team_id(body)
    except (AttributeError, TypeError, KeyError, IndexError):
        return None
    return team if isinstance(team, str) and team else None


def _container_type(body: dict[str, Any]) -> Any:
    container = body.get("container")
    return container.get("type") if isinstance(container, dict) else None


def _check_depth(body: Any) -> None:
    """Iteratively, so the check itself cannot run out of stack; text must be storable (no NUL, no lone
    surrogates: PostgreSQL and UTF-8 refuse both, and Slack never sends them)."""
    if type(body) is dict and all(type(value) is str for value in body.values()):
        # a form (a slash command): flat, its keys and values checked as one text (a NUL or a lone
        # surrogate is found in the whole as in any part: UTF-8 pairs no surrogates across a join)
        _check_text("".join(body) + "".join(body.values()))
        return
    stack: list[tuple[Any, int]] = [(body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Malformed("nested too deeply")
        if isinstance(node, dict):
            for key, child in node.items():
                _check_text(key)
                stack.append((child, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
        elif isinstance(node, str):
            _check_text(node)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise Malformed("text with a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Malformed("text that is not valid Unicode") from exc


def _strings(obj: dict[str, Any], names: tuple[str, ...], where: str) -> None:
    for name in names:
        value = obj.get(name)
        if value is not None and not isinstance(value, str | bool if name == "is_enterprise_install" else str):
            raise Malformed(f"{where}{name} is not text")


def _id_object(obj: dict[str, Any], name: str, where: str) -> None:
    """`team`, `user`, `channel`: an id as text, or an object whose ids are text."""
    value = obj.get(name)
    if value is None or isinstance(value, str):
        return
    if not isinstance(value, dict):
        raise Malformed(f"{where}{name} is neither an id nor an object")
    _strings(value, ("id", "team_id", "name", "domain", "username", "enterprise_id"), f"{where}{name}.")


def _check_authorizations(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
        raise Malformed("authorizations is not a list of objects")
    for auth in value:
        _strings(auth, ("team_id", "user_id", "enterprise_id"), "authorizations.")


def _check_event(event: Any) -> None:
    if not isinstance(event, dict):
        raise Malformed("event is not an object")
    if not isinstance(event.get("type"), str):
        raise Malformed("event without type")
    _strings(event, ("subtype", "ts", "thread_ts", "text", "reaction", "tab", "item_user", "team_id"), "event.")
    for name in ("user", "channel", "team", "enterprise"):
        _id_object(event, name, "event.")
    for name in _EVENT_OBJECTS:
        if event.get(name) is not None and not isinstance(event[name], dict):
            raise Malformed(f"event.{name} is not an object")
        if isinstance(event.get(name), dict):
            _strings(event[name], ("type", "ts", "thread_ts", "text"), f"event.{name}.")
            for inner in ("user", "channel"):
                _id_object(event[name], inner, f"event.{name}.")


def _check_view(view: Any, *, required: bool) -> None:
    if view is None and not required:
        return
    if not isinstance(view, dict):
        raise Malformed("view is not an object")
    _strings(view, ("id", "callback_id", "private_metadata", "hash", "team_id", "app_installed_team_id"), "view.")
    if required or "type" in view:
        if not isinstance(view.get("type"), str):
            raise Malformed("view without type")
    if view.get("blocks") is not None and not isinstance(view["blocks"], list):
        raise Malformed("view.blocks is not a list")
    if view.get("state") is not None:
        if not isinstance(view["state"], dict):
            raise Malformed("view.state is not an object")
        _check_state(view["state"], "view.state.")
    if required and not isinstance(view.get("callback_id"), str):
        raise Malformed("view without callback_id")
    if required and not isinstance((view.get("state") or {}).get("values"), dict):
        raise Malformed("view without state values")  # Slack sends them with every submission
    _check_metadata(view.get("private_metadata"))


def _check_metadata(metadata: Any) -> None:
    """Our modals carry signed metadata (plugin/modal_metadata.py: compact JSON, a dot, a MAC); the
    middleware verifies it and refuses what it did not sign, politely. Here only its type."""
    if metadata is not None and not isinstance(metadata, str):
        raise Malformed("view.private_metadata is not a string")


def _check_state(state: dict[str, Any], where: str) -> None:
    values = state.get("values")
    if values is None:
        return
    if not isinstance(values, dict):
        raise Malformed(f"{where}values is not an object")
    for block in values.values():
        if not isinstance(block, dict):
            raise Malformed(f"{where}values has a block that is not an object")
        for element in block.values():
            _check_element(element, f"{where}values.")


def _check_element(element: Any, where: str) -> None:
    if not isinstance(element, dict):
        raise Malformed(f"{where} element is not an object")
    _strings(element, _ELEMENT_STRINGS, where)
    option = element.get("selected_option")
    if option is not None and not (isinstance(option, dict) and isinstance(option.get("value"), str)):
        raise Malformed(f"{where}selected_option has no text value")
    for name in _ELEMENT_LISTS:
        chosen = element.get(name)
        if chosen is None:
            continue
        if not isinstance(chosen, list):
            raise Malformed(f"{where}{name} is not a list")
        wants_options = name == "selected_options"
        for item in chosen:
            option_ok = isinstance(item, dict) and isinstance(item.get("value"), str)
            if not (option_ok if wants_options else isinstance(item, str)):
                raise Malformed(f"{where}{name} holds something else")


def _check_actions(actions: Any, *, required: bool) -> None:
    if actions is None and not required:
        return
    if not isinstance(actions, list) or not actions:
        raise Malformed("actions is not a non-empty list")
    for action in actions:
        _check_element(action, "actions.")
        if not isinstance(action.get("action_id"), str):
            raise Malformed("action without action_id")


def _check_response_urls(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and _is_url(item.get("response_url")) for item in value
    ):
        raise Malformed("response_urls is not a list of response URLs")


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and not any(c.isspace() for c in value)
