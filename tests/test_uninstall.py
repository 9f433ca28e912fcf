"""Uninstall and revoked tokens: acknowledged (never a 404), the installation gone, reminders skip it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from plugin.cli import main
from plugin.config import Settings
from storage.db import Database
from tests.conftest import install_team
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import cli_runner, in_days, plan_meeting, posted_items
from tests.slack_driver import SlackDriver


def store(settings: Settings, db: Database) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.client_id or "", engine=db.engine)


def test_app_uninstalled_deletes_the_installation_and_reminders_skip_the_workspace(
    oauth_app: Flask,
    oauth_slack: SlackDriver,
    oauth_settings: Settings,
    fake_slack: FakeSlack,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_team(oauth_app, fake_slack, "T1", "Testwijk")
    plan_meeting(oauth_slack, fake_slack, db, user="UINSTALLER", day=in_days(1))
    oauth_slack.command("/actie", f"Flyer <@U2> {in_days(2).isoformat()}", user="UINSTALLER")
    posted_items(db, 1)
    assert store(oauth_settings, db).find_bot(enterprise_id=None, team_id="T1") is not None

    response = oauth_slack.event({"type": "app_uninstalled"})
    assert response.status_code == 200
    assert store(oauth_settings, db).find_bot(enterprise_id=None, team_id="T1") is None
    assert store(oauth_settings, db).find_installation(enterprise_id=None, team_id="T1") is None
    # Slack's retry of the same event is acknowledged too
    assert oauth_slack.event({"type": "app_uninstalled"}, retry_num=1).status_code == 200

    before = len(fake_slack.calls_to("chat.postMessage"))
    cli = cli_runner(replace(oauth_settings, bot_token=None), monkeypatch)
    result = cli.invoke(main, ["reminders", "--now", f"{in_days(1).isoformat()}T09:00"])
    assert result.exit_code == 0, result.output
    assert "niet (meer) geïnstalleerd" in result.output
    assert len(fake_slack.calls_to("chat.postMessage")) == before


def test_tokens_revoked_deletes_the_bot_token(
    oauth_app: Flask, oauth_slack: SlackDriver, oauth_settings: Settings, fake_slack: FakeSlack, db: Database
) -> None:
    install_team(oauth_app, fake_slack, "T1", "Testwijk")
    response = oauth_slack.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}})
    assert response.status_code == 200
    assert store(oauth_settings, db).find_bot(enterprise_id=None, team_id="T1") is None


def test_single_workspace_mode_acknowledges_both_events(slack: SlackDriver) -> None:
    assert slack.event({"type": "app_uninstalled"}).status_code == 200
    assert slack.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}).status_code == 200
