"""Action items: `/actie`, the meeting's button, the message shortcut, and ✅ reactions that close
and reopen them (members only, Slack's retries counted once)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from domain.dates_nl import BRUSSELS, format_date_nl, parse_due_date_nl
from storage import meetings
from storage.db import Database
from storage.meeting_models import ActionItemCheck
from storage.networks import create_network
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import (
    eventually,
    in_days,
    item_values,
    items_in,
    last_update,
    plan_meeting,
    reaction,
    settle,
    text_of,
    today,
)
from tests.signed import metadata_of
from tests.slack_driver import SlackDriver


def posted_items(fake: FakeSlack) -> list:  # type: ignore[type-arg]
    return [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]


def test_actie_reads_text_owner_and_dutch_date_and_posts_in_the_meeting_thread(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    reply = slack.command("/actie", "Flyer &amp; affiche rondsturen <@U2|jan> vrijdag", user="U5").get_json()
    friday = parse_due_date_nl("vrijdag", today())
    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == (
        f"📝 Actiepunt genoteerd bij *Lerend netwerk december*: Flyer &amp; affiche rondsturen — <@U2>, "
        f"tegen {format_date_nl(friday)}."  # type: ignore[arg-type]
    )
    post = fake_slack.wait_for("chat.postMessage", 2)[-1]
    assert (post.params["channel"], post.params["thread_ts"]) == ("C1", meeting.message_ts)
    shown = text_of(post.json("blocks"))
    assert "Flyer &amp; affiche rondsturen" in shown and "<@U2>" in shown
    assert f"tegen {format_date_nl(friday)}" in shown  # type: ignore[arg-type]
    assert "Reageer met ✅ als het klaar is" in shown
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    assert (item.text, item.owner_user_id, item.due_date, item.created_by) == (
        "Flyer & affiche rondsturen",
        "U2",
        friday,
        "U5",
    )
    assert item.meeting_id == meeting.id

    for text in ("<@U3> zaal boeken tegen 20/12", "verslag nalezen volgende week", "bellen met <@U4> en <@U7|piet>"):
        slack.command("/actie", text, user="U6")
    fake_slack.wait_for("chat.postMessage", 5)
    stored = eventually(lambda: (found := items_in(db)) and all(i.message_ts for i in found) and found)
    assert [(i.text, i.owner_user_id, i.due_date) for i in stored[1:]] == [
        ("zaal boeken", "U3", parse_due_date_nl("20/12", today())),
        ("verslag nalezen", "U6", parse_due_date_nl("volgende week", today())),
        ("bellen met <@U4> en", "U7", None),
    ]
    # a mention typed in the text is shown, not sent as a ping (issue 10); the owner is the app's own mention
    assert "bellen met @iemand en\\n👤 <@U7>" in text_of(fake_slack.calls_to("chat.postMessage")[-1].json("blocks"))


def test_actie_explains_itself_and_refuses_what_it_cannot_use(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert "Er is nog geen overleg" in slack.command("/actie", "flyer rondsturen", user=COORDINATOR).get_json()["text"]
    assert "/actie flyer rondsturen @naam vrijdag" in slack.command("/actie", "", user="U2").get_json()["text"]
    assert (
        "/actie flyer rondsturen @naam vrijdag"
        in slack.command("/actie", "<@U3> vrijdag", user="U2").get_json()["text"]
    )
    past = slack.command("/actie", "flyer 2020-01-03", user="U2").get_json()["text"]
    assert past.startswith("Die datum ligt in het verleden") and "vrijdag 3 januari 2020" in past
    assert "maximaal 2000 tekens" in slack.command("/actie", "x" * 2100, user="U2").get_json()["text"]
    assert items_in(db) == []


def test_actie_refuses_dates_that_do_not_exist_or_passed_and_keeps_the_text(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    plan_meeting(slack, fake_slack, db)
    for typed, problem in (
        ("iets doen 31/02", "“31/02” is geen bestaande datum."),
        ("flyer rondsturen <@U3> tegen 30 februari", "“30 februari” is geen bestaande datum."),
        ("iets doen gisteren", "“gisteren” ligt in het verleden. Kies vandaag of later."),
        ("zaal boeken vorige vrijdag", "“vorige vrijdag” ligt in het verleden."),
    ):
        answer = slack.command("/actie", typed, user="U2").get_json()
        assert answer["response_type"] == "ephemeral"
        assert answer["text"].startswith(problem), answer["text"]
        assert answer["text"].endswith(f"Er is niets bewaard; je typte: /actie {typed}")
    assert items_in(db) == []
    slack.command("/actie", "stoelen bijzetten 30-40", user="U2")  # a range, not a date: stored as typed
    item = eventually(lambda: items_in(db))[0]
    assert (item.text, item.due_date) == ("stoelen bijzetten 30-40", None)


def test_actie_in_a_channel_without_meetings_uses_the_networks_latest(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db, channel="C1")
    reply = slack.command("/actie", "zaal boeken", user="U2", channel="C9").get_json()
    assert "(in <#C1>)" in reply["text"] and "<@U2>" in reply["text"]
    post = fake_slack.wait_for("chat.postMessage", 2)[-1]
    assert (post.params["channel"], post.params["thread_ts"]) == ("C1", meeting.message_ts)
    assert eventually(lambda: items_in(db)[0].message_ts)


def test_the_latest_meeting_is_the_one_held_not_the_next_one_planned(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    now = datetime.now(BRUSSELS)
    with db.transaction() as session:
        network = create_network(
            session, team_id="T1", name="Borgerhout", coordinator_user_id=COORDINATOR, channel_id="C1"
        )
        held = meetings.create_meeting(
            session,
            network.id,
            channel_id="C1",
            title="Gisteren",
            starts_at=datetime.combine(now.date() - timedelta(days=1), time(14), tzinfo=BRUSSELS),
            location=None,
            created_by=COORDINATOR,
            points=[],
        )
        planned = meetings.create_meeting(
            session,
            network.id,
            channel_id="C1",
            title="Volgende maand",
            starts_at=now + timedelta(days=30),
            location=None,
            created_by=COORDINATOR,
            points=[],
        )
        meetings.set_meeting_ts(session, network.id, held.id, "1600000000.000100")
        meetings.set_meeting_ts(session, network.id, planned.id, "1600000000.000200")
    assert "*Gisteren*" in slack.command("/actie", "verslag rondsturen", user="U2").get_json()["text"]
    assert fake_slack.wait_for("chat.postMessage")[0].params["thread_ts"] == "1600000000.000100"
    assert eventually(lambda: items_in(db)[0].message_ts)


def test_the_meeting_button_opens_the_item_form(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    slack.block_action("actiepunt_open", str(meeting.id), user="U2", message_ts=meeting.message_ts or "")
    view = fake_slack.wait_for("views.open", 2)[-1].json("view")
    assert view["callback_id"] == "actiepunt_nieuw"
    elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert elements["owner"]["type"] == "users_select" and elements["owner"]["initial_user"] == "U2"
    assert elements["due"]["type"] == "datepicker"

    meta = view["private_metadata"]
    refused = slack.view_submission(
        "actiepunt_nieuw", item_values("Zaal boeken", None, in_days(-2)), private_metadata=meta, user="U2"
    ).get_json()
    assert refused["response_action"] == "errors"
    assert set(refused["errors"]) == {"owner", "due"}
    assert items_in(db) == []

    assert (
        slack.view_submission(
            "actiepunt_nieuw", item_values("Zaal boeken", "U3", in_days(3)), private_metadata=meta, user="U2"
        ).data
        == b""
    )
    post = fake_slack.wait_for("chat.postMessage", 2)[-1]
    assert post.params["thread_ts"] == meeting.message_ts
    assert f"tegen {format_date_nl(in_days(3))}" in text_of(post.json("blocks"))
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    assert (item.text, item.owner_user_id, item.due_date, item.created_by) == ("Zaal boeken", "U3", in_days(3), "U2")


def test_the_message_shortcut_makes_an_item_of_a_message_for_the_meeting_of_its_thread(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = plan_meeting(slack, fake_slack, db, title="Eerste", day=in_days(2))
    second, _ = plan_meeting(slack, fake_slack, db, title="Tweede", day=in_days(9))
    message = {
        "type": "message",
        "user": "U4",
        "ts": "1700000099.000100",
        "thread_ts": second.message_ts,
        "text": "Wie maakt de affiche? &lt;dringend&gt; <@U2>",
    }
    slack.message_shortcut("maak_actiepunt", message, channel="C1", user="U2")
    link = fake_slack.wait_for("chat.getPermalink")[0]
    assert (link.params["channel"], link.params["message_ts"]) == ("C1", "1700000099.000100")
    view = fake_slack.wait_for("views.open", 3)[-1].json("view")
    elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert elements["text"]["initial_value"] == "Wie maakt de affiche? <dringend> <@U2>"
    assert elements["owner"]["initial_user"] == "U4"
    permalink = "https://testwijk.slack.com/archives/C1/p1700000099.000100"
    assert f"<{permalink}|dit bericht>" in text_of(view["blocks"])
    assert "*Tweede*" in text_of(view["blocks"])
    meta = metadata_of(view)
    assert meta == {"meeting": second.id, "channel": "C1", "source": permalink}

    slack.view_submission(
        "actiepunt_nieuw",
        item_values("Wie maakt de affiche? <dringend> <@U2>", "U4"),
        private_metadata=view["private_metadata"],
        user="U2",
    )
    post = fake_slack.wait_for("chat.postMessage", 3)[-1]
    assert post.params["thread_ts"] == second.message_ts
    shown = text_of(post.json("blocks"))
    assert "Wie maakt de affiche? &lt;dringend&gt; @iemand" in shown and f"<{permalink}|bron>" in shown
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    assert (item.meeting_id, item.source_url, item.due_date) == (second.id, permalink, None)

    outside = {"type": "message", "user": "U5", "ts": "1700000099.000200", "text": "los bericht"}
    slack.message_shortcut("maak_actiepunt", outside, channel="C1", user="U2")
    view = fake_slack.wait_for("views.open", 4)[-1].json("view")
    assert metadata_of(view)["meeting"] == first.id  # the channel's latest meeting


def test_the_shortcut_without_any_meeting_says_to_start_one(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.message_shortcut("maak_actiepunt", {"type": "message", "user": "U4", "ts": "1.2", "text": "x"}, user="U2")
    told = eventually(lambda: fake_slack.calls_to("response_url"))[0]
    assert "Start er een met `/agenda`" in told.params["text"]
    assert fake_slack.calls_to("views.open") == []


def test_a_members_check_closes_the_item_and_removing_the_last_check_reopens_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    slack.command("/actie", "Flyer rondsturen <@U2> vrijdag", user=COORDINATOR)
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    ts = item.message_ts or ""
    slack.block_action("agenda_ik_kom", str(meeting.id), user="U3", message_ts=meeting.message_ts or "")
    fake_slack.wait_for("chat.update")  # U3 is a member now; the meeting message shows the answer

    slack.event(reaction("reaction_added", "USTRANGER", ts))  # not a member of the network
    slack.event(reaction("reaction_added", "U2", ts, name="thumbsup"))  # not a check mark
    slack.event(reaction("reaction_added", "U2", meeting.message_ts or ""))  # not an action item
    settle(slack)
    assert len(fake_slack.calls_to("chat.update")) == 1
    assert not items_in(db)[0].is_done

    assert slack.event(reaction("reaction_added", "U2", ts), event_id="EvDONE").status_code == 200
    done = last_update(fake_slack, 2)
    assert (done.params["channel"], done.params["ts"]) == ("C1", ts)
    assert "~Flyer rondsturen~" in text_of(done.json("blocks"))
    assert "afgerond door <@U2>" in text_of(done.json("blocks"))
    [item] = items_in(db)
    assert item.done_by == "U2" and item.done_at is not None

    assert slack.event(reaction("reaction_added", "U2", ts), event_id="EvDONE", retry_num=1).status_code == 200
    slack.event(reaction("reaction_added", "U3", ts, name="heavy_check_mark"))  # a second check: still done by U2
    settle(slack)
    assert len(fake_slack.calls_to("chat.update")) == 2
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ActionItemCheck)) == 2

    slack.event(reaction("reaction_removed", "U2", ts))
    moved = last_update(fake_slack, 3)
    assert "afgerond door <@U3>" in text_of(moved.json("blocks"))
    assert items_in(db)[0].done_by == "U3"

    slack.event(reaction("reaction_removed", "USTRANGER", ts))
    slack.event(reaction("reaction_removed", "U3", ts, name="heavy_check_mark"))
    reopened = last_update(fake_slack, 4)
    shown = text_of(reopened.json("blocks"))
    assert "Reageer met ✅ als het klaar is" in shown and "~" not in shown
    [item] = items_in(db)
    assert (item.done_by, item.done_at) == (None, None)

    slack.event(reaction("reaction_added", "U3", ts, name="ballot_box_with_check"))
    assert "afgerond door <@U3>" in text_of(last_update(fake_slack, 5).json("blocks"))


def test_a_failed_item_post_is_told_and_kept_for_agenda_opnieuw(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    assert "Actiepunt genoteerd" in slack.command("/actie", "zaal boeken", user="U2").get_json()["text"]
    told = eventually(lambda: fake_slack.calls_to("response_url"))[0]
    assert "Het actiepunt is bewaard" in told.params["text"] and "/agenda opnieuw" in told.params["text"]
    [item] = items_in(db)
    assert item.message_ts is None

    slack.command("/agenda", "opnieuw", user="U2")
    eventually(lambda: len(fake_slack.calls_to("response_url")) == 2)
    assert fake_slack.calls_to("chat.postMessage")[-1].params["thread_ts"] == meeting.message_ts
    assert items_in(db)[0].message_ts is not None


def test_actie_lijst_lists_the_open_items_and_makes_none(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """`/actie lijst` is a question, not an item called "lijst": it shows the open items, late ones first."""
    plan_meeting(slack, fake_slack, db)
    empty = slack.command("/actie", "lijst", user="U5").get_json()
    assert "Geen openstaande actiepunten" in str(empty) and items_in(db) == []
    slack.command("/actie", "flyer rondsturen 20/12", user="U5")
    slack.command("/actie", "zaal boeken", user="U5")
    answer = slack.command("/actie", "lijst", user="U5").get_json()
    shown = text_of(answer["blocks"])
    assert answer["text"].startswith("2 open actiepunten in ")
    assert "flyer rondsturen" in shown and "zaal boeken" in shown and "Open (2)" in shown
    assert sorted(i.text for i in items_in(db)) == ["flyer rondsturen", "zaal boeken"]
    assert "Te laat" not in shown
