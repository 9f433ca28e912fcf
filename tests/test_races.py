"""Races closed by the database (issue 13): concurrent requests, through two app instances on one database.

Each test fires its requests at once from threads (a barrier lines them up), half through each instance.
They run on SQLite and PostgreSQL; on PostgreSQL the requests really interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from plugin.app import create_app, shutdown
from plugin.config import Settings
from storage.db import Database
from storage.meeting_models import AgendaPoint, Meeting
from storage.models import Need, Network
from tests.conftest import SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import agenda_values, eventually, plan_meeting
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, plain_value, select_value


@pytest.fixture
def two_apps(settings: Settings) -> Iterator[list[Flask]]:
    apps = [create_app(settings), create_app(settings)]
    for app in apps:
        app.config["TESTING"] = True
    yield apps
    for app in apps:
        shutdown(app)


def drivers(apps: list[Flask], fake: FakeSlack) -> list[SlackDriver]:
    return [CheckedDriver(app.test_client(), SIGNING_SECRET, fake.response_url()) for app in apps]


def at_once(apps: list[Flask], fake: FakeSlack, count: int, send: Callable[[SlackDriver, int], TestResponse]) -> list:
    """`count` requests at the same moment, alternating between the instances; their responses."""
    barrier = threading.Barrier(count)
    responses: list[Any] = [None] * count

    def run(i: int) -> None:
        driver = CheckedDriver(apps[i % len(apps)].test_client(), SIGNING_SECRET, fake.response_url())
        barrier.wait()
        responses[i] = send(driver, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in responses), "a request did not finish"
    return responses


def count_of(db: Database, model: type, *where: Any) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_twenty_first_commands_at_once_create_one_network(two_apps: list[Flask], fake_slack: FakeSlack, db: Database):
    """The workspace T1 has no network yet: the first of twenty requests makes it, the others read it."""
    responses = at_once(two_apps, fake_slack, 20, lambda d, i: d.command("/verwijs", "", user=f"U{i:02d}"))
    assert all(r.status_code == 200 for r in responses)
    assert all("Sorry" not in r.get_data(as_text=True) for r in responses)
    assert count_of(db, Network, Network.team_id == "T1") == 1


def test_the_same_new_network_name_in_two_channels_at_once_makes_one(
    two_apps: list[Flask], fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = drivers(two_apps, fake_slack)
    first.command("/verwijs", "", user="UA")  # the workspace's network exists
    responses = at_once(
        two_apps, fake_slack, 2, lambda d, i: d.command("/netwerk", "nieuw Zelfde Naam", user="UA", channel=f"CN{i}")
    )
    texts = sorted(r.get_json()["text"] for r in responses)
    assert count_of(db, Network, Network.name == "Zelfde Naam") == 1
    assert sum("is gestart" in t for t in texts) == 1
    assert sum("Er is al een netwerk “Zelfde Naam”" in t for t in texts) == 1, texts


def test_the_same_form_submitted_twice_at_once_is_handled_once(
    two_apps: list[Flask], fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = drivers(two_apps, fake_slack)
    assert first.command("/agenda", user="UTREKKER").status_code == 200
    view = fake_slack.wait_for("views.open")[-1].json("view")
    responses = at_once(
        two_apps,
        fake_slack,
        4,
        lambda d, i: d.view_submission(
            "agenda_nieuw", agenda_values(title="Overleg januari"), private_metadata=view["private_metadata"],
            user="UTREKKER", view_id="VSAME",
        ),
    )  # fmt: skip
    assert all(r.status_code == 200 and r.data in (b"", b"{}") for r in responses), [r.data for r in responses]
    assert count_of(db, Meeting) == 1
    # and once more, later (Slack's retry after a slow answer): still one
    assert first.view_submission(
        "agenda_nieuw", agenda_values(title="Overleg januari"), private_metadata=view["private_metadata"],
        user="UTREKKER", view_id="VSAME",
    ).data == b""  # fmt: skip
    eventually(lambda: len(fake_slack.calls_to("chat.postMessage")) >= 1)
    assert count_of(db, Meeting) == 1
    # the same window with other input is another submission
    first.view_submission(
        "agenda_nieuw", agenda_values(title="Overleg februari"), private_metadata=view["private_metadata"],
        user="UTREKKER", view_id="VSAME",
    )  # fmt: skip
    assert count_of(db, Meeting) == 2


def test_a_need_form_submitted_twice_at_once_is_stored_once(
    two_apps: list[Flask], fake_slack: FakeSlack, db: Database
) -> None:
    values = {
        "description": {"value": plain_value("Ouders geraken niet in Smartschool")},
        "category": {"value": select_value("school-en-ouders")},
        "frequency": {"value": select_value("wekelijks")},
        "target_group": {"value": select_value(None)},
        "organisation": {"value": select_value(None)},
    }
    first, _ = drivers(two_apps, fake_slack)
    first.command("/verwijs", "", user="UA")
    meta = signed_metadata("nood_save", {"channel": "C1"})
    at_once(two_apps, fake_slack, 4, lambda d, i: d.view_submission("nood_save", values, private_metadata=meta,
                                                                     user="UA", view_id="VNEED"))  # fmt: skip
    assert count_of(db, Need) == 1


def test_twenty_points_added_at_once_get_twenty_positions(
    two_apps: list[Flask], fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = drivers(two_apps, fake_slack)
    meeting, _ = plan_meeting(first, fake_slack, db, points="Welkom")
    meta = signed_metadata("agenda_punt", {"meeting": meeting.id, "channel": "C1"})
    responses = at_once(
        two_apps,
        fake_slack,
        20,
        lambda d, i: d.view_submission("agenda_punt", {"point": {"value": plain_value(f"Punt {i}")}},
                                       private_metadata=meta, user=f"U{i:02d}"),
    )  # fmt: skip
    assert all(r.status_code == 200 and r.data == b"" for r in responses), [r.data for r in responses]
    with db.transaction() as session:
        positions = list(session.scalars(select(AgendaPoint.position).where(AgendaPoint.meeting_id == meeting.id)))
    assert sorted(positions) == list(range(1, 22))
