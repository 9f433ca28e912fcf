"""Block Kit validation with slack_sdk's own models, plus Slack's size limits."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

LIMITS = {"message": 50, "modal": 100, "home": 100}


def assert_valid_blocks(blocks: list[dict[str, Any]], surface: str = "message") -> None:
    assert isinstance(blocks, list), blocks
    assert len(blocks) <= LIMITS[surface], f"{len(blocks)} blocks in a {surface}"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, f"unknown block {raw}"
        block.validate_json()
        text = raw.get("text")
        if raw.get("type") == "section" and isinstance(text, dict):
            assert len(text["text"]) <= 3000, "section text over 3000 characters"
        for field in raw.get("fields") or []:
            assert len(field["text"]) <= 2000


def assert_valid_view(view: dict[str, Any]) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert_valid_blocks(view.get("blocks", []), "home" if view.get("type") == "home" else "modal")


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def assert_valid_payload(params: dict[str, Any]) -> None:
    """A chat.*, views.* or response_url payload (or an ack body) as the app sent it."""
    blocks = _maybe_json(params.get("blocks"))
    if blocks:
        assert_valid_blocks(blocks, "message")
    view = _maybe_json(params.get("view"))
    if isinstance(view, dict):
        assert_valid_view(view)
