"""`/verslag` through the outbox (issue 13): long minutes in several messages, spare messages emptied,
a deleted minutes message posted anew, and two `/verslag` at once on two app instances."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from plugin import minutes_delivery
from plugin.app import create_app, shutdown
from plugin.config import Settings
from plugin.delivery import EVENT_TYPE
from plugin.views.meetings import split_messages
from storage.db import Database
from storage.outbox_models import OutboxMessage
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack, Message
from tests.meeting_helpers import eventually, meetings_in, plan_meeting, posted_items, settle
from tests.slack_driver import SlackDriver


def minutes_rows(db: Database) -> list[OutboxMessage]:
    with db.transaction() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "minutes")))


def in_thread(fake: FakeSlack, root: str | None) -> list[Message]:
    return [m for m in fake.messages("C1") if m.thread_ts == root]


def minutes_in(fake: FakeSlack, root: str | None) -> list[Message]:
    return [m for m in in_thread(fake, root) if (m.text or "").startswith("Verslag")]


def answers(fake: FakeSlack) -> list[str]:
    return [c.params.get("text", "") for c in fake.calls_to("response_url")]


def test_long_minutes_take_several_messages_and_a_shorter_verslag_empties_the_spare_ones(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db, points="Digiweek\nBudget 2027\nVrijwilligers")
    monkeypatch.setattr(minutes_delivery, "split_messages", lambda blocks: split_messages(blocks, limit=3))
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    first = in_thread(fake_slack, meeting.message_ts)
    assert len(first) >= 3  # in order, each with its own outbox row
    assert [m.metadata["event_payload"]["outbox_id"] for m in first] == [r.id for r in minutes_rows(db)]
    assert all(m.metadata and m.metadata["event_type"] == EVENT_TYPE for m in first)
    assert meetings_in(db)[0].minutes_ts == [m.ts for m in first]
    assert "📝 Verslag:" in json.dumps(first[0].blocks, ensure_ascii=False)

    monkeypatch.setattr(minutes_delivery, "split_messages", lambda blocks: split_messages(blocks, limit=50))
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    again = in_thread(fake_slack, meeting.message_ts)
    assert [m.ts for m in again] == [m.ts for m in first]  # nothing new posted
    assert "📝 Verslag:" in json.dumps(again[0].blocks, ensure_ascii=False)
    assert all(m.text == minutes_delivery.SPARE_PART for m in again[1:])
    assert answers(fake_slack)[-1].startswith("✅ Het verslag in de thread is bijgewerkt.")


def test_a_deleted_minutes_message_is_posted_anew_and_remembered(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db, points="Digiweek")
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    [first] = in_thread(fake_slack, meeting.message_ts)
    fake_slack.fail("chat.update", "message_not_found")  # someone deleted the minutes
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    [_, second] = in_thread(fake_slack, meeting.message_ts)
    assert meetings_in(db)[0].minutes_ts == [second.ts]
    [row] = minutes_rows(db)
    assert (row.state, row.message_ts) == ("sent", second.ts)
    assert answers(fake_slack)[-1].startswith("✅ Het verslag in de thread is bijgewerkt.")


@pytest.fixture
def second_app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    shutdown(app)


def test_two_verslag_at_once_on_two_instances_post_one_set_and_catch_up_once(
    app: Flask, second_app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    from tests.test_races import at_once

    meeting, _ = plan_meeting(slack, fake_slack, db, points="Digiweek")
    slack.command("/agenda", "help", user="U4")  # U4 said nothing: one catch-up message
    at_once([app, second_app], fake_slack, 4, lambda d, i: d.command("/verslag", user=COORDINATOR, channel="C1"))
    eventually(lambda: len(answers(fake_slack)) >= 4, timeout=30)
    assert len(in_thread(fake_slack, meeting.message_ts)) == 1
    catch_ups = [m for m in fake_slack.messages("U4") if "Je was er niet bij" in json.dumps(m.blocks)]
    assert len(catch_ups) == 1
    done = [a for a in answers(fake_slack) if a.startswith("✅")]
    assert done and all("Niet gelukt" not in a for a in done), answers(fake_slack)


def test_a_failed_update_of_the_minutes_is_told_as_such_and_retried_by_the_sweep(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings
) -> None:
    from datetime import timedelta

    from plugin.bolt_app import web_client
    from plugin.delivery import deliver_due
    from storage.base import utcnow

    meeting, _ = plan_meeting(slack, fake_slack, db, points="Digiweek")
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    slack.command("/actie", "Zaal boeken", user=COORDINATOR)  # an item since: the updated minutes list it
    posted_items(db, 1)
    fake_slack.fail("chat.update", "internal_error", status=500)
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    settle(slack)
    told = answers(fake_slack)[-1]
    assert told.startswith("⚠️ Het verslag in de thread kon niet bijgewerkt worden: Slack had een storing")
    assert "ik probeer het vanzelf opnieuw" in told
    [shown] = minutes_in(fake_slack, meeting.message_ts)
    assert "Zaal boeken" not in json.dumps(shown.blocks)
    deliver_due(db.transaction, lambda _team: web_client(settings, settings.bot_token), utcnow() + timedelta(days=1))
    [shown] = minutes_in(fake_slack, meeting.message_ts)  # updated in place, not posted again
    assert "Zaal boeken" in json.dumps(shown.blocks)
    [row] = minutes_rows(db)
    assert row.state == "sent"


def test_verslag_with_a_word_it_does_not_know_sends_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """The minutes reach everyone: `/verslag help` (or any word) explains and posts or messages nobody."""
    meeting, _ = plan_meeting(slack, fake_slack, db, points="Digiweek")
    posted = len(fake_slack.calls_to("chat.postMessage"))
    body = slack.command("/verslag", "help", user=COORDINATOR, channel="C1").get_json()
    settle(slack)
    assert body["text"].startswith("`/verslag help` ken ik niet. Typ `/verslag` zonder tekst")
    assert body["text"].endswith("Er is niets verstuurd.")
    assert len(fake_slack.calls_to("chat.postMessage")) == posted and minutes_rows(db) == []
    assert meetings_in(db)[0].minutes_ts in (None, [])
    slack.command("/verslag", "", user=COORDINATOR, channel="C1")  # without a word: the minutes, as before
    settle(slack)
    assert minutes_in(fake_slack, meeting.message_ts)
