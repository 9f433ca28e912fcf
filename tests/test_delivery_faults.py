"""Fault injection (issue 13): every outgoing message kind through every failure mode of the fake Slack.

For each kind the person does what makes the message (a meeting, an action item, a ✅ on it, an
offering, a knowledge tip, a referral and its answer, a hand-over of the coordinator role, a *Meld een
fout* on the public map, the report of a joint activity), while Slack fails in one way; then
`lerend-netwerk reminders`' outbox sweep runs a few times (later and later, so every retry is due).
Afterwards: the message is in Slack exactly once (0 lost, 0 duplicated) and shows the current state —
or, where Slack refuses for good, it is not there and the person who made it was told, once. Updates
in place (a referral's DM after an answer, the activity's question after its report) go through the
same modes on `chat.update`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from domain.dates_nl import BRUSSELS
from plugin.app import create_app, shutdown
from plugin.bolt_app import web_client
from plugin.config import Settings
from plugin.delivery import EVENT_TYPE, deliver_due
from storage.base import utcnow
from storage.db import Database
from storage.outbox_models import OutboxMessage
from tests.conftest import COORDINATOR, SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack, Message
from tests.meeting_helpers import eventually, items_in, plan_meeting, reaction
from tests.signed import signed_metadata
from tests.slack_driver import SlackDriver, plain_value, select_value
from tests.test_aanbod import form as offering_form
from tests.test_activiteit import plan_values
from tests.test_kennis import knowledge_values

CLIENT_TIMEOUT = 1.0


@dataclass(frozen=True)
class Mode:
    name: str
    inject: Callable[..., None]  # (fake, method, channel=None)
    for_good: bool = False  # Slack refuses until someone fixes it: the maker is told


MODES = [
    Mode("500", lambda f, m, c=None: f.fail(m, "internal_error", status=500, times=2, channel=c)),
    Mode("500-after-posting", lambda f, m, c=None: f.fail(m, "internal_error", status=500, processed=True, channel=c)),
    Mode("429-short", lambda f, m, c=None: f.fail(m, "ratelimited", status=429, retry_after=1, channel=c)),
    Mode("429-long", lambda f, m, c=None: f.fail(m, "ratelimited", status=429, retry_after=120, channel=c)),
    Mode("dropped", lambda f, m, c=None: f.drop(m, times=2, channel=c)),
    Mode("dropped-after-posting", lambda f, m, c=None: f.drop(m, processed=True, channel=c)),
    Mode("answer-after-timeout", lambda f, m, c=None: f.delay(m, CLIENT_TIMEOUT + 1.0, channel=c)),
    Mode("invalid_auth", lambda f, m, c=None: f.fail(m, "invalid_auth", times=3, channel=c), for_good=True),
    Mode("channel_not_found", lambda f, m, c=None: f.fail(m, "channel_not_found", times=3, channel=c), for_good=True),
]


@pytest.fixture
def fast_settings(settings: Settings) -> Settings:
    return replace(settings, slack_timeout_seconds=CLIENT_TIMEOUT)


@pytest.fixture
def fast_app(fast_settings: Settings) -> Iterator[Flask]:
    app = create_app(fast_settings)
    app.config["TESTING"] = True
    yield app
    shutdown(app)


@pytest.fixture
def driver(fast_app: Flask, fake_slack: FakeSlack, fast_settings: Settings) -> SlackDriver:
    slack = CheckedDriver(fast_app.test_client(), SIGNING_SECRET, fake_slack.response_url())
    slack.settings = fast_settings  # type: ignore[attr-defined]
    return slack


def row_of(db: Database, key: str) -> OutboxMessage | None:
    with db.transaction() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def settled(db: Database, key: str, tries: int = 1) -> OutboxMessage:
    """The outbox row once `tries` delivery attempts are over (none running)."""
    return eventually(
        lambda: (row := row_of(db, key)) is not None and row.attempts >= tries and row.claimed_until is None and row,
        timeout=15,
    )


def sweep_until_done(settings: Settings, db: Database, rounds: int = 4) -> None:
    """`reminders` runs later and later: each round every retry is due."""
    start = utcnow()
    for day in range(1, rounds + 1):
        deliver_due(db.transaction, lambda _team: web_client(settings, settings.bot_token), start + timedelta(days=day))


def ours(fake: FakeSlack, row: OutboxMessage) -> list[Message]:
    return [
        m
        for m in fake.messages()
        if m.metadata
        and m.metadata.get("event_type") == EVENT_TYPE
        and m.metadata.get("event_payload", {}).get("outbox_id") == row.id
    ]


def told(fake: FakeSlack, user: str) -> list[str]:
    return [c.params.get("text", "") for c in fake.calls_to("chat.postMessage")
            if c.params.get("channel") == user and "pogingen niet in Slack" in c.params.get("text", "")]  # fmt: skip


# -- how each kind of message comes about ----------------------------------------------------------------
def make_meeting(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    slack.command("/agenda", user=COORDINATOR)
    from tests.meeting_helpers import agenda_values

    arm()
    slack.view_submission(
        "agenda_nieuw", agenda_values("Overleg fouten"), user=COORDINATOR,
        private_metadata=signed_metadata("agenda_nieuw", {"channel": "C1"}),
    )  # fmt: skip
    meeting_id = eventually(lambda: (m := _meetings(db)) and m[-1])
    return f"meeting:{meeting_id}", COORDINATOR


def _meetings(db: Database) -> list[int]:
    from storage.meeting_models import Meeting

    with db.transaction() as session:
        return list(session.scalars(select(Meeting.id).order_by(Meeting.id)))


def make_item(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    arm()
    slack.command("/actie", "Zaal boeken <@U2>", user="U5")
    [item] = eventually(lambda: items_in(db))
    return f"item:{item.id}", "U5"


def make_offering(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    arm()
    slack.view_submission(
        "aanbod_save", offering_form(), user="UNEW",
        private_metadata=signed_metadata("aanbod_save", {"offering": None, "channel": "C1"}),
    )
    row = eventually(lambda: _key_like(db, "offering:"))
    return row, "UNEW"


def make_knowledge(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    arm()
    slack.view_submission(
        "kennis_save",
        knowledge_values("Itsme activeren", "Stap voor stap, met screenshots.", ["e-overheid-en-itsme"]),
        private_metadata=signed_metadata("kennis_save", {"channel": "C1"}),
        user="UBIB",
    )
    return eventually(lambda: _key_like(db, "knowledge:")), "UBIB"


def make_activity(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    arm()
    response = slack.view_submission(
        "activiteit_save", plan_values(), private_metadata=signed_metadata("activiteit_save", {"channel": "C1"}),
        user="UBIB",
    )
    assert response.data == b"", response.data
    return eventually(lambda: _key_like(db, "activity:")), "UBIB"


def make_referral(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    """*Verwijs door* to the CAW's offering: its member UCAW gets a direct message; UBIB referred."""
    from storage.models import Offering

    with db.transaction() as session:
        itsme = session.scalar(select(Offering.id).where(Offering.name == "Hulp bij itsme en e-loket"))
    values = {"category": {"value": select_value("e-overheid-en-itsme")}, "note": {"value": plain_value("")}}
    meta = signed_metadata("verwijs_door", {"offering": itsme, "channel": "C1"})
    arm()
    assert slack.view_submission("verwijs_door", values, private_metadata=meta, user="UBIB").status_code == 200
    return eventually(lambda: _key_like(db, "referral:")), "UBIB"


def make_reminder(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    """The daily reminder about an item due tomorrow: a direct message to its owner U2, sent by `reminders`."""
    from plugin.jobs import run as run_reminders
    from tests.meeting_helpers import in_days, today

    plan_meeting(slack, fake, db)
    slack.command("/actie", f"Flyer <@U2> {in_days(1).isoformat()}", user=COORDINATOR)
    eventually(lambda: all(i.message_ts for i in items_in(db)) and items_in(db))
    settings = slack.settings  # type: ignore[attr-defined]
    arm()
    run_reminders(settings, db, datetime.combine(today(), time(9), tzinfo=BRUSSELS))
    return eventually(lambda: _key_like(db, "once:due:U2")), COORDINATOR


def make_referral_reminder(
    slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]
) -> tuple[str, str]:
    """The 14-day question to the receiving organisation (UCAW) about a referral UBIB made, sent by `reminders`."""
    from sqlalchemy import update

    from plugin.jobs import run as run_reminders
    from storage.models import Referral

    make_referral(slack, fake, db, lambda: None)
    settled(db, eventually(lambda: _key_like(db, "referral:")))
    with db.transaction() as session:
        session.execute(update(Referral).values(created_at=utcnow() - timedelta(days=15)))
    arm()
    run_reminders(slack.settings, db, utcnow().replace(hour=9))  # type: ignore[attr-defined]
    return eventually(lambda: _key_like(db, "referral_reminder:")), "UBIB"


def make_minutes(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    """`/verslag` of a posted meeting; U4 is a member who said nothing, so gets the catch-up message."""
    meeting, _ = plan_meeting(slack, fake, db, points="Digiweek")
    slack.command("/agenda", "help", user="U4")
    arm()
    slack.command("/verslag", user=COORDINATOR, channel="C1")
    return eventually(lambda: _key_like(db, f"minutes:{meeting.id}:")), COORDINATOR


def _key_like(db: Database, prefix: str, suffix: str = "") -> str | None:
    with db.transaction() as session:
        keys = session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.key.startswith(prefix), OutboxMessage.key.endswith(suffix))
        )
        return next(iter(keys), None)


def make_referral_told(
    slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]
) -> tuple[str, str]:
    """UCAW answers *Geholpen*: the one note to UBIB, who referred (the coordinator hears if it fails for good)."""
    make_referral(slack, fake, db, lambda: None)
    settled(db, eventually(lambda: _key_like(db, "referral:")))
    arm()
    answer_referral(slack, db, "UCAW")
    return eventually(lambda: _key_like(db, "referral_told:")), COORDINATOR


def answer_referral(slack: SlackDriver, db: Database, user: str) -> None:
    from domain.referral_outcomes import HELPED
    from plugin.views.referral_outcomes import OUTCOME_ACTION
    from storage.models import Referral

    with db.transaction() as session:
        referral_id = session.scalars(select(Referral.id)).one()
    slack.block_action(f"{OUTCOME_ACTION}_{HELPED}", f"{referral_id}:{HELPED}", user=user, channel=f"D{user}")


def make_coordinator_dm(
    slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]
) -> tuple[str, str]:
    """`/netwerk trekker @U2`: the DM to the new coordinator U2 (who handed over hears if it fails for good)."""
    arm()
    answer = slack.command("/netwerk", "trekker <@U2>", user=COORDINATOR).get_json()
    assert "is nu de trekker" in answer["text"], answer
    return eventually(lambda: _key_like(db, "coordinator:")), COORDINATOR


def make_error_report(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    """*Meld een fout* on the public map: the DM to UBIB of the offering's organisation (the coordinator gets
    one too, and hears if UBIB's fails for good)."""
    from storage.models import Offering
    from tests.kaart_helpers import turn_on
    from tests.test_kaart_pages import _report_form, network_id

    web = slack.client  # type: ignore[attr-defined]
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        digicafe = session.scalars(select(Offering.id).where(Offering.name == "Digicafé op woensdagnamiddag")).one()
    token = _report_form(web, slug, digicafe)
    arm()
    sent = web.post(f"/kaart/{slug}/aanbod/{digicafe}/fout", data={"token": token, "melding": "Het adres klopt niet."})
    assert sent.status_code == 303
    return eventually(lambda: _key_like(db, "error_report:", "UBIB")), COORDINATOR


def make_activity_outcome(
    slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]
) -> tuple[str, str]:
    """The organiser UBIB reports a joint activity from a form that names no message to update: a new DM."""
    activity_id = past_activity(slack, fake, db)
    arm()
    report_participants(slack, signed_metadata("activiteit_verslag", {"activity": activity_id, "message": None}))
    return eventually(lambda: _key_like(db, "activity_outcome:")), COORDINATOR


def past_activity(slack: SlackDriver, fake: FakeSlack, db: Database) -> int:
    """A joint activity UBIB planned, whose day is past."""
    from sqlalchemy import update

    from storage.activity_models import Activity
    from tests.meeting_helpers import in_days

    settled(db, make_activity(slack, fake, db, lambda: None)[0])
    with db.transaction() as session:
        activity_id = session.scalars(select(Activity.id)).one()
        session.execute(update(Activity).where(Activity.id == activity_id).values(starts_on=in_days(-2)))
    return activity_id


def report_participants(slack: SlackDriver, meta: str) -> None:
    values = {"participants": {"value": {"type": "number_input", "value": "14"}}}
    assert slack.view_submission("activiteit_verslag", values, private_metadata=meta, user="UBIB").status_code == 200


KINDS = {
    "meeting": (make_meeting, False),
    "item": (make_item, True),  # needs a posted meeting first
    "offering": (make_offering, False),
    "knowledge": (make_knowledge, False),
    "activity": (make_activity, False),
    "referral": (make_referral, False),
    "referral_reminder": (make_referral_reminder, False),
    "reminder": (make_reminder, False),
    "minutes": (make_minutes, False),
    "referral_told": (make_referral_told, False),
    "coordinator_dm": (make_coordinator_dm, False),
    "error_report": (make_error_report, False),
    "activity_outcome": (make_activity_outcome, False),
}


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_message_kind_through_each_failure_mode_is_posted_once_or_told(
    kind: str,
    mode: Mode,
    driver: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    fast_settings: Settings,
    social_map: dict[str, int],
) -> None:
    make, needs_meeting = KINDS[kind]
    if needs_meeting:
        plan_meeting(driver, fake_slack, db)
    # the reminders run sends the coordinator a digest too; the minutes are followed by catch-up messages
    only = {
        "reminder": "U2", "minutes": "C1", "referral_reminder": "UCAW", "referral_told": "UBIB", "coordinator_dm": "U2",
        "error_report": "UBIB", "activity_outcome": "UBIB",
    }.get(kind)  # fmt: skip
    key, maker = make(driver, fake_slack, db, lambda: mode.inject(fake_slack, "chat.postMessage", only))
    settled(db, key)
    sweep_until_done(fast_settings, db)
    sweep_until_done(fast_settings, db)  # more runs change nothing

    row = row_of(db, key)
    assert row is not None
    posted = ours(fake_slack, row)
    if mode.for_good:
        assert row.state == "failed" and posted == []
        assert len(told(fake_slack, maker)) == 1, fake_slack.calls_to("chat.postMessage")
        return
    assert row.state == "sent", (row.state, row.last_error)
    assert len(posted) == 1, [m.ts for m in posted]  # 0 lost, 0 duplicated
    assert row.message_ts == posted[0].ts
    assert told(fake_slack, maker) == []


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
def test_a_check_whose_update_fails_is_shown_by_a_later_retry(
    mode: Mode, driver: SlackDriver, fake_slack: FakeSlack, db: Database, fast_settings: Settings
) -> None:
    plan_meeting(driver, fake_slack, db)
    driver.command("/actie", "Flyer rondsturen <@U2>", user=COORDINATOR)
    [item] = eventually(lambda: [i for i in items_in(db) if i.message_ts])
    key = f"item:{item.id}"
    attempts_before = settled(db, key).attempts
    mode.inject(fake_slack, "chat.update")
    assert driver.event(reaction("reaction_added", "U2", item.message_ts or "")).status_code == 200
    settled(db, key, attempts_before + 1)
    sweep_until_done(fast_settings, db)

    row = row_of(db, key)
    assert row is not None and items_in(db)[0].done_by == "U2"
    shown = [m for m in fake_slack.messages("C1") if m.ts == item.message_ts]
    assert len(ours(fake_slack, row)) == 1  # never posted again
    if mode.for_good:
        assert row.state == "failed" and len(told(fake_slack, COORDINATOR)) == 1
        return
    assert row.state == "sent"
    assert "~Flyer rondsturen~" in json.dumps(shown[0].blocks, ensure_ascii=False)


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
def test_an_rsvp_whose_meeting_update_fails_is_shown_by_a_later_retry(
    mode: Mode, driver: SlackDriver, fake_slack: FakeSlack, db: Database, fast_settings: Settings
) -> None:
    """*Ik kom* changes the meeting message (its count); when that update fails, a later try shows it."""
    meeting, _ = plan_meeting(driver, fake_slack, db)
    key = f"meeting:{meeting.id}"
    attempts_before = settled(db, key).attempts
    mode.inject(fake_slack, "chat.update")
    driver.block_action("agenda_ik_kom", str(meeting.id), user="U2", message_ts=meeting.message_ts or "")
    settled(db, key, attempts_before + 1)
    sweep_until_done(fast_settings, db)

    row = row_of(db, key)
    assert row is not None
    [shown] = [m for m in fake_slack.messages("C1") if m.ts == meeting.message_ts]
    assert len(ours(fake_slack, row)) == 1  # never posted again
    if mode.for_good:
        assert row.state == "failed" and len(told(fake_slack, COORDINATOR)) == 1
        assert "✅ 1 komt" not in json.dumps(shown.blocks, ensure_ascii=False)
        return
    assert row.state == "sent" and told(fake_slack, COORDINATOR) == []
    assert "✅ 1 komt · ❌ 0 kunnen niet" in json.dumps(shown.blocks, ensure_ascii=False)


def test_two_agenda_opnieuw_at_once_post_each_pending_message_once(
    fast_app: Flask, fast_settings: Settings, driver: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    from tests.test_races import at_once

    second = create_app(fast_settings)
    try:
        key, _ = make_meeting(driver, fake_slack, db, lambda: fake_slack.fail("chat.postMessage", "channel_not_found"))
        settled(db, key)
        fake_slack.fail("chat.postMessage", "channel_not_found", times=3)
        for text in ("Zaal boeken", "Flyer maken", "Koffie"):
            driver.command("/actie", text, user=COORDINATOR)
        eventually(lambda: len(items_in(db)) == 3)
        fake_slack.reset_failures()
        at_once([fast_app, second], fake_slack, 2, lambda d, i: d.command("/agenda", "opnieuw", user=COORDINATOR))
        eventually(lambda: all(i.message_ts for i in items_in(db)), timeout=15)
        reports = lambda: [c for c in fake_slack.calls_to("response_url") if "Ik probeer" not in str(c.params)]  # noqa: E731
        eventually(lambda: len(reports()) >= 2)
        with db.transaction() as session:
            rows = list(session.scalars(select(OutboxMessage)))
        assert len(rows) == 4
        for row in rows:
            assert len(ours(fake_slack, row)) == 1, row.key
    finally:
        shutdown(second)


def test_an_ask_to_confirm_an_offering_answered_after_the_timeout_is_not_asked_again(
    fast_settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    from plugin.jobs.stale_offerings import ask_to_confirm_stale_offerings
    from tests.test_offering_freshness import make_stale

    make_stale(db, social_map["laptop"])
    fake_slack.delay("chat.postMessage", CLIENT_TIMEOUT + 1.0)
    assert ask_to_confirm_stale_offerings(fast_settings, db, utcnow()) == 0  # the outcome is unknown
    assert ask_to_confirm_stale_offerings(fast_settings, db, utcnow()) == 1  # found in the DM, not sent again
    assert ask_to_confirm_stale_offerings(fast_settings, db, utcnow()) == 0
    asks = [m for m in fake_slack.messages("UBIB") if m.text == "Is dit aanbod nog actueel?"]
    assert len(asks) == 1


def test_after_a_timeout_the_coordinator_hears_only_what_is_known(
    driver: SlackDriver, fake_slack: FakeSlack, db: Database, fast_settings: Settings
) -> None:
    key, _ = make_meeting(driver, fake_slack, db, lambda: fake_slack.delay("chat.postMessage", CLIENT_TIMEOUT + 1.0))
    told_now = eventually(lambda: fake_slack.calls_to("chat.postEphemeral"))[0].params["text"]
    assert "Slack antwoordde niet op tijd: misschien staat het er al" in told_now
    assert "kon het niet in Slack zetten" not in told_now
    settled(db, key)
    sweep_until_done(fast_settings, db, rounds=1)
    row = row_of(db, key)
    assert row is not None and row.state == "sent" and len(ours(fake_slack, row)) == 1


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
def test_minutes_through_each_failure_mode_are_in_the_thread_once_and_followed_up_once(
    mode: Mode, driver: SlackDriver, fake_slack: FakeSlack, db: Database, fast_settings: Settings
) -> None:
    """The minutes' post fails: one set of minutes in the thread after the sweep (never two), the member who
    was not there caught up once, the points handled, and the coordinator told once how it ended."""
    from storage.meeting_models import AgendaPoint
    from tests.meeting_helpers import meetings_in, settle

    key, _ = make_minutes(driver, fake_slack, db, lambda: mode.inject(fake_slack, "chat.postMessage", "C1"))
    settle(driver, timeout=30)
    sweep_until_done(fast_settings, db)
    sweep_until_done(fast_settings, db)
    [meeting] = meetings_in(db)

    def shown() -> tuple[OutboxMessage, list[Message], list[Message], list[bool]]:
        row = row_of(db, key)
        assert row is not None
        minutes = [m for m in fake_slack.messages("C1") if m.thread_ts == meeting.message_ts]
        catch_ups = [m for m in fake_slack.messages("U4") if "Je was er niet bij" in json.dumps(m.blocks)]
        with db.transaction() as session:
            handled = [p.handled_at is not None for p in session.scalars(select(AgendaPoint))]
        return row, minutes, catch_ups, handled

    if mode.for_good:
        row, minutes, catch_ups, handled = shown()
        assert row.state == "failed" and minutes == [] and catch_ups == [] and handled == [False]
        assert len(told(fake_slack, COORDINATOR)) == 1, fake_slack.calls_to("chat.postMessage")
    else:
        assert told(fake_slack, COORDINATOR) == []
    # once more by hand (Slack works again): updated in place, nothing twice, nobody told twice
    driver.command("/verslag", user=COORDINATOR, channel="C1")
    settle(driver, timeout=30)
    row, minutes, catch_ups, handled = shown()
    assert row.state == "sent", (row.state, row.last_error)
    assert len(minutes) == 1 and ours(fake_slack, row) == minutes  # 0 lost, 0 duplicated
    assert (meetings_in(db)[0].minutes_ts or []) == [minutes[0].ts]
    assert "📝 Verslag:" in json.dumps(minutes[0].blocks, ensure_ascii=False)
    assert len(catch_ups) == 1 and handled == [True]
    assert len(told(fake_slack, COORDINATOR)) == (1 if mode.for_good else 0)
    answers = [c.params.get("text", "") for c in fake_slack.calls_to("response_url")]
    late = [m for m in fake_slack.messages(COORDINATOR) if "staat nu toch in de thread" in (m.text or "")]
    first_success = [a for a in answers if a.startswith("✅ Het verslag staat in de thread.")]
    # the coordinator heard once that the minutes are there: from /verslag itself, or later in a DM
    assert len(first_success) + len(late) == 1, (answers, late)
    if not mode.for_good:
        assert answers[-1].startswith("✅ Het verslag in de thread is bijgewerkt."), answers
        # only a short rate limit is waited out by /verslag itself; else the sweep posted (or found) them
        assert len(late) == (0 if mode.name == "429-short" else 1), (answers, late)


# -- updates in place: a referral's DM after an answer, the activity's question after the report -------------
def update_referral(slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]) -> tuple[str, str]:
    """UCAW answers *Geholpen*: the DM with the buttons shows the outcome (UBIB, who referred, hears if the
    update fails for good). Returns the row's key and what the updated message shows."""
    make_referral(slack, fake, db, lambda: None)
    key = eventually(lambda: _key_like(db, "referral:"))
    settled(db, key)
    arm()
    answer_referral(slack, db, "UCAW")
    return key, "Uitkomst: *Geholpen* — aangeduid door <@UCAW>"


def update_activity_outcome(
    slack: SlackDriver, fake: FakeSlack, db: Database, arm: Callable[[], None]
) -> tuple[str, str]:
    """`reminders` asks UBIB whether the activity took place; *Ja* and the form: that DM shows the answer."""
    from plugin.jobs import run as run_reminders
    from tests.test_activiteit import nine_today

    activity_id = past_activity(slack, fake, db)
    run_reminders(slack.settings, db, nine_today())  # type: ignore[attr-defined]
    [question] = eventually(lambda: [m for m in fake.messages("DUBIB") if (m.text or "").startswith("Ging ")])
    opened = len(fake.calls_to("views.open"))
    slack.block_action("activiteit_ja", str(activity_id), user="UBIB", channel="DUBIB", message_ts=question.ts)
    form = fake.wait_for("views.open", opened + 1)[-1].json("view")
    arm()
    report_participants(slack, form["private_metadata"])
    return eventually(lambda: _key_like(db, "activity_outcome:")), "ging door met *14* deelnemers"


UPDATES = {"referral": (update_referral, "UBIB"), "activity_outcome": (update_activity_outcome, COORDINATOR)}


@pytest.mark.parametrize("mode", MODES, ids=[m.name for m in MODES])
@pytest.mark.parametrize("kind", list(UPDATES))
def test_each_update_in_place_through_each_failure_mode_is_shown_once_or_told(
    kind: str,
    mode: Mode,
    driver: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    fast_settings: Settings,
    social_map: dict[str, int],
) -> None:
    """The message is in Slack already; the change it must show fails to update it. After the sweep it
    shows the change in that one message (nothing posted anew, no second copy) — or, refused for good,
    it does not, and the maker (or the coordinator) was told once."""
    make, maker = UPDATES[kind]
    key, shows = make(driver, fake_slack, db, lambda: mode.inject(fake_slack, "chat.update"))
    eventually(lambda: fake_slack.calls_to("chat.update"))
    settled(db, key)
    sweep_until_done(fast_settings, db)
    sweep_until_done(fast_settings, db)  # more runs change nothing

    row = row_of(db, key)
    assert row is not None and row.message_ts is not None
    [message] = [m for m in fake_slack.messages() if m.ts == row.message_ts]
    showing = [m for m in fake_slack.messages() if shows in json.dumps(m.blocks, ensure_ascii=False)]
    assert len(ours(fake_slack, row)) == (1 if kind == "referral" else 0)  # never posted (again) by the update
    if mode.for_good:
        assert row.state == "failed" and showing == []
        assert len(told(fake_slack, maker)) == 1, fake_slack.calls_to("chat.postMessage")
        return
    assert row.state == "sent", (row.state, row.last_error)
    assert showing == [message]  # 0 lost, 0 duplicated
    assert told(fake_slack, maker) == []
