"""Configuration, read from the environment in this one place.

Every other module receives a `Settings` object; nothing else calls `os.environ` (save the Alembic
environment, storage/migrations/env.py, which a developer's `alembic` command runs without the app:
it finds the database by the same rule, storage/location.py).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storage import location
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
    signing_secret: str | None = field(default=None, repr=False)  # secrets stay out of any printed Settings
    bot_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = ""
    port: int = 3000
    instance_path: Path = field(default_factory=lambda: Path("instance"))
    dev_mode: bool = False
    public_base_url: str = ""  # PUBLIC_BASE_URL: where the public social map pages are served

    @property
    def public_url(self) -> str:
        """The base of public page addresses, without a trailing slash (default http://localhost:$PORT)."""
        return (self.public_base_url or f"http://localhost:{self.port}").rstrip("/")
    # Rate limits (Flask-Limiter notation, e.g. "60/minute;1000/day"): the API per token and per address,
    # the OAuth install routes per address; counted in RATE_LIMIT_STORAGE_URI (memory:// is per process:
    # with several instances use a shared store such as redis://host:6379 or memcached://host:11211).
    rate_limit_api_token: str = "60/minute"
    rate_limit_api_address: str = "300/minute"
    rate_limit_oauth: str = "30/minute"
    rate_limit_storage_uri: str = "memory://"
    # Behind N reverse proxies that set X-Forwarded-For/-Proto: the client's address and https come from them.
    trusted_proxy_hops: int = 0
    # Fernet keys (comma-separated): the first encrypts stored Slack tokens, all of them decrypt.
    token_encryption_keys: tuple[str, ...] = field(default=(), repr=False)
    metadata_key: str | None = None  # LEREND_NETWERK_METADATA_KEY: signs what modals carry (private_metadata)

    @property
    def metadata_signing_key(self) -> bytes:
        """The HMAC-SHA256 key for modal metadata: LEREND_NETWERK_METADATA_KEY when set, else derived
        from the signing secret (HMAC of a fixed label), so that rotating either invalidates open forms."""
        if self.metadata_key:
            return self.metadata_key.encode()
        secret = (self.signing_secret or "").encode()
        return hmac.new(secret, b"lerend-netwerk/private_metadata/v1", hashlib.sha256).digest()
    # PostgreSQL: no statement runs longer, no lock is awaited longer (ms); SQLite: its busy timeout.
    db_statement_timeout_ms: int = 5_000
    db_lock_timeout_ms: int = 3_000
    sqlite_busy_timeout_ms: int = 10_000
    # How long a Web API call may take before the client gives up (the outcome is then unknown).
    slack_timeout_seconds: float = 30.0
    # How many search scopes (a network and, for a city network, its neighbourhoods) a worker keeps indexed.
    search_cache_size: int = 32
    # How many (workspace, channel) tenants a worker keeps, each checked by one statement per request.
    tenant_cache_size: int = 1024
    # Build those indexes at start, in the background (SEARCH_WARM_AT_START=0 turns it off; off in tests).
    warm_search_at_start: bool = False
    # gunicorn workers (WEB_CONCURRENCY, gunicorn's own name) and request threads per worker (WEB_THREADS).
    # Python runs one thread of a process at a time: a second thread per worker made `/verwijs` answer fewer
    # requests, and later, in every run (README: *End to end*); more processes take more requests at once.
    web_workers: int = 2
    web_threads: int = 1

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


def _keys(raw: str) -> tuple[str, ...]:
    return tuple(key.strip() for key in raw.split(",") if key.strip())


def _proxy_hops(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and int(raw) <= 5):
        raise ConfigError(f"TRUSTED_PROXY_HOPS must be a number from 0 to 5, not {raw[:20]!r}.")
    return int(raw)


_OFF = ("0", "nee", "no", "false", "off")


def _whole_number(raw: str, name: str, most: int) -> int:
    """A setting that is a whole number from 1 to `most`, or a ConfigError that names it."""
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= most):
        raise ConfigError(f"{name} must be a number from 1 to {most}, not {raw[:20]!r}.")
    return int(raw)


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    env = os.environ if environ is None else environ
    instance_path = location.instance_path(env)
    scopes_raw = env.get("SLACK_SCOPES", "")
    scopes = tuple(s.strip() for s in scopes_raw.split(",") if s.strip()) or DEFAULT_SCOPES
    settings = Settings(
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        client_id=env.get("SLACK_CLIENT_ID") or None,
        client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        scopes=scopes,
        slack_api_url=_normalise_api_url(env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL),
        database_url=location.database_url(env),
        port=int(env.get("PORT") or 3000),
        instance_path=instance_path,
        public_base_url=env.get("PUBLIC_BASE_URL") or "",
        rate_limit_api_token=env.get("RATE_LIMIT_API_TOKEN") or Settings.rate_limit_api_token,
        rate_limit_api_address=env.get("RATE_LIMIT_API_ADDRESS") or Settings.rate_limit_api_address,
        rate_limit_oauth=env.get("RATE_LIMIT_OAUTH") or Settings.rate_limit_oauth,
        rate_limit_storage_uri=env.get("RATE_LIMIT_STORAGE_URI") or Settings.rate_limit_storage_uri,
        trusted_proxy_hops=_proxy_hops(env.get("TRUSTED_PROXY_HOPS") or "0"),
        token_encryption_keys=_keys(env.get("TOKEN_ENCRYPTION_KEYS") or ""),
        metadata_key=env.get("LEREND_NETWERK_METADATA_KEY") or None,
        db_statement_timeout_ms=int(env.get("DATABASE_STATEMENT_TIMEOUT_MS") or 5_000),
        db_lock_timeout_ms=int(env.get("DATABASE_LOCK_TIMEOUT_MS") or 3_000),
        sqlite_busy_timeout_ms=int(env.get("SQLITE_BUSY_TIMEOUT_MS") or 10_000),
        slack_timeout_seconds=float(env.get("SLACK_TIMEOUT_SECONDS") or 30),
        search_cache_size=_whole_number(env.get("SEARCH_CACHE_SIZE") or "32", "SEARCH_CACHE_SIZE", 100_000),
        tenant_cache_size=_whole_number(env.get("TENANT_CACHE_SIZE") or "1024", "TENANT_CACHE_SIZE", 100_000),
        warm_search_at_start=(env.get("SEARCH_WARM_AT_START") or "1").strip().lower() not in _OFF,
        web_workers=_whole_number(env.get("WEB_CONCURRENCY") or str(Settings.web_workers), "WEB_CONCURRENCY", 64),
        web_threads=_whole_number(env.get("WEB_THREADS") or str(Settings.web_threads), "WEB_THREADS", 64),
    )
    return replace(settings, **overrides) if overrides else settings
