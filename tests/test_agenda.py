"""`/agenda`: the form, the meeting message in the channel, points added later, RSVPs, who may post,
carry-over from the previous meeting, odd input, and Slack failures that lose nothing."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy import select

from domain.dates_nl import BRUSSELS, format_datetime_nl
from plugin.meeting_delivery import failure_text
from plugin.views.meetings import meeting_message
from storage.db import Database
from storage.meeting_cards import MeetingCard, PointCard
from storage.meeting_models import AgendaPoint, Meeting, Rsvp
from tests.blockkit import assert_valid_blocks
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import (
    agenda_values,
    eventually,
    in_days,
    items_in,
    last_update,
    meetings_in,
    plan_meeting,
    reaction,
    text_of,
    today,
)
from tests.signed import metadata_of, signed_metadata
from tests.slack_driver import SlackDriver, plain_value


def buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def points_of(db: Database, meeting_id: int) -> list[AgendaPoint]:
    with db.transaction() as session:
        return list(
            session.scalars(
                select(AgendaPoint).where(AgendaPoint.meeting_id == meeting_id).order_by(AgendaPoint.position)
            )
        )


def test_agenda_opens_the_form_and_posts_the_meeting_where_it_was_typed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert slack.command("/agenda", user=COORDINATOR, channel="C1").status_code == 200
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "agenda_nieuw"
    assert metadata_of(view) == {"channel": "C1"}
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert kinds == {
        "title": "plain_text_input",
        "date": "datepicker",
        "time": "timepicker",
        "place": "plain_text_input",
        "points": "plain_text_input",
    }

    day = in_days(5)
    response = slack.view_submission(
        "agenda_nieuw",
        agenda_values(
            "Lerend netwerk december",
            day,
            "14:00",
            place="Bibliotheek Borgerhout, zaal 2",
            points="1. Welkom en voorstelling\n- Digiweek: wie doet mee?\n\n• Nieuwe partners",
        ),
        private_metadata=view["private_metadata"],
        user=COORDINATOR,
    )
    assert response.status_code == 200 and response.data == b""
    post = fake_slack.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C1"
    blocks = post.json("blocks")
    shown = text_of(blocks)
    when = format_datetime_nl(datetime.combine(day, time(14, 0), tzinfo=BRUSSELS))
    assert when.endswith("om 14:00") and str(day.year) in when
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "📅 Lerend netwerk december", "emoji": True},
    }
    assert when in shown and "Bibliotheek Borgerhout, zaal 2" in shown
    assert "1. Welkom en voorstelling\\n2. Digiweek: wie doet mee?\\n3. Nieuwe partners" in shown
    assert [b["text"]["text"] for b in buttons(blocks).values()] == [
        "Punt toevoegen",
        "Ik kom",
        "Ik kan niet",
        "Actiepunt toevoegen",
    ]

    [meeting] = eventually(lambda: [m for m in meetings_in(db) if m.message_ts])
    assert (meeting.channel_id, meeting.title, meeting.created_by) == ("C1", "Lerend netwerk december", COORDINATOR)
    assert meeting.starts_at == datetime.combine(day, time(14, 0), tzinfo=BRUSSELS)
    assert [p.text for p in points_of(db, meeting.id)] == [
        "Welkom en voorstelling",
        "Digiweek: wie doet mee?",
        "Nieuwe partners",
    ]
    assert {b["value"] for b in buttons(blocks).values()} == {str(meeting.id)}


def test_agenda_with_a_title_prefills_the_form(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command("/agenda", "Overleg januari", user=COORDINATOR)
    view = fake_slack.wait_for("views.open")[0].json("view")
    title = next(b for b in view["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Overleg januari"


def test_points_added_later_update_the_meeting_message_in_place(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db, points="Welkom")
    slack.block_action("agenda_punt_open", str(meeting.id), user="U2", message_ts=meeting.message_ts or "")
    view = fake_slack.wait_for("views.open", 2)[-1].json("view")
    assert view["callback_id"] == "agenda_punt"
    response = slack.view_submission(
        "agenda_punt",
        {"point": {"value": plain_value("Laptops voor nieuwkomers 💻\nוִיקִיפֶּדְיָה בעברית")}},
        private_metadata=view["private_metadata"],
        user="U2",
    )
    assert response.data == b""
    update = last_update(fake_slack, 1)
    assert (update.params["channel"], update.params["ts"]) == ("C1", meeting.message_ts)
    shown = text_of(update.json("blocks"))
    assert "1. Welkom\\n2. Laptops voor nieuwkomers 💻 _(voorgesteld door <@U2>)_" in shown
    assert "3. וִיקִיפֶּדְיָה בעברית _(voorgesteld door <@U2>)_" in shown
    assert [(p.text, p.proposed_by) for p in points_of(db, meeting.id)][1:] == [
        ("Laptops voor nieuwkomers 💻", "U2"),
        ("וִיקִיפֶּדְיָה בעברית", "U2"),
    ]


def test_rsvps_are_counted_per_person_and_a_new_answer_replaces_the_old(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    meeting, post = plan_meeting(slack, fake_slack, db)
    assert "Nog niemand heeft geantwoord" in text_of(post.json("blocks"))
    clicks = [("U2", "agenda_ik_kom"), ("U3", "agenda_ik_kom"), ("U4", "agenda_ik_kan_niet"), ("U5", "agenda_ik_kom")]
    clicks += [("U4", "agenda_ik_kom"), ("U5", "agenda_ik_kan_niet")]
    for count, (user, action) in enumerate(clicks, start=1):
        slack.block_action(action, str(meeting.id), user=user, message_ts=meeting.message_ts or "")
        fake_slack.wait_for("chat.update", count)
    final = eventually(
        lambda: "✅ 3 komen · ❌ 1 kan niet" in text_of(fake_slack.calls_to("chat.update")[-1].json("blocks"))
    )
    assert final
    with db.transaction() as session:
        answers = dict(session.execute(select(Rsvp.user_id, Rsvp.coming).where(Rsvp.meeting_id == meeting.id)).all())
    assert answers == {"U2": True, "U3": True, "U4": True, "U5": False}


def test_only_the_coordinator_posts_agendas_unless_they_open_it_up(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    slack.command("/agenda", "help", user=COORDINATOR)  # creates the network with its coordinator
    refusal = slack.command("/agenda", user="U2").get_json()
    assert refusal["response_type"] == "ephemeral"
    assert "Alleen de trekker (<@UTREKKER>) zet de agenda klaar" in refusal["text"]
    assert "Alleen de trekker" in slack.command("/agenda", "iedereen", user="U2").get_json()["text"]
    assert fake_slack.calls_to("views.open") == []

    assert "elk lid" in slack.command("/agenda", "iedereen", user=COORDINATOR).get_json()["text"]
    assert slack.command("/agenda", user="U2").data == b""
    assert len(fake_slack.wait_for("views.open")) == 1
    meeting, _ = plan_meeting(slack, fake_slack, db, user="U2", title="Door een lid")
    assert meeting.created_by == "U2"

    assert "alleen de trekker" in slack.command("/agenda", "alleen-trekker", user=COORDINATOR).get_json()["text"]
    assert "zet de agenda klaar" in slack.command("/agenda", user="U2").get_json()["text"]


def test_a_date_or_hour_in_the_past_is_refused_on_its_field(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    slack.command("/agenda", user=COORDINATOR)
    meta = signed_metadata("agenda_nieuw", {"channel": "C1"})
    yesterday = slack.view_submission(
        "agenda_nieuw", agenda_values(day=in_days(-1)), private_metadata=meta, user=COORDINATOR
    ).get_json()
    assert yesterday["response_action"] == "errors"
    assert "verleden" in yesterday["errors"]["date"]
    earlier_today = slack.view_submission(
        "agenda_nieuw", agenda_values(day=today(), clock="00:00"), private_metadata=meta, user=COORDINATOR
    ).get_json()
    assert earlier_today["errors"] == {"time": "Dit uur is vandaag al voorbij."}
    no_title = slack.view_submission(
        "agenda_nieuw", agenda_values(title="   ", day=in_days(-3)), private_metadata=meta, user=COORDINATOR
    ).get_json()
    assert set(no_title["errors"]) == {"title", "date"}
    assert meetings_in(db) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_an_agenda_without_points_says_so(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    _, post = plan_meeting(slack, fake_slack, db, points="\n  \n")
    assert "Nog geen agendapunten." in text_of(post.json("blocks"))


def test_too_many_points_are_refused_and_long_ones_fit_within_block_kit_limits(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    slack.command("/agenda", user=COORDINATOR)
    meta = signed_metadata("agenda_nieuw", {"channel": "C1"})
    many = "\n".join(f"p{n}" for n in range(200))
    refused = slack.view_submission(
        "agenda_nieuw", agenda_values(points=many), private_metadata=meta, user=COORDINATOR
    ).get_json()
    assert "Maximaal 100 agendapunten" in refused["errors"]["points"]
    assert meetings_in(db) == []

    title = "Overleg 🎉 مرحبا " + "x" * 100
    meeting, post = plan_meeting(slack, fake_slack, db, title=title, points="kort punt\n" + "é" * 2900)
    assert "é" * 500 in text_of(post.json("blocks")) and "é" * 700 not in text_of(post.json("blocks"))  # clipped
    long_points = ("🙂 שלום " * 375)[:3000] + "\n" + ("ب" * 3000)
    for count, points in enumerate((long_points, long_points, "\n".join(f"p{n}" for n in range(94))), start=1):
        slack.view_submission(
            "agenda_punt",
            {"point": {"value": plain_value(points)}},
            private_metadata=signed_metadata("agenda_punt", {"meeting": meeting.id}),
            user="U2",
        )
        blocks = last_update(fake_slack, count).json("blocks")  # the fake_slack fixture validates each one
        assert len(blocks) <= 50
        assert set(buttons(blocks)) == {"agenda_punt_open", "agenda_ik_kom", "agenda_ik_kan_niet", "actiepunt_open"}
    assert len(points_of(db, meeting.id)) == 100
    assert max(len(p.text) for p in points_of(db, meeting.id)) == 3000  # stored whole; the message shows a part
    one_more = slack.view_submission(
        "agenda_punt",
        {"point": {"value": plain_value("nog eentje")}},
        private_metadata=signed_metadata("agenda_punt", {"meeting": meeting.id}),
        user="U2",
    ).get_json()
    assert "Maximaal 100 agendapunten" in one_more["errors"]["point"]


def test_the_meeting_message_keeps_its_buttons_when_the_agenda_is_too_long_for_one_message() -> None:
    point = PointCard(("🙂 שלום ب " * 400)[:3000], proposed_by="U2")
    carried = PointCard("x" * 3000, item_owner="U3", item_due=in_days(1), item_done=False)
    card = MeetingCard(
        id=1,
        channel_id="C1",
        title="🎉" * 200,
        starts_at=datetime.combine(in_days(3), time(9, 30), tzinfo=BRUSSELS),
        location="https://meet.example/" + "a" * 480,
        message_ts="1.2",
        points=(point,) * 100,
        carried=(carried,) * 300,
        coming=3,
        not_coming=1,
    )
    text, blocks = meeting_message(card)
    assert_valid_blocks(blocks)
    assert len(blocks) == 50
    assert set(buttons(blocks)) == {"agenda_punt_open", "agenda_ik_kom", "agenda_ik_kan_niet", "actiepunt_open"}
    assert "de agenda is te lang voor één bericht" in text_of(blocks)
    assert "✅ 3 komen · ❌ 1 kan niet" in text_of(blocks)
    assert text.startswith("Overleg: 🎉")


def test_open_items_and_unhandled_points_are_carried_to_the_next_agenda(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    first, _ = plan_meeting(slack, fake_slack, db, day=in_days(1), points="Digiweek\nBudget 2027")
    slack.command("/actie", "Flyer rondsturen <@U2|jan>", user=COORDINATOR)
    slack.command("/actie", "Zaal boeken <@U3|an>", user=COORDINATOR)
    fake_slack.wait_for("chat.postMessage", 3)
    done_ts = eventually(lambda: [i.message_ts for i in items_in(db) if i.text == "Zaal boeken" and i.message_ts])[0]
    slack.event(reaction("reaction_added", "U3", done_ts))
    assert "afgerond door <@U3>" in text_of(last_update(fake_slack, 1).json("blocks"))

    second, post = plan_meeting(slack, fake_slack, db, day=in_days(20), points="Evaluatie")
    shown = text_of(post.json("blocks"))
    assert "1. Evaluatie" in shown
    carried = shown[shown.index("Openstaand van vorige keer") :]
    assert "• Digiweek" in carried and "• Budget 2027" in carried
    assert "• Flyer rondsturen — <@U2>" in carried
    assert "Zaal boeken" not in carried
    assert [(p.text, p.carried) for p in points_of(db, second.id)] == [
        ("Evaluatie", False),
        ("Digiweek", True),
        ("Budget 2027", True),
        ("Flyer rondsturen", True),
    ]
    assert first.id != second.id


def test_a_failed_post_keeps_the_meeting_tells_the_coordinator_and_agenda_opnieuw_posts_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    slack.command("/agenda", user=COORDINATOR)
    fake_slack.fail("chat.postMessage", "channel_not_found")
    slack.view_submission(
        "agenda_nieuw",
        agenda_values("Overleg X"),
        private_metadata=signed_metadata("agenda_nieuw", {"channel": "C1"}),
        user=COORDINATOR,
    )
    told = fake_slack.wait_for("chat.postEphemeral")[0]
    assert (told.params["channel"], told.params["user"]) == ("C1", COORDINATOR)
    assert "*Overleg X* is bewaard" in told.params["text"]
    assert "/invite @Lerend Netwerk" in told.params["text"] and "/agenda opnieuw" in told.params["text"]
    [meeting] = meetings_in(db)
    assert meeting.message_ts is None

    # An item made meanwhile waits for its thread.
    slack.command("/actie", "Zaal boeken", user=COORDINATOR)
    waiting = eventually(lambda: [c for c in fake_slack.calls_to("response_url") if "opnieuw" in c.params["text"]])
    assert "nog niet in Slack" in waiting[0].params["text"]

    assert slack.command("/agenda", "opnieuw", user=COORDINATOR).get_json()["text"].startswith("Ik probeer")
    report = eventually(lambda: [c for c in fake_slack.calls_to("response_url") if "alsnog" in c.params["text"]])
    assert "2 berichten alsnog gepost" in report[0].params["text"]
    posts = fake_slack.calls_to("chat.postMessage")
    assert posts[-2].params["channel"] == "C1" and "thread_ts" not in posts[-2].params
    [meeting] = meetings_in(db)
    assert meeting.message_ts and posts[-1].params["thread_ts"] == meeting.message_ts

    slack.command("/agenda", "opnieuw", user=COORDINATOR)
    again = eventually(lambda: [c for c in fake_slack.calls_to("response_url") if "Alles staat al" in c.params["text"]])
    assert again


def test_rate_limits_are_retried_and_a_failed_update_is_reported_to_the_clicker(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=0)
    meeting, _ = plan_meeting(slack, fake_slack, db)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the 429, then the retry that worked
    assert fake_slack.calls_to("chat.postEphemeral") == []

    fake_slack.fail("chat.update", "internal_error", status=500)
    slack.block_action("agenda_ik_kom", str(meeting.id), user="U2", message_ts=meeting.message_ts or "")
    told = eventually(lambda: fake_slack.calls_to("response_url"))[0]
    assert told.params["response_type"] == "ephemeral"
    assert "Slack had een storing" in told.params["text"]
    with db.transaction() as session:
        assert session.scalar(select(Rsvp.coming).where(Rsvp.user_id == "U2")) is True
    slack.command("/agenda", "opnieuw", user=COORDINATOR)  # brings the message up to date
    update = last_update(fake_slack, 2)
    assert "✅ 1 komt · ❌ 0 kunnen niet" in text_of(update.json("blocks"))
    assert eventually(lambda: [c for c in fake_slack.calls_to("response_url") if "Alles staat al" in c.params["text"]])


def test_a_button_of_a_deleted_meeting_says_so(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    meeting, _ = plan_meeting(slack, fake_slack, db)
    with db.transaction() as session:
        session.delete(session.get(Meeting, meeting.id))
    slack.block_action("agenda_ik_kom", str(meeting.id), user="U2")
    assert "bestaat niet meer" in eventually(lambda: fake_slack.calls_to("response_url"))[0].params["text"]
    slack.block_action("actiepunt_open", str(meeting.id), user="U2")
    replies = eventually(lambda: len(fake_slack.calls_to("response_url")) == 2 and fake_slack.calls_to("response_url"))
    assert "bestaat niet meer" in replies[1].params["text"]
    assert fake_slack.calls_to("views.open")[-1].json("view")["callback_id"] == "agenda_nieuw"


def test_when_even_the_ephemeral_fails_the_coordinator_gets_a_direct_message(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    slack.command("/agenda", user=COORDINATOR, channel="G1")
    fake_slack.fail("chat.postMessage", "channel_not_found")
    fake_slack.fail("chat.postEphemeral", "channel_not_found")
    slack.view_submission(
        "agenda_nieuw",
        agenda_values("Overleg Y"),
        private_metadata=signed_metadata("agenda_nieuw", {"channel": "G1"}),
        user=COORDINATOR,
    )
    dm = fake_slack.wait_for("chat.postMessage", 2)[-1]
    assert dm.params["channel"] == COORDINATOR
    assert "*Overleg Y* is bewaard" in dm.params["text"] and "/agenda opnieuw" in dm.params["text"]
    assert meetings_in(db)[0].message_ts is None


@pytest.mark.parametrize(
    ("status", "error", "explained"),
    [
        (429, "ratelimited", "Slack vraagt even te wachten"),
        (200, "channel_not_found", "nodig ze uit met `/invite @Lerend Netwerk`"),
        (200, "is_archived", "het kanaal is gearchiveerd"),
        (503, "service_unavailable", "Slack had een storing (`service_unavailable`)"),
        (200, "invalid_blocks", "Slack weigerde (`invalid_blocks`)"),
    ],
)
def test_slack_failures_are_explained_in_dutch(status: int, error: str, explained: str) -> None:
    body = {"ok": False, "error": error}
    response = SlackResponse(
        client=None, http_verb="POST", api_url="", req_args={}, data=body, headers={}, status_code=status
    )
    text = failure_text("Het overleg *X*", SlackApiError("nope", response))
    assert text.startswith("⚠️ Het overleg *X* is bewaard") and explained in text and "/agenda opnieuw" in text
    assert "Slack was niet bereikbaar" in failure_text("Het actiepunt", ConnectionResetError())


def test_agenda_lijst_lists_the_meetings_to_come_and_opens_no_form(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """`/agenda lijst` is a question, not a meeting called "lijst": the network's meetings still to come,
    soonest first, each with its date, title, thread link (when it is in Slack) and who said *Ik kom*."""
    from datetime import timedelta

    from storage.base import utcnow

    empty = slack.command("/agenda", "lijst", user=COORDINATOR).get_json()
    assert "Geen geplande overleggen. Plan er een met `/agenda`." in text_of(empty["blocks"])
    assert_valid_blocks(empty["blocks"])
    assert fake_slack.calls_to("views.open") == [] and meetings_in(db) == []

    soon, _ = plan_meeting(slack, fake_slack, db, title="Overleg december")  # in 7 days, posted
    fake_slack.fail("chat.postMessage", "channel_not_found")
    slack.command("/agenda", user=COORDINATOR)
    slack.view_submission(
        "agenda_nieuw", agenda_values("Overleg januari", day=in_days(14), clock="10:00"), user=COORDINATOR,
        private_metadata=signed_metadata("agenda_nieuw", {"channel": "C1"}),
    )  # fmt: skip
    eventually(lambda: len(meetings_in(db)) == 2 and len(fake_slack.calls_to("chat.postMessage")) == 2)
    slack.block_action("agenda_ik_kom", str(soon.id), user="U2", message_ts=soon.message_ts or "")
    slack.block_action("agenda_ik_kom", str(soon.id), user="U3", message_ts=soon.message_ts or "")
    slack.block_action("agenda_ik_kan_niet", str(soon.id), user="U4", message_ts=soon.message_ts or "")
    with db.transaction() as session:
        session.add(Meeting(network_id=soon.network_id, channel_id="C1", title="Overleg oktober",
                            starts_at=utcnow() - timedelta(days=30), created_by=COORDINATOR))  # fmt: skip
    eventually(lambda: len(_rsvps(db)) == 3)

    answer = slack.command("/agenda", "lijst", user="U5").get_json()
    assert_valid_blocks(answer["blocks"])
    assert answer["text"].startswith("2 geplande overleggen in ")
    shown = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]
    assert len(shown) == 2 and "Overleg oktober" not in text_of(answer["blocks"])  # past meetings are not listed
    december, january = shown
    assert december.startswith(f"*Overleg december* — {format_datetime_nl(soon.starts_at)} · ")
    link = f"<https://slack.com/archives/C1/p{(soon.message_ts or '').replace('.', '')}|thread>"
    assert link in december and "Komen: <@U2>, <@U3>" in december and "U4" not in december
    assert january.startswith("*Overleg januari* — ") and "nog niet in Slack (`/agenda opnieuw` in <#C1>)" in january
    assert "Nog niemand zei *Ik kom*." in january
    assert len(meetings_in(db)) == 3  # and no meeting called "lijst"


def test_agenda_help_names_lijst(slack: SlackDriver) -> None:
    answer = slack.command("/agenda", "help", user="U5").get_json()
    assert "`/agenda lijst` toont de geplande overleggen van het netwerk" in answer["text"]


def _rsvps(db: Database) -> list[Rsvp]:
    with db.transaction() as session:
        return list(session.scalars(select(Rsvp)))
