"""When the database is unavailable, Slack is asked to retry (events) and forms stay open (issue 13, step 4)."""

from __future__ import annotations

from dataclasses import replace

from plugin.app import create_app, shutdown
from plugin.config import Settings
from plugin.errors import DATABASE_DOWN, FORM_KEPT
from storage.db import Database
from tests.conftest import COORDINATOR, SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import (
    agenda_values,
    eventually,
    item_values,
    items_in,
    last_update,
    meetings_in,
    plan_meeting,
    reaction,
    text_of,
)
from tests.signed import signed_metadata
from tests.test_timeouts import quick_app, table_locked

DEAD_DATABASE = "postgresql://nobody@127.0.0.1:1/none"


def test_with_the_database_down_events_get_a_5xx_forms_stay_open_and_commands_apologise(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    app = create_app(replace(settings, database_url=DEAD_DATABASE))
    try:
        slack = CheckedDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
        event = slack.event(reaction("reaction_added", "U2", "1700000000.000001"))
        assert event.status_code >= 500  # Slack delivers it again later
        form = slack.view_submission(
            "agenda_nieuw", agenda_values(title="Overleg januari"),
            private_metadata=signed_metadata("agenda_nieuw", {"channel": "C1"}),
            user="U1",
        )
        assert form.status_code == 200
        assert form.get_json() == {"response_action": "errors", "errors": {"title": FORM_KEPT}}
        command = slack.command("/actie", "flyer rondsturen")
        assert command.status_code == 200 and command.get_json()["text"] == DATABASE_DOWN
    finally:
        shutdown(app)


def test_a_check_during_an_outage_closes_the_item_when_slack_retries(
    settings: Settings, fake_slack: FakeSlack, db: Database
) -> None:
    app = quick_app(settings)
    try:
        slack = CheckedDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
        plan_meeting(slack, fake_slack, db)
        slack.command("/actie", "Flyer rondsturen <@U2> vrijdag", user=COORDINATOR)
        [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
        check = reaction("reaction_added", COORDINATOR, item.message_ts or "")

        with table_locked(settings.database_url, "action_items"):
            first = slack.event(check, event_id="EvOUTAGE")
        assert first.status_code >= 500
        assert not items_in(db)[0].is_done

        retried = slack.event(check, event_id="EvOUTAGE", retry_num=1)
        assert retried.status_code == 200
        assert items_in(db)[0].done_by == COORDINATOR
        assert "~Flyer rondsturen~" in text_of(last_update(fake_slack, 1).json("blocks"))
        # and Slack's next retry changes nothing
        assert slack.event(check, event_id="EvOUTAGE", retry_num=2).status_code == 200
    finally:
        shutdown(app)


def test_a_form_submitted_during_an_outage_keeps_its_input_and_succeeds_when_sent_again(
    settings: Settings, fake_slack: FakeSlack, db: Database
) -> None:
    app = quick_app(settings)
    try:
        slack = CheckedDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
        meeting, _ = plan_meeting(slack, fake_slack, db)
        values = item_values("Zaal boeken", COORDINATOR)
        meta = signed_metadata("actiepunt_nieuw", {"meeting": meeting.id, "channel": "C1"})
        with table_locked(settings.database_url, "action_items"):
            kept = slack.view_submission("actiepunt_nieuw", values, private_metadata=meta, user=COORDINATOR,
                                         view_id="VITEM")  # fmt: skip
        assert kept.get_json() == {"response_action": "errors", "errors": {"text": FORM_KEPT}}
        assert items_in(db) == []
        again = slack.view_submission("actiepunt_nieuw", values, private_metadata=meta, user=COORDINATOR,
                                      view_id="VITEM")  # fmt: skip
        assert again.status_code == 200 and again.data == b""
        assert [i.text for i in items_in(db)] == ["Zaal boeken"]
        assert len(meetings_in(db)) == 1
    finally:
        shutdown(app)
