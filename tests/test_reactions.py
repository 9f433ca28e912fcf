"""Each feature listens for its own emoji (plugin/reactions.py); a reaction nobody wants is acknowledged
and changes nothing. The features' own behaviour is in test_action_items, test_kennis and test_minutes."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.authorization import AuthorizeResult
from sqlalchemy import func, select

from plugin.reactions import ignore_other_reactions, on_reaction
from storage.db import Database
from storage.knowledge_models import KnowledgeLike
from storage.meeting_models import ActionItemCheck, Decision
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import eventually, items_in, plan_meeting, reaction, settle
from tests.slack_driver import SlackDriver


def count(db: Database, table: Any) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_check_with_a_skin_tone_closes_and_other_emoji_leave_the_item_alone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    plan_meeting(slack, fake_slack, db)
    slack.command("/actie", "Flyer rondsturen <@U2> vrijdag", user=COORDINATOR)
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    ts = item.message_ts or ""
    updates = len(fake_slack.calls_to("chat.update"))
    calls = len(fake_slack.calls)

    for name in ("heart", "+1", "thumbsup::skin-tone-2", "eyes::skin-tone-5"):  # another feature's, or nobody's
        assert slack.event(reaction("reaction_added", "U2", ts, name=name)).status_code == 200
        assert slack.event(reaction("reaction_removed", "U2", ts, name=name)).status_code == 200
    settle(slack)
    assert not items_in(db)[0].is_done
    assert count(db, ActionItemCheck) == 0 and count(db, KnowledgeLike) == 0 and count(db, Decision) == 0
    assert [c.method for c in fake_slack.calls[calls:]] == []  # not even a question to Slack

    assert slack.event(reaction("reaction_added", "U2", ts, name="white_check_mark::skin-tone-4")).status_code == 200
    settle(slack)
    assert items_in(db)[0].done_by == "U2"
    assert len(fake_slack.calls_to("chat.update")) == updates + 1


def bare_app() -> App:
    return App(
        signing_secret="secret",
        request_verification_enabled=False,
        authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-1", bot_user_id="UB"),
        process_before_response=True,
    )


def deliver(app: App, kind: str, name: str) -> int:
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": f"Ev{kind}{name}",
        "event": {
            "type": kind,
            "user": "U2",
            "reaction": name,
            "item": {"type": "message", "channel": "C1", "ts": "1"},
        },
    }
    return app.dispatch(BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"]})).status


def test_each_feature_gets_its_own_emoji_and_the_catch_all_the_rest() -> None:
    """The mechanism on a bare Bolt app: a feature's pair matches its emoji without the skin tone, added
    and removed; the catch-all, registered last, acknowledges every other reaction."""
    app = bare_app()
    seen: list[tuple[str, str, bool]] = []

    def check(event: dict[str, Any], context: BoltContext, added: bool) -> None:
        seen.append(("check", event["reaction"], added))

    def like(event: dict[str, Any], context: BoltContext, added: bool) -> None:
        seen.append(("like", event["reaction"], added))

    on_reaction(app, lambda name: name == "white_check_mark", changed=check)
    on_reaction(app, lambda name: name == "+1", changed=like)
    assert deliver(app, "reaction_added", "heart") == 404  # without the catch-all Bolt finds no listener
    ignore_other_reactions(app)

    assert deliver(app, "reaction_added", "white_check_mark::skin-tone-3") == 200
    assert deliver(app, "reaction_removed", "+1::skin-tone-5") == 200
    assert deliver(app, "reaction_added", "+1") == 200
    assert deliver(app, "reaction_added", "heart") == 200
    assert deliver(app, "reaction_removed", "white_check_mark_button") == 200
    assert seen == [
        ("check", "white_check_mark::skin-tone-3", True),
        ("like", "+1::skin-tone-5", False),
        ("like", "+1", True),
    ]
