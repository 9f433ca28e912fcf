"""Offerings not confirmed for six months: marked in results, and their organisation asked once."""

from __future__ import annotations

from datetime import timedelta

from plugin.jobs.stale_offerings import ask_to_confirm_stale_offerings
from storage.base import utcnow
from storage.db import Database
from storage.models import Offering
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver


def make_stale(db: Database, offering_id: int) -> None:
    with db.transaction() as session:
        session.get(Offering, offering_id).last_confirmed_at = utcnow() - timedelta(days=200)


def test_stale_offering_is_marked_in_results(slack: SlackDriver, db: Database, social_map) -> None:
    make_stale(db, social_map["laptop"])
    body = slack.command("/verwijs", "laptop lenen").get_json()
    card = next(b for b in body["blocks"] if "Laptop ontlenen" in b.get("text", {}).get("text", ""))
    assert "mogelijk verouderd" in card["text"]["text"]


def test_organisation_is_asked_once_and_can_confirm(
    settings, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    make_stale(db, social_map["laptop"])
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 0
    asks = fake_slack.calls_to("chat.postMessage")
    assert [c.params["channel"] for c in asks] == ["UBIB"]
    button = next(
        e
        for b in asks[0].json("blocks")
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "aanbod_confirm"
    )
    slack.block_action("aanbod_confirm", button["value"], user="UBIB", channel="DUBIB")
    assert "nog actueel" in fake_slack.wait_for("response_url")[0].params["text"]
    body = slack.command("/verwijs", "laptop lenen").get_json()
    assert "mogelijk verouderd" not in str(body)


def test_a_failed_ask_is_retried_next_run(settings, fake_slack: FakeSlack, db: Database, social_map) -> None:
    make_stale(db, social_map["laptop"])
    fake_slack.fail("chat.postMessage", "channel_not_found")
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 0
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1


def test_the_hourly_reminders_command_asks_too(
    settings, fake_slack: FakeSlack, db: Database, social_map, monkeypatch
) -> None:
    from click.testing import CliRunner

    from plugin.cli import main

    make_stale(db, social_map["laptop"])
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    runner = CliRunner()
    first = runner.invoke(main, ["reminders", "--now", "2026-11-30T10:00:00+01:00"])
    assert first.exit_code == 0, first.output
    assert "1 keer gevraagd" in first.output
    second = runner.invoke(main, ["reminders", "--now", "2026-11-30T11:00:00+01:00"])
    assert "gevraagd" not in second.output
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")] == ["UBIB"]
