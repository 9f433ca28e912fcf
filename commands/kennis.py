"""`/kennis`: the network's knowledge base."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    pass
