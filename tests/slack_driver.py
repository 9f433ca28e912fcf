"""Sends correctly signed Slack requests (commands, events, interactivity) to /slack/events."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from flask.testing import FlaskClient
from slack_sdk.signature import SignatureVerifier
from werkzeug.test import TestResponse

_event_ids = itertools.count(1)
_view_ids = itertools.count(1)


class SlackDriver:
    def __init__(self, client: FlaskClient, signing_secret: str, response_url: str, team_id: str = "T1") -> None:
        self.client = client
        self.verifier = SignatureVerifier(signing_secret)
        self.response_url = response_url
        self.team_id = team_id

    # -- transport ---------------------------------------------------------------------------------
    def signed_headers(self, body: str, content_type: str, timestamp: int | None = None) -> dict[str, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=ts, body=body),
        }

    def post(self, body: str, content_type: str, extra_headers: dict[str, str] | None = None) -> TestResponse:
        headers = self.signed_headers(body, content_type)
        headers.update(extra_headers or {})
        return self.client.post("/slack/events", data=body.encode(), headers=headers)

    def post_form(self, form: dict[str, Any]) -> TestResponse:
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    # -- request kinds -------------------------------------------------------------------------------
    def command(
        self,
        command: str,
        text: str = "",
        *,
        user: str = "U1",
        channel: str = "C1",
        team: str | None = None,
        trigger_id: str = "trig-1",
    ) -> TestResponse:
        team = team or self.team_id
        return self.post_form(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": f"wijk-{team.lower()}",
                "channel_id": channel,
                "channel_name": "lerend-netwerk",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A1",
                "response_url": self.response_url,
                "trigger_id": trigger_id,
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        team: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> TestResponse:
        team = team or self.team_id
        body = {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
            "event": event,
        }
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return self.post(json.dumps(body), "application/json", headers)

    def interaction(self, payload: dict[str, Any], *, team: str | None = None, user: str = "U1") -> TestResponse:
        team = team or self.team_id
        payload = {
            "team": {"id": team, "domain": f"wijk-{team.lower()}"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": "trig-2",
            **payload,
        }
        return self.post_form({"payload": json.dumps(payload)})

    def block_action(
        self,
        action_id: str,
        value: str = "",
        *,
        user: str = "U1",
        channel: str = "C1",
        team: str | None = None,
        message_ts: str = "1700000000.000001",
        view: dict[str, Any] | None = None,
        block_id: str = "b",
        selected_option: dict[str, Any] | None = None,
    ) -> TestResponse:
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id,
            "type": "button",
            "value": value,
            "action_ts": str(time.time()),
        }
        if selected_option is not None:
            action = {**action, "type": "static_select", "selected_option": selected_option}
        payload: dict[str, Any] = {"type": "block_actions", "actions": [action]}
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        else:
            payload["channel"] = {"id": channel, "name": "lerend-netwerk"}
            payload["container"] = {"type": "message", "message_ts": message_ts, "channel_id": channel}
            payload["message"] = {"ts": message_ts, "text": ""}
            payload["response_url"] = self.response_url
        return self.interaction(payload, team=team, user=user)

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, dict[str, Any]],
        *,
        private_metadata: str = "",
        user: str = "U1",
        team: str | None = None,
        view_id: str | None = None,
    ) -> TestResponse:
        """Each call is a newly opened form (its own view id, as in Slack) unless `view_id` names the
        form submitted again (a double click, Slack's retry)."""
        view = {
            "id": view_id or f"V{next(_view_ids):08d}",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": "h1",
        }
        return self.interaction({"type": "view_submission", "view": view}, team=team, user=user)

    def message_shortcut(
        self,
        callback_id: str,
        message: dict[str, Any],
        *,
        channel: str = "C1",
        user: str = "U1",
        team: str | None = None,
    ) -> TestResponse:
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "message": message,
            "channel": {"id": channel, "name": "lerend-netwerk"},
            "message_ts": message.get("ts"),
            "response_url": self.response_url,
        }
        return self.interaction(payload, team=team, user=user)


def plain_value(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select_value(value: str | None) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value} if value else None}


def multi_select_values(values: list[str]) -> dict[str, Any]:
    return {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}
