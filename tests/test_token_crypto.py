"""Bot and user tokens encrypted at rest when TOKEN_ENCRYPTION_KEYS is set; rotation without downtime."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet
from flask import Flask
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from plugin.app import create_app, shutdown
from plugin.cli import main
from plugin.config import ConfigError, Settings
from plugin.token_crypto import PREFIX, EncryptedInstallationStore, TokenCipher, reencrypt
from storage.db import Database
from tests.conftest import SIGNING_SECRET, CheckedDriver, install_team
from tests.fake_slack import FakeSlack

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    yield app
    shutdown(app)


def stored_tokens(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT bot_token, user_token FROM slack_installations")).all()
        rows += conn.execute(text("SELECT bot_token, NULL FROM slack_bots")).all()
    return [value for row in rows for value in row if value]


@pytest.fixture
def encrypted_app(oauth_settings: Settings) -> Iterator[Flask]:
    yield from _app(replace(oauth_settings, token_encryption_keys=(OLD,)))


def test_installed_tokens_are_stored_encrypted_and_still_work(
    encrypted_app: Flask, fake_slack: FakeSlack, db: Database
) -> None:
    install_team(encrypted_app, fake_slack, "T1", "Testwijk")
    stored = stored_tokens(db)
    assert stored and all(value.startswith(PREFIX) and "xoxb" not in value for value in stored)
    fake_slack.calls.clear()
    slack = CheckedDriver(encrypted_app.test_client(), SIGNING_SECRET, fake_slack.response_url())
    assert slack.command("/aanbod", "lijst", team="T1").status_code == 200
    home = slack.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"}, team="T1")
    assert home.status_code == 200
    published = fake_slack.wait_for("views.publish")
    assert published[0].token == "xoxb-T1-token"  # decrypted on the way out to Slack


def test_without_a_key_tokens_are_stored_as_before(oauth_app: Flask, fake_slack: FakeSlack, db: Database) -> None:
    install_team(oauth_app, fake_slack, "T1", "Testwijk")
    assert "xoxb-T1-token" in stored_tokens(db)


def test_rotation_without_downtime(oauth_settings: Settings, fake_slack: FakeSlack, db: Database) -> None:
    for app in _app(replace(oauth_settings, token_encryption_keys=(OLD,))):
        install_team(app, fake_slack, "T1", "Testwijk")
    written_with_old = stored_tokens(db)
    # step 1: the new key first, the old one still there: old rows read, new writes use the new key
    rotating = EncryptedInstallationStore("111.222", db.engine, TokenCipher([NEW, OLD]))
    assert rotating.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1-token"
    # step 2: rewrite every row with the new key
    assert reencrypt(rotating) >= 2
    assert set(stored_tokens(db)).isdisjoint(written_with_old)
    # step 3: the old key can go
    new_only = EncryptedInstallationStore("111.222", db.engine, TokenCipher([NEW]))
    found = new_only.find_installation(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == "xoxb-T1-token"
    with pytest.raises(ConfigError):
        EncryptedInstallationStore("111.222", db.engine, TokenCipher([OLD])).find_bot(enterprise_id=None, team_id="T1")


def test_plain_rows_from_before_are_read_and_encrypted_by_the_cli(
    oauth_app: Flask, fake_slack: FakeSlack, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_team(oauth_app, fake_slack, "T1", "Testwijk")
    store = EncryptedInstallationStore("111.222", db.engine, TokenCipher([NEW]))
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1-token"
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    result = CliRunner().invoke(main, ["tokens", "reencrypt"])
    assert result.exit_code == 0, result.output
    assert all(value.startswith(PREFIX) for value in stored_tokens(db))
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1-token"


def test_long_tokens_fit_once_encrypted(db: Database) -> None:
    """Rotating tokens and refresh tokens are long; encrypted they still fit the (widened) columns."""
    store = EncryptedInstallationStore("111.222", db.engine, TokenCipher([NEW]))
    long_token = "xoxe.xoxb-1-" + "A" * 300
    refresh, user_token = "xoxe-1-" + "r" * 300, "xoxp-" + "u" * 120
    store.save(Installation(app_id="A1", team_id="T9", user_id="U9", bot_token=long_token, bot_id="B9",
                            bot_user_id="UB9", bot_refresh_token=refresh, user_token=user_token))  # fmt: skip
    found = store.find_installation(enterprise_id=None, team_id="T9")
    assert found is not None and found.bot_token == long_token and found.user_token == user_token


def test_a_bad_key_is_a_clear_error_that_does_not_echo_it(oauth_settings: Settings) -> None:
    with pytest.raises(ConfigError) as refused:
        create_app(replace(oauth_settings, token_encryption_keys=("niet-geheim-genoeg",)))
    assert "niet-geheim-genoeg" not in str(refused.value) and "Fernet" in str(refused.value)
