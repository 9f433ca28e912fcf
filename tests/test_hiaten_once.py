"""`/hiaten grafiek` uploads once (issue 13): a doubled request on two instances, a failed upload, an upload
whose answer comes after the client's timeout, and a dropped connection. A chart is not retried on its own:
the person is told in Dutch and can ask again."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask

from commands.hiaten import CHART_ALREADY, UPLOAD_FAILED, UPLOAD_UNKNOWN
from plugin.app import create_app, shutdown
from plugin.config import Settings
from storage.db import Database
from tests.conftest import SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import settle
from tests.slack_driver import SlackDriver
from tests.test_hiaten import add_borgerhout_signals
from tests.test_races import at_once

CLIENT_TIMEOUT = 1.0


@pytest.fixture
def quick_apps(settings: Settings) -> Iterator[list[Flask]]:
    apps = [create_app(replace(settings, slack_timeout_seconds=CLIENT_TIMEOUT)) for _ in range(2)]
    for app in apps:
        app.config["TESTING"] = True
    yield apps
    for app in apps:
        shutdown(app)


@pytest.fixture
def quick(quick_apps: list[Flask], fake_slack: FakeSlack) -> SlackDriver:
    return CheckedDriver(quick_apps[0].test_client(), SIGNING_SECRET, fake_slack.response_url())


def answers(fake: FakeSlack) -> list[str]:
    return [c.params.get("text", "") for c in fake.calls_to("response_url")]


def ask(slack: SlackDriver, user: str = "UBIB") -> None:
    assert slack.command("/hiaten", "grafiek", user=user, channel="C1").status_code == 200
    settle(slack, timeout=20)


def test_a_doubled_request_on_two_instances_uploads_the_chart_once(
    quick_apps: list[Flask], fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    at_once(quick_apps, fake_slack, 4, lambda d, i: d.command("/hiaten", "grafiek", user="UBIB", channel="C1"))
    for app in quick_apps:
        assert app.extensions["lerend_netwerk.lazy_work"].wait_idle(30)
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert answers(fake_slack) == [CHART_ALREADY] * 3


def test_a_failed_upload_is_told_and_may_be_asked_again_at_once(
    quick: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    fake_slack.fail("files.completeUploadExternal", "internal_error", status=500)
    ask(quick)
    assert answers(fake_slack)[0] == (
        "Ik kon de grafiek niet in dit kanaal zetten: Slack had een storing (`internal_error`). "
        "Probeer `/hiaten grafiek` zo dadelijk opnieuw."
    )
    ask(quick)
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 2  # the failed one, then the upload
    assert len(answers(fake_slack)) == 1  # the upload that worked needs no words: the chart is there


def test_a_dropped_connection_is_not_repeated_by_the_client_and_is_told(
    quick: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    fake_slack.drop("files.completeUploadExternal")
    ask(quick)
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert answers(fake_slack) == [UPLOAD_FAILED]


def test_an_answer_after_the_timeout_says_only_what_is_known_and_a_quick_repeat_uploads_nothing(
    quick: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    fake_slack.delay("files.completeUploadExternal", CLIENT_TIMEOUT + 1.0)
    ask(quick)
    assert answers(fake_slack) == [UPLOAD_UNKNOWN]
    ask(quick, user="U2")
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert answers(fake_slack) == [UPLOAD_UNKNOWN, CHART_ALREADY]


def test_an_answer_the_response_url_refuses_is_logged_and_the_claim_is_given_back_all_the_same(
    quick: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    social_map: dict[str, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_borgerhout_signals(db, social_map)
    fake_slack.fail("files.completeUploadExternal", "internal_error", status=500)
    fake_slack.fail("response_url", "expired_url", status=404)  # the answer window closed
    with caplog.at_level(logging.WARNING, logger="plugin.answers"):
        ask(quick)
    assert any("refused by its response_url (HTTP 404)" in r.getMessage() for r in caplog.records)
    ask(quick)
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 2
