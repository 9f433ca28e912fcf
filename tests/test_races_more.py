"""More races closed by the database (issue 13), through two app instances on one database (they
interleave for real on PostgreSQL): the knowledge, activity and offering forms submitted twice at once,
and fifty ✅ on one action item at once (with Slack's retries among them)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from plugin.app import create_app, shutdown
from plugin.config import Settings
from storage.activity_models import Activity
from storage.db import Database
from storage.knowledge_models import KnowledgeItem
from storage.models import Offering
from storage.outbox_models import OutboxMessage
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import eventually, items_in, plan_meeting, reaction
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver
from tests.test_aanbod import form as offering_form
from tests.test_activiteit import plan_values
from tests.test_kennis import knowledge_values
from tests.test_races import at_once, count_of, drivers


@pytest.fixture
def two_apps(settings: Settings) -> Iterator[list[Flask]]:
    apps = [create_app(settings), create_app(settings)]
    for app in apps:
        app.config["TESTING"] = True
    yield apps
    for app in apps:
        shutdown(app)


FORMS: dict[str, tuple[str, Callable[[], dict[str, Any]], dict[str, Any], str, type]] = {
    "knowledge": (
        "kennis_save",
        lambda: knowledge_values("Itsme activeren", "Stap voor stap, met screenshots.", ["e-overheid-en-itsme"]),
        {"channel": "C1"},
        "UBIB",
        KnowledgeItem,
    ),
    "activity": ("activiteit_save", plan_values, {"channel": "C1"}, "UBIB", Activity),
    "offering": ("aanbod_save", offering_form, {"offering": None, "channel": "C1"}, "UNEW", Offering),
}


def outbox_keys(db: Database, prefix: str) -> list[str]:
    with db.transaction() as session:
        return list(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.startswith(prefix))))


@pytest.mark.parametrize("form", list(FORMS))
def test_a_form_submitted_twice_at_once_on_two_instances_is_stored_and_announced_once(
    form: str, two_apps: list[Flask], fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    callback, values, meta, user, model = FORMS[form]
    before = count_of(db, model)
    metadata = signed_metadata(callback, meta)
    responses = at_once(
        two_apps,
        fake_slack,
        4,
        lambda d, i: d.view_submission(callback, values(), private_metadata=metadata, user=user, view_id="VTWICE"),
    )
    assert all(r.status_code == 200 for r in responses), [r.data for r in responses]
    assert count_of(db, model) == before + 1
    prefix = {"knowledge": "knowledge:", "activity": "activity:", "offering": "offering:"}[form]
    [key] = eventually(lambda: outbox_keys(db, prefix))
    with db.transaction() as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        assert row is not None
        row_id = row.id
    posted = eventually(
        lambda: [m for m in fake_slack.messages() if m.metadata and m.metadata["event_payload"]["outbox_id"] == row_id]
    )
    assert len(posted) == 1


def test_fifty_checks_at_once_on_two_instances_close_the_item_once(
    two_apps: list[Flask], fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = drivers(two_apps, fake_slack)
    plan_meeting(first, fake_slack, db)
    first.command("/actie", "Flyer rondsturen <@U2>", user=COORDINATOR)
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    users = [COORDINATOR, "U2"]

    def check(d: SlackDriver, i: int) -> Any:  # 25 events by two members, each delivered twice (Slack's retry)
        event = reaction("reaction_added", users[i % 2], item.message_ts or "")
        return d.event(event, event_id=f"EvCHECK{i % 25:02d}", retry_num=1 if i >= 25 else None)

    responses = at_once(two_apps, fake_slack, 50, check)
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    for app in two_apps:
        assert app.extensions["lerend_netwerk.lazy_work"].wait_idle(30)
    [done] = items_in(db)
    assert done.done_by in users and done.done_at is not None
    with db.transaction() as session:
        [row] = session.scalars(select(OutboxMessage).where(OutboxMessage.key == f"item:{item.id}"))
    assert row.state == "sent" and row.message_ts == item.message_ts
    ours = [m for m in fake_slack.messages("C1") if m.metadata and m.metadata["event_payload"]["outbox_id"] == row.id]
    assert len(ours) == 1  # updated in place, never posted again
    assert "~Flyer rondsturen~" in json.dumps(ours[0].blocks, ensure_ascii=False)
