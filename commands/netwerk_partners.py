"""`/netwerk partners` and `/netwerk uitnodiging`: the coordinator's outreach list."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from plugin.views.kit import Block

Reply = tuple[str, list[Block] | None]


def partners(context: BoltContext, client: WebClient, arg: str) -> Reply:
    return "Nog niet beschikbaar.", None


def invitation(context: BoltContext, client: WebClient, arg: str) -> Reply:
    return "Nog niet beschikbaar.", None


def register(app: App) -> None:
    pass
