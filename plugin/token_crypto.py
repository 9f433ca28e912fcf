"""Slack bot and user tokens encrypted at rest (OAuth mode), when TOKEN_ENCRYPTION_KEYS is set.

The keys are Fernet keys, comma-separated: the first encrypts, every one decrypts (MultiFernet),
so a key is rotated without downtime: put the new key first and keep the old one after it, restart,
run `lerend-netwerk tokens reencrypt`, then drop the old key. A stored token is `fernet:<token>`;
a row written before encryption was switched on is read as it is and encrypted the next time it is
written (or by `tokens reencrypt`). Without keys the store behaves exactly as slack_sdk's own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.engine import Engine

from plugin.config import ConfigError

PREFIX = "fernet:"
TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ConfigError("TOKEN_ENCRYPTION_KEYS is empty.")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except (ValueError, TypeError) as exc:  # never echo the key itself
            raise ConfigError(
                "TOKEN_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each), "
                "comma-separated; make one with: "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            ) from exc

    def seal(self, value: str | None) -> str | None:
        if value is None or value.startswith(PREFIX):
            return value
        return PREFIX + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None or not value.startswith(PREFIX):
            return value  # written before encryption was switched on
        try:
            return self._fernet.decrypt(value[len(PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise ConfigError("A stored Slack token cannot be decrypted with a key of TOKEN_ENCRYPTION_KEYS.") from exc

    def reseal(self, value: str | None) -> str | None:
        """Encrypted with the first key, whatever it was before."""
        return self.seal(self.open(value))


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store; tokens pass through the cipher on their way in and out."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.cipher = cipher

    def save(self, installation: Installation) -> None:
        super().save(self._sealed(installation))  # calls save_bot with the sealed copy: seal() leaves it as is

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot))

    # slack_sdk declares these two as classmethods but calls them on the store: here they need the cipher.
    def build_installation_entity(self, row: Mapping[str, Any]) -> Installation:  # type: ignore[override]
        return SQLAlchemyInstallationStore.build_installation_entity(self._opened(row))

    def build_bot_entity(self, row: Mapping[str, Any]) -> Bot:  # type: ignore[override]
        return SQLAlchemyInstallationStore.build_bot_entity(self._opened(row))

    def _sealed(self, entity: Any) -> Any:
        sealed = copy.copy(entity)
        for name in TOKEN_FIELDS:
            if hasattr(sealed, name):
                setattr(sealed, name, self.cipher.seal(getattr(sealed, name)))
        return sealed

    def _opened(self, row: Mapping[str, Any]) -> dict[str, Any]:
        opened = dict(row)
        for name in TOKEN_FIELDS:
            if name in opened:
                opened[name] = self.cipher.open(opened[name])
        return opened


def reencrypt(store: EncryptedInstallationStore) -> int:
    """Every stored token encrypted with the first key (after a rotation, or to encrypt old plain rows);
    returns the number of rows rewritten."""
    changed = 0
    with store.engine.begin() as conn:
        for table in (store.installations, store.bots):
            columns = [table.c[name] for name in TOKEN_FIELDS if name in table.c]
            for row in conn.execute(sqlalchemy.select(table.c.id, *columns)).mappings():
                values = {col.name: store.cipher.reseal(row[col.name]) for col in columns}
                if any(values[name] != row[name] for name in values):
                    conn.execute(table.update().where(table.c.id == row["id"]).values(**values))
                    changed += 1
    return changed
