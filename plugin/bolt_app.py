"""The Bolt app: authorisation mode, middleware, error handler and every feature's listeners.

Mode: `process_before_response=True`. Listeners run in the request thread and their `ack()`
is the HTTP response, which avoids the default runner's 10 ms ack-polling loop; slow work
(posting to channels, notifying members) goes to lazy listeners, which Bolt runs on its
thread pool after the acknowledgement is ready.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from plugin.config import Settings
from plugin.errors import install_error_handler
from plugin.features import register_features
from plugin.middleware import install_middleware
from plugin.oauth import installation_store, oauth_settings
from plugin.oauth_pages import DutchOAuthFlow
from plugin.uninstall import register as register_uninstall
from storage.db import Database
from storage.search_index import SearchIndexCache
from storage.tenants import TenantCache

log = logging.getLogger(__name__)

NOT_INSTALLED = (
    "Lerend Netwerk is nog niet geïnstalleerd in deze werkruimte. Vraag een beheerder om het te installeren."
)
DEV_BOT_TOKEN = "xoxb-dev-offline"


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """Every Web API call goes to SLACK_API_URL, gives up after SLACK_TIMEOUT_SECONDS; retries honour
    Retry-After on 429s (messages that matter go through plugin.delivery, which never repeats a post)."""
    # slack_sdk declares `timeout: int`, but hands it to urllib, which takes seconds as a float.
    client = WebClient(token=token, base_url=settings.slack_api_url, timeout=settings.slack_timeout_seconds)  # type: ignore[arg-type]
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=1))
    return client


class LeaveOutBodies(logging.Filter):
    """Bolt puts request bodies in some log lines (a failed signature, an unhandled request, a response at
    DEBUG); what people typed does not belong in the log, so those lines keep only their first words."""

    _MARKERS = ("body", "Unhandled request", "for the request (", "Responding with")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(marker in message for marker in self._MARKERS):
            record.msg = message.split("(", 1)[0].split(":", 1)[0].strip() + " (request body left out)"
            record.args = None
        return True


def bolt_logger() -> logging.Logger:
    """The base logger Bolt copies to every logger it makes, with the filter above."""
    logger = logging.getLogger("lerend_netwerk.bolt")
    if not any(isinstance(f, LeaveOutBodies) for f in logger.filters):
        logger.addFilter(LeaveOutBodies())
    return logger


def build_bolt_app(
    settings: Settings, db: Database, listener_executor: Executor, tenants: TenantCache,
    search: SearchIndexCache | None = None,
) -> App:  # fmt: skip
    """`listener_executor` runs the lazy listeners; the caller owns it (and waits for it at shutdown).
    `tenants`: the process's tenant cache (the caller closes its connections at shutdown); `search`: its
    search caches (the caller may warm them)."""
    common: dict[str, Any] = {
        "logger": bolt_logger(),
        "listener_executor": listener_executor,
        "signing_secret": settings.signing_secret,
        "process_before_response": True,
        "name": "lerend-netwerk",
        "user_facing_authorize_error_message": NOT_INSTALLED,
    }
    if settings.bot_token:
        app = App(client=web_client(settings, settings.bot_token), token_verification_enabled=False, **common)
    elif settings.oauth_mode:
        store = installation_store(settings, db)
        app = App(
            client=web_client(settings),
            installation_store=store,
            oauth_flow=DutchOAuthFlow(settings=oauth_settings(settings, db, store)),
            **common,
        )
    else:
        # `serve --dev` without Slack credentials: requests are signed with the local dev secret
        # (see `lerend-netwerk try`); replies travel in the HTTP response, Web API calls fail politely.
        def dev_authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
            return AuthorizeResult(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                bot_token=DEV_BOT_TOKEN,
                bot_user_id="UDEVBOT",
                bot_id="BDEVBOT",
            )

        app = App(client=web_client(settings), authorize=dev_authorize, **common)
        from plugin.dev_client import install_dev_views

        install_dev_views(app)
    install_middleware(app, settings, db, tenants, search)
    install_error_handler(app)
    register_features(app)
    register_uninstall(app, has_installation_store=settings.oauth_mode and not settings.bot_token)
    return app
