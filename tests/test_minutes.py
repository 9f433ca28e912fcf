"""`/verslag`: 📌 decisions, the minutes in the thread, catch-up messages for who did not come,
and the same minutes as Markdown from `lerend-netwerk verslag`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from domain.dates_nl import format_date_nl, parse_due_date_nl
from plugin.cli import main
from plugin.config import Settings
from storage.db import Database
from storage.meeting_models import AgendaPoint, Decision, Meeting
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import (
    agenda_values,
    cli_runner,
    eventually,
    items_in,
    last_update,
    meetings_in,
    plan_meeting,
    reaction,
    settle,
    text_of,
    today,
)
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver

DECISION_TS = "1700000500.000001"


def answer_thread(fake: FakeSlack, thread_ts: str, text: str, user: str = "U2", ts: str = DECISION_TS) -> None:
    """conversations.replies as Slack answers it for a reply's ts: the parent, then the reply."""
    fake.answer(
        "conversations.replies",
        {
            "ok": True,
            "messages": [
                {"type": "message", "ts": thread_ts, "thread_ts": thread_ts, "text": "Overleg", "user": "UBOT"},
                {"type": "message", "ts": ts, "thread_ts": thread_ts, "text": text, "user": user},
            ],
            "has_more": False,
        },
    )


def decisions_in(db: Database) -> list[Decision]:
    with db.transaction() as session:
        return list(session.scalars(select(Decision).order_by(Decision.id)))


def a_meeting_with_everything(slack: SlackDriver, fake: FakeSlack, db: Database) -> Meeting:
    """Points, answers (U2 comes, U3 not, U4 silent), one open and one done item, one 📌 decision."""
    meeting, _ = plan_meeting(slack, fake, db, title="Overleg december", points="Digiweek\nBudget 2027")
    ts = meeting.message_ts or ""
    slack.block_action("agenda_ik_kom", str(meeting.id), user="U2", message_ts=ts)
    slack.block_action("agenda_ik_kan_niet", str(meeting.id), user="U3", message_ts=ts)
    slack.command("/agenda", "help", user="U4")
    fake.wait_for("chat.update", 2)
    slack.command("/actie", "Flyer rondsturen <@U3> vrijdag", user=COORDINATOR)
    slack.command("/actie", "Zaal boeken <@U2>", user=COORDINATOR)
    items = eventually(
        lambda: (found := items_in(db)) and len(found) == 2 and all(i.message_ts for i in found) and found
    )
    slack.event(reaction("reaction_added", "U2", items[1].message_ts or ""))
    fake.wait_for("chat.update", 3)
    answer_thread(fake, ts, "We doen mee aan de Digiweek &amp; betalen de zaal <@U4>")
    slack.event(reaction("reaction_added", COORDINATOR, DECISION_TS, name="pushpin"))
    eventually(lambda: decisions_in(db))
    return meeting


def test_a_pushpin_in_a_meeting_thread_records_a_decision_with_its_text(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    answer_thread(fake_slack, meeting.message_ts or "", "Budget: &lt;500 euro&gt; voor de Digiweek")
    slack.command("/agenda", "help", user="U2")  # U2 becomes a member
    slack.event(reaction("reaction_added", "U2", DECISION_TS, name="pushpin"))
    [decision] = eventually(lambda: decisions_in(db))
    read = fake_slack.calls_to("conversations.replies")[0]
    assert (read.params["channel"], read.params["ts"]) == ("C1", DECISION_TS)
    assert (decision.meeting_id, decision.message_ts, decision.text, decision.author_user_id) == (
        meeting.id,
        DECISION_TS,
        "Budget: <500 euro> voor de Digiweek",
        "U2",
    )
    slack.event(reaction("reaction_added", COORDINATOR, DECISION_TS, name="pushpin"))
    eventually(lambda: len(fake_slack.calls_to("conversations.replies")) == 2)
    settle(slack)  # the coordinator's pin is stored (after its read of the thread) before U2 takes theirs away
    slack.event(reaction("reaction_removed", "U2", DECISION_TS, name="pushpin"))
    settle(slack)
    assert len(decisions_in(db)) == 1  # the coordinator's pin remains
    slack.event(reaction("reaction_removed", COORDINATOR, DECISION_TS, name="pushpin"))
    eventually(lambda: decisions_in(db) == [])

    slack.event(reaction("reaction_added", "USTRANGER", DECISION_TS, name="pushpin"))  # not a member
    answer_thread(fake_slack, "1700000400.000001", "Elders beslist", ts="1700000400.000009")
    slack.event(reaction("reaction_added", "U2", "1700000400.000009", name="pushpin"))  # another thread
    slack.event(reaction("reaction_added", "U2", "1700000400.000009", name="pushpin", channel="C9"))  # no meetings
    settle(slack)
    assert decisions_in(db) == []
    assert all(c.params["channel"] == "C1" for c in fake_slack.calls_to("conversations.replies"))


def test_verslag_posts_the_minutes_in_the_thread_and_catches_up_who_did_not_come(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting = a_meeting_with_everything(slack, fake_slack, db)
    posts_before = len(fake_slack.calls_to("chat.postMessage"))
    ack = slack.command("/verslag", user=COORDINATOR, channel="C1").get_json()
    assert ack["response_type"] == "ephemeral" and "*Overleg december*" in ack["text"]
    summary = eventually(lambda: fake_slack.calls_to("response_url"))[0].params["text"]
    assert summary.startswith("✅ Het verslag staat in de thread.")
    assert "<@U3>, <@U4>" in summary

    posts = fake_slack.calls_to("chat.postMessage")[posts_before:]
    minutes = posts[0]
    assert (minutes.params["channel"], minutes.params["thread_ts"]) == ("C1", meeting.message_ts)
    shown = text_of(minutes.json("blocks"))
    friday = format_date_nl(parse_due_date_nl("vrijdag", today()))  # type: ignore[arg-type]
    for expected in (
        "📝 Verslag: Overleg december",
        "*Zei te komen (Ik kom):* <@U2>",
        "*Kon niet komen (Ik kan niet):* <@U3>",
        "*Liet niets weten:* <@UTREKKER>, <@U4>",
        "1. Digiweek\\n2. Budget 2027",
        "• We doen mee aan de Digiweek &amp; betalen de zaal @iemand _(<@U2>)_",  # a typed mention does not ping
        f"⬜ Flyer rondsturen — <@U3>, tegen {friday}",
        "✅ ~Zaal boeken — <@U2>, geen deadline~ (afgerond door <@U2>)",
    ):
        assert expected in shown, expected

    permalink = fake_slack.calls_to("chat.getPermalink")[-1]
    assert permalink.params["message_ts"] == meeting.message_ts
    link = f"https://testwijk.slack.com/archives/C1/p{meeting.message_ts}"
    dms = {c.params["channel"]: c for c in posts[1:]}
    assert set(dms) == {"U3", "U4"}  # not U2 (came), not the coordinator (wrote the minutes)
    for dm in dms.values():
        assert f"<{link}|in de thread van het overleg>" in text_of(dm.json("blocks"))
        assert "We doen mee aan de Digiweek" in text_of(dm.json("blocks"))
    assert f"Flyer rondsturen, tegen {friday}" in text_of(dms["U3"].json("blocks"))
    assert "Je hebt geen openstaande actiepunten." in text_of(dms["U4"].json("blocks"))

    with db.transaction() as session:
        assert all(p.handled_at for p in session.scalars(select(AgendaPoint)))
    assert meetings_in(db)[0].minutes_made_at is not None

    # Once more (say, after another 📌): the same minutes message updated in place, the catch-up not again.
    updates_before = len(fake_slack.calls_to("chat.update"))
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    again = eventually(lambda: len(fake_slack.calls_to("response_url")) == 2 and fake_slack.calls_to("response_url"))
    assert again[1].params["text"].startswith("✅ Het verslag in de thread is bijgewerkt.")
    assert "Kreeg het bericht al eerder: <@U3>, <@U4>." in again[1].params["text"]
    assert "Bijgepraat" not in again[1].params["text"]
    assert len(fake_slack.calls_to("chat.postMessage")) == len(posts) + posts_before  # nothing new posted
    [update] = fake_slack.calls_to("chat.update")[updates_before:]
    [stored_ts] = meetings_in(db)[0].minutes_ts or []
    assert (update.params["channel"], update.params["ts"]) == ("C1", stored_ts)
    assert "📝 Verslag: Overleg december" in text_of(update.json("blocks"))

    # The next agenda carries only the open item: the points were handled in these minutes.
    _, post = plan_meeting(slack, fake_slack, db, title="Januari")
    carried = text_of(post.json("blocks"))
    assert "• Flyer rondsturen — <@U3>" in carried
    assert "Digiweek" not in carried and "Zaal boeken" not in carried


def test_only_the_coordinator_makes_minutes_of_a_posted_meeting(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert "Er is nog geen overleg" in slack.command("/verslag", user=COORDINATOR).get_json()["text"]
    assert "Alleen de trekker (<@UTREKKER>)" in slack.command("/verslag", user="U2").get_json()["text"]
    fake_slack.fail("chat.postMessage", "channel_not_found")
    slack.command("/agenda", user=COORDINATOR)

    slack.view_submission(
        "agenda_nieuw",
        agenda_values(),
        private_metadata=signed_metadata("agenda_nieuw", {"channel": "C1"}),
        user=COORDINATOR,
    )
    fake_slack.wait_for("chat.postEphemeral")
    assert "/agenda opnieuw" in slack.command("/verslag", user=COORDINATOR).get_json()["text"]


def test_minutes_that_slack_refuses_are_reported_and_the_points_stay_open(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    plan_meeting(slack, fake_slack, db, points="Digiweek")
    fake_slack.fail("chat.postMessage", "not_in_channel")
    slack.command("/verslag", user=COORDINATOR)
    told = eventually(lambda: fake_slack.calls_to("response_url"))[0]
    assert "Het verslag kon niet in de thread" in told.params["text"] and "/invite" in told.params["text"]
    with db.transaction() as session:
        assert [p.handled_at for p in session.scalars(select(AgendaPoint))] == [None]


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    return cli_runner(settings, monkeypatch)


def test_the_cli_prints_the_same_minutes_as_markdown_and_as_block_kit(
    cli: CliRunner, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting = a_meeting_with_everything(slack, fake_slack, db)
    posts_before = len(fake_slack.calls_to("chat.postMessage"))
    slack.command("/verslag", user=COORDINATOR)
    eventually(lambda: fake_slack.calls_to("response_url"))
    posted = fake_slack.calls_to("chat.postMessage")[posts_before].json("blocks")

    result = cli.invoke(main, ["verslag", "--meeting", str(meeting.id), "--format", "slack"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"blocks": posted}

    result = cli.invoke(main, ["verslag", "--meeting", str(meeting.id)])
    assert result.exit_code == 0, result.output
    md = result.output
    friday = format_date_nl(parse_due_date_nl("vrijdag", today()))  # type: ignore[arg-type]
    for expected in (
        "# Verslag: Overleg december",
        "- Zei te komen (Ik kom): @Gebruiker U2",
        "- Kon niet komen (Ik kan niet): @Gebruiker U3",
        "- Liet niets weten: @Gebruiker UTREKKER, @Gebruiker U4",
        "1. Digiweek\n2. Budget 2027",
        "- We doen mee aan de Digiweek & betalen de zaal @Gebruiker U4 _(@Gebruiker U2)_",
        f"- [ ] Flyer rondsturen — @Gebruiker U3, tegen {friday}",
        "- [x] Zaal boeken — @Gebruiker U2, geen deadline (afgerond door @Gebruiker U2)",
        f"[Het overleg in Slack](https://testwijk.slack.com/archives/C1/p{meeting.message_ts})",
    ):
        assert expected in md, expected

    missing = cli.invoke(main, ["verslag", "--meeting", "999"])
    assert missing.exit_code == 1 and "Geen overleg met id 999" in missing.output
    assert last_update(fake_slack, 3)  # nothing above touched the messages


def test_without_any_answer_the_minutes_claim_no_attendance(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Nobody clicked Ik kom or Ik kan niet: the minutes say so, and the summary names who got a message."""
    plan_meeting(slack, fake_slack, db, points="Digiweek")
    slack.command("/agenda", "help", user="U4")  # U4 is a member, and said nothing
    posts_before = len(fake_slack.calls_to("chat.postMessage"))
    slack.command("/verslag", user=COORDINATOR)
    summary = eventually(lambda: fake_slack.calls_to("response_url"))[0].params["text"]
    minutes = text_of(fake_slack.calls_to("chat.postMessage")[posts_before].json("blocks"))
    assert "*Aanwezigheid:* niemand liet iets weten" in minutes
    assert "Zei te komen" not in minutes and "Aanwezig (" not in minutes
    assert summary == "✅ Het verslag staat in de thread. Bijgepraat via een privébericht: <@U4>."
    assert "Iedereen" not in summary


def test_the_summary_states_only_what_happened() -> None:
    from commands.verslag import _summary
    from plugin.send_once import Sent

    assert _summary({}, updated=False, others=[]) == (
        "✅ Het verslag staat in de thread. Er zijn nog geen andere leden in het netwerk om bij te praten."
    )
    assert _summary({}, updated=True, others=["U2"]) == (
        "✅ Het verslag in de thread is bijgewerkt. Niemand hoeft bijgepraat te worden: <@U2> zei te komen."
    )
    mixed = _summary({Sent.SENT: ["U5"], Sent.TAKEN: ["U3"], Sent.FAILED: ["U4"]}, updated=True, others=["U3"])
    assert "Bijgepraat via een privébericht: <@U5>." in mixed and "Kreeg het bericht al eerder: <@U3>." in mixed
    assert "⚠️ Niet gelukt voor <@U4>" in mixed and "Niemand" not in mixed
