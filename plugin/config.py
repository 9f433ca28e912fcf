"""Configuration, read from the environment in this one place.

Every other module receives a `Settings` object; nothing else calls `os.environ`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from storage.db import Database, Timeouts

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "channels:read",
    "groups:read",
    "users:read",
    "im:write",
    "reactions:read",
    "channels:history",
    "groups:history",
    "im:history",  # the outbox looks in a direct message for a message it may have sent already
    "files:write",
)


class ConfigError(Exception):
    """The environment does not allow the requested mode; the message is one clear sentence."""


@dataclass(frozen=True)
class Settings:
    signing_secret: str | None = None
    bot_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = ""
    port: int = 3000
    instance_path: Path = field(default_factory=lambda: Path("instance"))
    dev_mode: bool = False
    # PostgreSQL: no statement runs longer, no lock is awaited longer (ms); SQLite: its busy timeout.
    db_statement_timeout_ms: int = 5_000
    db_lock_timeout_ms: int = 3_000
    sqlite_busy_timeout_ms: int = 10_000
    # How long a Web API call may take before the client gives up (the outcome is then unknown).
    slack_timeout_seconds: float = 30.0

    @property
    def oauth_mode(self) -> bool:
        """Multi-workspace mode: installs go through OAuth and tokens live in the installation store."""
        return bool(self.client_id and self.client_secret) and not self.bot_token

    @property
    def has_slack_credentials(self) -> bool:
        return bool(self.bot_token) or bool(self.client_id and self.client_secret)

    def require_production_secrets(self) -> None:
        if not self.signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set: copy it from your Slack app's Basic Information page "
                "(or start with `lerend-netwerk serve --dev` to try the app locally)."
            )
        if not self.has_slack_credentials:
            raise ConfigError(
                "Neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID + SLACK_CLIENT_SECRET is set: set the bot token "
                "for one workspace, or the client id and secret to install through OAuth."
            )

    def with_dev_secret(self) -> Settings:
        """Dev mode: create (once) and reuse a local signing secret under instance/."""
        if self.signing_secret:
            return replace(self, dev_mode=True)
        return replace(self, signing_secret=dev_signing_secret(self.instance_path), dev_mode=True)


def open_database(settings: Settings) -> Database:
    """The app's database handle, with the configured timeouts on every session."""
    return Database(
        settings.database_url,
        Timeouts(
            statement_ms=settings.db_statement_timeout_ms or None,
            lock_ms=settings.db_lock_timeout_ms or None,
            busy_ms=settings.sqlite_busy_timeout_ms,
        ),
    )


def dev_signing_secret(instance_path: Path) -> str:
    path = instance_path / "dev-signing-secret"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(16)
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return secret


def _normalise_api_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    env = os.environ if environ is None else environ
    instance_path = Path(env.get("LEREND_NETWERK_INSTANCE", "instance")).resolve()
    scopes_raw = env.get("SLACK_SCOPES", "")
    scopes = tuple(s.strip() for s in scopes_raw.split(",") if s.strip()) or DEFAULT_SCOPES
    settings = Settings(
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        client_id=env.get("SLACK_CLIENT_ID") or None,
        client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        scopes=scopes,
        slack_api_url=_normalise_api_url(env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL),
        database_url=env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'lerend-netwerk.sqlite3'}",
        port=int(env.get("PORT") or 3000),
        instance_path=instance_path,
        db_statement_timeout_ms=int(env.get("DATABASE_STATEMENT_TIMEOUT_MS") or 5_000),
        db_lock_timeout_ms=int(env.get("DATABASE_LOCK_TIMEOUT_MS") or 3_000),
        sqlite_busy_timeout_ms=int(env.get("SQLITE_BUSY_TIMEOUT_MS") or 10_000),
        slack_timeout_seconds=float(env.get("SLACK_TIMEOUT_SECONDS") or 30),
    )
    return replace(settings, **overrides) if overrides else settings  # type: ignore[arg-type]
