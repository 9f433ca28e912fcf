"""The weekly question about places left: a DM to the organisation's members while the offer has places
and is shown, at most once a week, exactly once across concurrent runs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from storage import send_once
from storage.db import Database
from storage.meeting_models import SentReminder
from storage.models import Offering
from tests.fake_slack import FakeSlack
from tests.slack_driver import SlackDriver

MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=BRUSSELS)  # no school holiday that week


def places(db: Database, offering_id: int, *, counted: datetime, **other: object) -> None:
    with db.transaction() as session:
        offering = session.get_one(Offering, offering_id)
        offering.capacity_available, offering.capacity_maximum, offering.capacity_unit = 3, 10, "plaatsen"
        offering.capacity_updated_at = counted
        for key, value in other.items():
            setattr(offering, key, value)


def prompts(fake: FakeSlack, first: int = 0) -> list[str]:
    """Who got a question about places, in order."""
    return [
        c.params["channel"]
        for c in fake.calls_to("chat.postMessage")[first:]
        if "aantal plaatsen" in str(c.params.get("blocks")) and c.params["channel"][:1] == "U"
    ]


def test_asked_once_a_week_and_only_while_relevant(
    settings: Settings, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    laptop = social_map["laptop"]
    places(db, laptop, counted=MONDAY - timedelta(days=10))
    places(db, social_map["itsme"], counted=MONDAY - timedelta(days=2))  # counted this week: nothing to ask
    run_reminders(settings, db, MONDAY)
    assert prompts(fake_slack) == ["UBIB"]  # the library's member, about the laptops only
    message = fake_slack.calls_to("chat.postMessage")[-1]
    assert "Laptop ontlenen" in str(message.params["blocks"]) and "3 van 10 plaatsen vrij" in str(message.params)

    seen = len(fake_slack.calls_to("chat.postMessage"))
    run_reminders(settings, db, MONDAY + timedelta(days=3))  # the same week: not again
    assert prompts(fake_slack, seen) == []
    run_reminders(settings, db, MONDAY + timedelta(days=7))  # a week later, still the old count: again
    assert sorted(prompts(fake_slack, seen)) == ["UBIB", "UCAW"]  # and the CAW's count is now 9 days old
    places(db, social_map["itsme"], counted=MONDAY, capacity_maximum=None)  # no limited places any more

    slack.block_action("aanbod_plaatsen_ok", str(laptop), user="UBIB")  # *Klopt nog*: counted today
    assert "bevestigd" in fake_slack.wait_for("response_url")[0].params["text"]
    seen = len(fake_slack.calls_to("chat.postMessage"))
    run_reminders(settings, db, datetime.combine(datetime.now(BRUSSELS).date() + timedelta(days=3), time(9), BRUSSELS))
    assert prompts(fake_slack, seen) == []

    later = MONDAY + timedelta(days=14)
    places(db, laptop, counted=MONDAY - timedelta(days=10), status="paused")
    run_reminders(settings, db, later)
    assert prompts(fake_slack, seen) == []  # a paused offer is not shown: nobody is asked
    places(db, laptop, counted=MONDAY - timedelta(days=10), status="active", closure_alert="Verbouwing")
    run_reminders(settings, db, later)
    assert prompts(fake_slack, seen) == []  # closed: nobody is asked
    places(db, laptop, counted=MONDAY - timedelta(days=10), closure_alert=None)
    run_reminders(settings, db, later)
    assert prompts(fake_slack, seen) == ["UBIB"]


@pytest.mark.parametrize("attempt", range(2))
def test_two_concurrent_runs_ask_exactly_once(
    attempt: int,
    settings: Settings,
    fake_slack: FakeSlack,
    db: Database,
    social_map,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    places(db, social_map["laptop"], counted=MONDAY - timedelta(days=10))
    places(db, social_map["digicafe"], counted=MONDAY - timedelta(days=8))
    together = threading.Barrier(2, timeout=20)
    claim = send_once.claim

    def claim_at_the_same_time(*args, **kwargs):  # type: ignore[no-untyped-def]
        together.wait()
        return claim(*args, **kwargs)

    monkeypatch.setattr(send_once, "claim", claim_at_the_same_time)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(lambda instance: run_reminders(settings, instance, MONDAY), instances))
    finally:
        for instance in instances:
            instance.dispose()
    assert sum(r.sent for r in runs) == 2 and sum(r.failed for r in runs) == 0
    assert prompts(fake_slack) == ["UBIB", "UBIB"]  # one per offer
    with db.transaction() as session:
        kinds = session.scalars(select(SentReminder.kind)).all()
        assert sorted(kinds) == ["plaatsen", "plaatsen"]


def test_aantal_aanpassen_opens_a_form_with_only_the_count_and_the_question_becomes_the_new_count(
    settings: Settings, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    laptop = social_map["laptop"]
    places(db, laptop, counted=MONDAY - timedelta(days=10))
    run_reminders(settings, db, MONDAY)
    question = next(m for m in fake_slack.stored if "aantal plaatsen" in str(m.blocks))
    assert question.channel == "DUBIB" and "aanbod_plaatsen_edit" in str(question.blocks)

    # someone of another organisation may not change the library's count
    slack.block_action("aanbod_plaatsen_edit", str(laptop), user="UCAW", channel="DUCAW")
    assert "Alleen de leden van de organisatie" in fake_slack.wait_for("response_url")[0].params["text"]
    assert fake_slack.calls_to("views.open") == []

    slack.block_action("aanbod_plaatsen_edit", str(laptop), user="UBIB", channel="DUBIB", message_ts=question.ts)
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "aanbod_plaatsen"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert set(inputs) == {"capacity_available", "capacity_maximum"}  # only the count, not the whole offer
    assert inputs["capacity_available"]["element"]["initial_value"] == "3"
    assert "3 van 10 plaatsen vrij" in str(view["blocks"])

    def submit(available: str, maximum: str):  # type: ignore[no-untyped-def]
        values = {
            "capacity_available": {"value": {"type": "plain_text_input", "value": available}},
            "capacity_maximum": {"value": {"type": "plain_text_input", "value": maximum}},
        }
        return slack.view_submission(
            "aanbod_plaatsen", values, private_metadata=view["private_metadata"], user="UBIB"
        ).get_json()

    refused = submit("12", "10")
    assert refused["response_action"] == "errors" and "maximum (10)" in refused["errors"]["capacity_available"]
    assert submit("", "")["errors"] == {"capacity_available": "Vul het aantal in."}
    assert submit("2", "10") is None  # saved; the form closes

    fake_slack.wait_for("chat.update")
    assert "aanbod_plaatsen_edit" not in str(question.blocks)  # the question is answered: no buttons left
    assert "2 van 10 plaatsen vrij" in str(question.blocks)
    with db.transaction() as session:
        offering = session.get_one(Offering, laptop)
        assert (offering.capacity_available, offering.capacity_maximum) == (2, 10)
    answer = slack.command("/verwijs", "laptop lenen", user="UCAW").get_json()
    assert "2 van 10 plaatsen vrij" in str(answer["blocks"])  # colleagues see the new count at once
