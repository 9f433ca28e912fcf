"""`lerend-netwerk reminders`: one DM a day per owner about items due tomorrow or overdue, one digest a
week for the coordinator, each exactly once however often and wherever the command runs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from domain.action_items import KIND_DUE, daily_key, week_key
from domain.dates_nl import BRUSSELS
from plugin.cli import main
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from storage import meetings, send_once
from storage.db import Database
from storage.meeting_models import SentReminder
from tests.conftest import COORDINATOR, install_team
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import cli_runner, in_days, last_update, plan_meeting, posted_items, reaction, text_of
from tests.slack_driver import SlackDriver

DAY = 5  # the reminders run this many days from now


def at(day: date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


def dms(fake: FakeSlack, first: int = 0) -> dict[str, Call]:
    return {c.params["channel"]: c for c in fake.calls_to("chat.postMessage")[first:] if c.params["channel"][:1] == "U"}


def run(cli: CliRunner, now: str, exit_code: int = 0) -> str:
    result = cli.invoke(main, ["reminders", "--now", now])
    assert result.exit_code == exit_code, result.output
    return result.output


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    return cli_runner(settings, monkeypatch)


def items_for_reminders(slack: SlackDriver, fake: FakeSlack, db: Database) -> None:
    """Seen from DAY: A and F overdue, B due tomorrow, C later, D undated, E done."""
    plan_meeting(slack, fake, db, title="Overleg december", day=in_days(2))
    for text in (
        f"A te laat <@U2> {in_days(1).isoformat()}",
        f"B morgen <@U2> {in_days(DAY + 1).isoformat()}",
        f"C later <@U2> {in_days(DAY + 5).isoformat()}",
        "D zonder datum <@U3>",
        f"E klaar <@U3> {in_days(DAY + 1).isoformat()}",
        f"F te laat <@U4> {in_days(DAY - 1).isoformat()}",
    ):
        slack.command("/actie", text, user=COORDINATOR)
    items = posted_items(db, 6)
    slack.event(reaction("reaction_added", "U3", items[4].message_ts or ""))
    last_update(fake, 1)


def test_owners_get_one_dm_about_items_due_tomorrow_or_overdue_and_the_coordinator_a_digest(
    cli: CliRunner, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    items_for_reminders(slack, fake_slack, db)
    day = in_days(DAY)
    before = len(fake_slack.calls_to("chat.postMessage"))
    assert "Nog geen 8 uur" in run(cli, at(day, "07:30"))
    assert len(fake_slack.calls_to("chat.postMessage")) == before

    assert "3 verstuurd" in run(cli, at(day, "09:00"))
    sent = dms(fake_slack, before)
    assert set(sent) == {"U2", "U4", COORDINATOR}
    to_u2 = text_of(sent["U2"].json("blocks"))
    late, tomorrow = to_u2.index("*Te laat (1)*"), to_u2.index("*Morgen (1)*")
    assert late < to_u2.index("A te laat") < tomorrow < to_u2.index("B morgen")
    assert "C later" not in to_u2 and "overleg *Overleg december*, <#C1>" in to_u2
    assert sent["U2"].params["text"] == "Herinnering: 2 actiepunten"
    assert "F te laat" in text_of(sent["U4"].json("blocks"))
    digest = text_of(sent[COORDINATOR].json("blocks"))
    assert "Weekoverzicht" in digest and "*Te laat (2)*" in digest and "*Open (3)*" in digest
    assert "*Afgerond de voorbije week (1)*" in digest and "E klaar" in digest

    output = run(cli, at(day, "15:00"))  # later that day, on this or another instance
    assert "0 verstuurd, 3 al verstuurd" in output
    assert len(dms(fake_slack, before)) == 3 and len(fake_slack.calls_to("chat.postMessage")) == before + 3

    next_day = day + timedelta(days=1)
    run(cli, at(next_day, "08:05"))
    again = fake_slack.calls_to("chat.postMessage")[before + 3 :]
    expected = {"U2", "U4"} | ({COORDINATOR} if week_key(next_day) != week_key(day) else set())
    assert {c.params["channel"] for c in again} == expected
    to_u2 = text_of(next(c for c in again if c.params["channel"] == "U2").json("blocks"))
    assert "A te laat" in to_u2 and "B morgen" not in to_u2  # B is due today: yesterday's DM announced it


def test_the_digest_goes_out_on_the_first_run_of_each_iso_week(
    cli: CliRunner, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    plan_meeting(slack, fake_slack, db, title="Overleg", day=in_days(30))
    start = in_days(7)
    wednesday = start + timedelta(days=(2 - start.weekday()) % 7)
    monday = wednesday + timedelta(days=5)
    before = len(fake_slack.calls_to("chat.postMessage"))
    for moment, sent in (
        (at(wednesday, "10:00"), 1),  # the week's first run: no Monday run happened (cron was down)
        (at(wednesday + timedelta(days=1), "10:00"), 0),
        (at(monday, "07:59"), 0),
        (at(monday, "08:00"), 1),
        (at(monday, "09:00"), 0),
    ):
        output = run(cli, moment)
        assert f"{sent} verstuurd" in output or (sent == 0 and "Nog geen 8 uur" in output), moment
    digests = fake_slack.calls_to("chat.postMessage")[before:]
    assert [c.params["channel"] for c in digests] == [COORDINATOR, COORDINATOR]
    assert "📅 Volgend overleg: *Overleg*" in text_of(digests[0].json("blocks"))
    assert "Geen openstaande actiepunten" in text_of(digests[0].json("blocks"))
    with db.transaction() as session:
        keys = sorted(session.scalars(select(SentReminder.period_key)))
    assert keys == sorted([week_key(wednesday), week_key(monday)])


def test_a_failed_dm_is_released_and_sent_by_the_next_run(
    cli: CliRunner, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    items_for_reminders(slack, fake_slack, db)
    day = in_days(DAY)
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    output = run(cli, at(day, "09:00"), exit_code=1)
    assert "2 verstuurd" in output and "1 mislukt" in output
    with db.transaction() as session:
        claims = session.scalars(select(SentReminder)).all()
        assert len(claims) == 2 and all(c.sent_at for c in claims)
    before = len(fake_slack.calls_to("chat.postMessage"))
    assert "1 verstuurd, 2 al verstuurd" in run(cli, at(day, "10:00"))
    assert len(fake_slack.calls_to("chat.postMessage")) == before + 1


def test_a_claim_whose_sender_died_is_taken_over(
    cli: CliRunner, slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    items_for_reminders(slack, fake_slack, db)
    day = in_days(DAY)
    moment = datetime.combine(day, time(9), tzinfo=BRUSSELS)
    with db.transaction() as session:
        network_id = meetings.networks_with_meetings(session)[0].id
        earlier = moment - timedelta(hours=2)
        for user, sent in (("U2", None), ("U4", moment)):
            session.add(
                SentReminder(
                    network_id=network_id,
                    kind=KIND_DUE,
                    recipient=user,
                    period_key=daily_key(day),
                    claimed_at=earlier,
                    sent_at=sent,
                )
            )
    before = len(fake_slack.calls_to("chat.postMessage"))
    run(cli, at(day, "09:00"))
    assert set(dms(fake_slack, before)) == {"U2", COORDINATOR}  # U4's was sent; U2's claim was abandoned


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_runs_send_every_reminder_exactly_once(
    attempt: int,
    settings: Settings,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two instances run at the same moment; every claim is attempted by both at once."""
    items_for_reminders(slack, fake_slack, db)
    now = datetime.combine(in_days(DAY), time(9), tzinfo=BRUSSELS)
    together = threading.Barrier(2, timeout=20)
    claim = send_once.claim

    def claim_at_the_same_time(*args, **kwargs):  # type: ignore[no-untyped-def]
        together.wait()
        return claim(*args, **kwargs)

    monkeypatch.setattr(send_once, "claim", claim_at_the_same_time)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    before = len(fake_slack.calls_to("chat.postMessage"))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(lambda instance: run_reminders(settings, instance, now), instances))
    finally:
        for instance in instances:
            instance.dispose()
    assert [r.sent + r.taken for r in runs] == [3, 3]  # both tried all three: the DMs and the digest
    assert (sum(r.sent for r in runs), sum(r.failed for r in runs)) == (3, 0)
    sent = fake_slack.calls_to("chat.postMessage")[before:]
    assert sorted(c.params["channel"] for c in sent) == sorted(["U2", "U4", COORDINATOR])
    with db.transaction() as session:
        assert len(session.scalars(select(SentReminder)).all()) == 3


def test_in_oauth_mode_each_workspace_uses_its_installations_bot_token(
    oauth_app: Flask,
    oauth_slack: SlackDriver,
    oauth_settings: Settings,
    fake_slack: FakeSlack,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_team(oauth_app, fake_slack, "T1", "Testwijk")
    plan_meeting(oauth_slack, fake_slack, db, user="UINSTALLER", day=in_days(1))
    oauth_slack.command("/actie", f"Flyer <@U2> {in_days(2).isoformat()}", user="UINSTALLER")
    posted_items(db, 1)
    before = len(fake_slack.calls_to("chat.postMessage"))
    cli = cli_runner(replace(oauth_settings, bot_token=None), monkeypatch)
    run(cli, at(in_days(1), "09:00"))
    sent = dms(fake_slack, before)
    assert set(sent) == {"U2", "UINSTALLER"}
    assert {c.token for c in sent.values()} == {"xoxb-T1-token"}
