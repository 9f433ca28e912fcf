"""`lerend-netwerk reminders` as one run of jobs (plugin/jobs/): every job on the one send-once claim,
a job stopped by the database does not stop the others, and the report says what was not done."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from domain.dates_nl import BRUSSELS
from plugin.cli import main
from plugin.config import Settings
from plugin.jobs import JOBS, run
from plugin.jobs.stale_offerings import KIND, ask_to_confirm_stale_offerings
from storage import catalog, outreach, send_once
from storage.base import utcnow
from storage.db import Database
from storage.meeting_models import SentReminder
from storage.models import Network, Offering
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import cli_runner
from tests.test_offering_freshness import make_stale

QUESTION = "Is dit aanbod nog actueel?"


def asks(fake_slack: FakeSlack, user_id: str) -> int:
    return len([m for m in fake_slack.messages(user_id) if m.text == QUESTION])


def add_library_member(db: Database, user_id: str) -> None:
    with db.transaction() as session:
        network = session.scalars(select(Network).where(Network.team_id == "T1")).one()
        bib = catalog.find_organisation_by_name(session, network.id, "Bibliotheek Borgerhout")
        assert bib is not None
        catalog.link_member(session, network, user_id, bib)


def test_the_stale_offering_ask_is_claimed_like_every_other_job(
    settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    """One claim per person and stale period; a person Slack refused is asked by the next run, the
    others never twice; once everyone has it, later runs leave the offering alone."""
    make_stale(db, social_map["laptop"])
    add_library_member(db, "UBIB2")
    fake_slack.fail("chat.postMessage", "channel_not_found", channel="UBIB2")
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 0  # not everyone has it yet
    with db.transaction() as session:
        claims = session.scalars(select(SentReminder).where(SentReminder.kind == KIND)).all()
        assert [(c.recipient, c.sent_at is not None) for c in claims] == [("UBIB", True)]
        assert session.get_one(Offering, social_map["laptop"]).confirmation_requested_at is None
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 0
    assert (asks(fake_slack, "UBIB"), asks(fake_slack, "UBIB2")) == (1, 1)
    with db.transaction() as session:
        recipients = session.scalars(select(SentReminder.recipient).where(SentReminder.kind == KIND)).all()
        assert sorted(recipients) == ["UBIB", "UBIB2"]
        assert session.get_one(Offering, social_map["laptop"]).confirmation_requested_at is not None


def test_a_confirmed_offering_that_grows_stale_again_is_asked_again(
    settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    make_stale(db, social_map["laptop"])
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1
    with db.transaction() as session:
        catalog.confirm_offering(session, session.get_one(Offering, social_map["laptop"]), utcnow())
    make_stale(db, social_map["laptop"])  # six months later, not confirmed again
    assert ask_to_confirm_stale_offerings(settings, db, utcnow()) == 1
    assert asks(fake_slack, "UBIB") == 2


@pytest.mark.parametrize("attempt", range(2))
def test_two_concurrent_runs_ask_about_a_stale_offering_once(
    attempt: int,
    settings: Settings,
    fake_slack: FakeSlack,
    db: Database,
    social_map: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_stale(db, social_map["laptop"])
    together = threading.Barrier(2, timeout=20)
    claim = send_once.claim

    def claim_at_the_same_time(*args, **kwargs):  # type: ignore[no-untyped-def]
        together.wait()
        return claim(*args, **kwargs)

    monkeypatch.setattr(send_once, "claim", claim_at_the_same_time)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    now = utcnow()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            asked = list(pool.map(lambda instance: ask_to_confirm_stale_offerings(settings, instance, now), instances))
    finally:
        for instance in instances:
            instance.dispose()
    assert sorted(asked) == [0, 1]
    assert asks(fake_slack, "UBIB") == 1


def test_before_eight_the_run_only_delivers_the_outbox(
    settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    make_stale(db, social_map["laptop"])
    early = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(7), BRUSSELS)
    report = run(settings, db, early)
    assert report.too_early and report.offerings_asked == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_job_stopped_by_the_database_is_named_and_the_others_still_run(
    settings: Settings,
    fake_slack: FakeSlack,
    db: Database,
    social_map: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_stale(db, social_map["laptop"])

    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT networks", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(outreach, "networks_with_coordinator", database_gone)
    result = cli_runner(settings, monkeypatch).invoke(main, ["reminders", "--now", "2026-11-30T10:00:00+01:00"])
    assert result.exit_code == 1, result.output
    assert "Niet afgewerkt door een storing (de volgende run probeert opnieuw): " in result.output
    assert "de maandelijkse herinnering over partners" in result.output
    assert "1 keer gevraagd" in result.output  # the job after it ran
    assert asks(fake_slack, "UBIB") == 1


def test_every_job_has_a_dutch_name_for_the_report() -> None:
    names = [job.name for job in JOBS]
    assert len(set(names)) == len(names) and all(name.startswith("de ") for name in names)


def _a_message_about_to_fail_for_good(db: Database, fake_slack: FakeSlack) -> int:
    """A DM to UGONE in the outbox that Slack refused twice already: the next refusal is its third."""
    from sqlalchemy import update

    from storage import outbox
    from storage.outbox_models import OutboxMessage

    with db.transaction() as session:
        network = session.scalars(select(Network).where(Network.team_id == "T1")).one()
        outbox_id = outbox.want(session, network.id, key="test:gone", kind="dm", channel_id="UGONE", text="Hallo")
        session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(failures=2))
    fake_slack.fail("chat.postMessage", "channel_not_found", times=5, channel="UGONE")
    return outbox_id


def test_deliver_exits_1_when_a_message_failed_for_good_in_this_run(
    settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """So cron or monitoring notices; the next run, with nothing newly failed, exits 0 again."""
    from storage.outbox_models import OutboxMessage

    cli = cli_runner(settings, monkeypatch)
    quiet = cli.invoke(main, ["deliver"])
    assert quiet.exit_code == 0 and quiet.output.strip() == "Geen uitgestelde berichten.", quiet.output
    outbox_id = _a_message_about_to_fail_for_good(db, fake_slack)
    failed = cli.invoke(main, ["deliver"])
    assert failed.exit_code == 1, failed.output
    assert "1 definitief mislukt (gemeld aan wie het maakte)" in failed.output
    assert "Niet alles lukte: de opdracht stopt met exitcode 1." in failed.output
    with db.transaction() as session:
        assert session.get_one(OutboxMessage, outbox_id).state == "failed"
    again = cli.invoke(main, ["deliver"])
    assert again.exit_code == 0 and "exitcode" not in again.output, again.output


def test_reminders_exits_1_when_an_outbox_message_failed_for_good_in_this_run(
    settings: Settings, fake_slack: FakeSlack, db: Database, social_map: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_message_about_to_fail_for_good(db, fake_slack)
    cli = cli_runner(settings, monkeypatch)
    tomorrow = utcnow().astimezone(BRUSSELS).date().toordinal() + 1
    early = datetime.combine(datetime.fromordinal(tomorrow).date(), time(7), tzinfo=BRUSSELS)  # the outbox only
    result = cli.invoke(main, ["reminders", "--now", early.isoformat()])
    assert result.exit_code == 1, result.output
    assert "1 definitief mislukt" in result.output and "exitcode 1" in result.output
    later = cli.invoke(main, ["reminders", "--now", early.replace(minute=30).isoformat()])
    assert later.exit_code == 0 and "exitcode" not in later.output, later.output
