"""Web API clients for work outside a request (CLI jobs such as reminders): one per workspace."""

from __future__ import annotations

from slack_sdk import WebClient

from plugin.bolt_app import web_client
from plugin.config import Settings
from plugin.oauth import installation_store
from storage.db import Database


def client_for_team(settings: Settings, db: Database, team_id: str) -> WebClient | None:
    """The bot's client for a workspace: the single bot token, or the installation's (OAuth mode)."""
    if settings.bot_token:
        return web_client(settings, settings.bot_token)
    if settings.oauth_mode:
        bot = installation_store(settings, db).find_bot(enterprise_id=None, team_id=team_id)
        if bot is not None and bot.bot_token:
            return web_client(settings, bot.bot_token)
    return None
