"""OAuth install (multi-workspace mode): slack_sdk's SQLAlchemy stores on our own database.

A successful install creates the workspace's first network, with the installer as coordinator.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.orm import Session

from plugin.config import Settings
from plugin.oauth_pages import failure_page, success_page
from plugin.token_crypto import EncryptedInstallationStore, TokenCipher
from storage.db import Database
from storage.networks import create_network, networks_of_team

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
HTML: dict[str, str | Sequence[str]] = {"Content-Type": "text/html; charset=utf-8"}


def authorization_url(settings: Settings) -> str:
    """Slack's consent page lives beside its Web API (slack.com, slack-gov.com, or a test server)."""
    base = settings.slack_api_url.rstrip("/")
    if base.endswith("/api"):
        base = base[: -len("/api")]
    return base + "/oauth/v2/authorize"


def installation_store(settings: Settings, db: Database) -> SQLAlchemyInstallationStore:
    """Tokens are encrypted at rest when TOKEN_ENCRYPTION_KEYS is set (plugin/token_crypto.py)."""
    if settings.token_encryption_keys:
        cipher = TokenCipher(settings.token_encryption_keys)
        return EncryptedInstallationStore(client_id=settings.client_id or "", engine=db.engine, cipher=cipher)
    return SQLAlchemyInstallationStore(client_id=settings.client_id or "", engine=db.engine)


def oauth_settings(settings: Settings, db: Database, store: SQLAlchemyInstallationStore) -> OAuthSettings:
    def on_success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team_id = installation.team_id or installation.enterprise_id or ""

        def first_network(session: Session) -> None:
            if not networks_of_team(session, team_id):
                create_network(
                    session,
                    team_id=team_id,
                    name=installation.team_name or "Lerend netwerk",
                    coordinator_user_id=installation.user_id,
                    channel_id=installation.incoming_webhook_channel_id,
                    founding=True,
                )
                log.info("installed in team %s; network created", team_id)

        db.retrying(first_network)  # a first request at the same moment may have made it: then it is read
        page = success_page(team_id or None, installation.app_id)
        return BoltResponse(status=200, body=page, headers=HTML)

    def on_failure(args: FailureArgs) -> BoltResponse:
        log.warning("OAuth install failed: %s", args.reason)
        page = failure_page(args.reason, INSTALL_PATH)
        return BoltResponse(status=args.suggested_status_code, body=page, headers=HTML)

    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url(settings),
        installation_store=store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=db.engine),
        callback_options=CallbackOptions(success=on_success, failure=on_failure),
    )
