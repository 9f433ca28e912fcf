"""Helpers for the meeting tests: picker values, planning a meeting through Slack, waiting for lazy work."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from storage.db import Database
from storage.meeting_models import ActionItem, Meeting
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.slack_driver import SlackDriver, plain_value

T = TypeVar("T")


def cli_runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line as an operator runs it: settings from the environment, Slack = the fake."""
    environment = {
        "DATABASE_URL": settings.database_url,
        "SLACK_BOT_TOKEN": settings.bot_token,
        "SLACK_CLIENT_ID": settings.client_id,
        "SLACK_CLIENT_SECRET": settings.client_secret,
        "SLACK_SIGNING_SECRET": settings.signing_secret,
        "SLACK_API_URL": settings.slack_api_url,
    }
    for name, value in environment.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    return CliRunner()


def today() -> date:
    return datetime.now(BRUSSELS).date()


def in_days(days: int) -> date:
    return today() + timedelta(days=days)


def date_value(day: date | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": day.isoformat() if day else None}


def time_value(clock: str | None) -> dict[str, Any]:
    return {"type": "timepicker", "selected_time": clock}


def user_value(user_id: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": user_id}


def agenda_values(
    title: str = "Lerend netwerk december",
    day: date | None = None,
    clock: str = "14:00",
    place: str = "",
    points: str = "",
) -> dict[str, dict[str, Any]]:
    return {
        "title": {"value": plain_value(title)},
        "date": {"value": date_value(day or in_days(7))},
        "time": {"value": time_value(clock)},
        "place": {"value": plain_value(place)},
        "points": {"value": plain_value(points)},
    }


def item_values(text: str, owner: str | None, due: date | None = None) -> dict[str, dict[str, Any]]:
    return {
        "text": {"value": plain_value(text)},
        "owner": {"value": user_value(owner)},
        "due": {"value": date_value(due)},
    }


def text_of(blocks: Any) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def eventually(check: Callable[[], T], timeout: float = 5.0) -> T:
    """Lazy listeners finish after the HTTP response: wait until `check` returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "condition not met in time"
            return result
        time.sleep(0.02)


def settle(slack: SlackDriver, timeout: float = 10.0) -> None:
    """Wait until every lazy listener started so far (and whatever it started in turn) has finished, so that
    the assertions after it see their outcome; fails if the app's lazy work does not drain in time."""
    lazy_work = slack.client.application.extensions["lerend_netwerk.lazy_work"]
    assert lazy_work.wait_idle(timeout), "lazy listeners still running"


def meetings_in(db: Database) -> list[Meeting]:
    with db.transaction() as session:
        return list(session.scalars(select(Meeting).order_by(Meeting.id)))


def items_in(db: Database) -> list[ActionItem]:
    with db.transaction() as session:
        return list(session.scalars(select(ActionItem).order_by(ActionItem.id)))


def posted_items(db: Database, count: int) -> list[ActionItem]:
    """The first `count` action items, once every one of them is in its thread."""
    return eventually(
        lambda: (found := items_in(db)) and len(found) >= count and all(i.message_ts for i in found) and found
    )


def plan_meeting(
    slack: SlackDriver,
    fake: FakeSlack,
    db: Database,
    *,
    user: str = COORDINATOR,
    channel: str = "C1",
    **values: Any,
) -> tuple[Meeting, Call]:
    """`/agenda` → the form → submitted; returns the stored meeting (once posted) and its chat.postMessage."""
    posted_before = len(fake.calls_to("chat.postMessage"))
    opened_before = len(fake.calls_to("views.open"))
    assert slack.command("/agenda", user=user, channel=channel).status_code == 200
    view = fake.wait_for("views.open", opened_before + 1)[-1].json("view")
    response = slack.view_submission(
        "agenda_nieuw", agenda_values(**values), private_metadata=view["private_metadata"], user=user
    )
    assert response.status_code == 200 and not response.data, response.data
    post = fake.wait_for("chat.postMessage", posted_before + 1)[-1]
    meeting = eventually(lambda: (m := meetings_in(db)[-1]).message_ts and m)
    return meeting, post


def last_update(fake: FakeSlack, count: int) -> Call:
    return fake.wait_for("chat.update", count)[-1]


def reaction(kind: str, user: str, ts: str, name: str = "white_check_mark", channel: str = "C1") -> dict[str, Any]:
    return {
        "type": kind,
        "user": user,
        "reaction": name,
        "item": {"type": "message", "channel": channel, "ts": ts},
        "item_user": "UBOT",
        "event_ts": f"{time.time():.6f}",
    }
