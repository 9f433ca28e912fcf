"""The referral loop: the receiving organisation answers with one click, may correct it, the referring
partner hears each change once, nobody else can answer, a referral can be passed on, and an
unanswered one is asked about once more after 14 days — never with client data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from domain.referral_outcomes import (
    ARRIVED,
    BUTTONS,
    HELPED,
    NO_PLACE,
    NOT_CAME,
    OUTCOME_LABELS,
    REFERRED_ON,
    often_helped,
    shown_outside,
)
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from plugin.views.referral_outcomes import ONWARD_ACTION, OUTCOME_ACTION
from storage import catalog
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Organisation, Referral
from storage.networks import create_network
from storage.outbox_models import OutboxMessage
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import eventually, settle, text_of
from tests.slack_driver import SlackDriver, plain_value, select_value


def refer(slack: SlackDriver, fake: FakeSlack, offering_id: int, *, note: str = "wil itsme op nieuwe gsm") -> Call:
    """UBIB refers someone with `/verwijs`; returns the DM the receiving organisation got."""
    before = len(fake.calls_to("views.open"))
    slack.block_action("verwijs_refer", str(offering_id), user="UBIB")
    view = fake.wait_for("views.open", before + 1)[-1].json("view")
    values = {"category": {"value": select_value("e-overheid-en-itsme")}, "note": {"value": plain_value(note)}}
    sent = len(organisation_dms(fake))
    response = slack.view_submission("verwijs_door", values, private_metadata=view["private_metadata"], user="UBIB")
    assert response.status_code == 200
    return eventually(lambda: organisation_dms(fake)[sent:])[0]


def organisation_dms(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if "verwijst iemand door" in str(c.params.get("text"))]


def told(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if str(c.params.get("text", "")).startswith("🔁")]


def elements(call: Call) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in call.json("blocks") if b["type"] == "actions" for e in b["elements"]}


def referrals(db: Database) -> list[Referral]:
    with db.transaction() as session:
        return list(session.scalars(select(Referral).order_by(Referral.id)))


def click(slack: SlackDriver, dm: Call, outcome: str, user: str) -> None:
    button = elements(dm)[f"{OUTCOME_ACTION}_{outcome}"]
    slack.block_action(button["action_id"], button["value"], user=user, channel=f"D{user}")


def test_every_outcome_can_be_set_and_corrected_and_the_referrer_hears_each_change_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    dm = refer(slack, fake_slack, social_map["itsme"])
    assert dm.params["channel"] == "UCAW" and "📝 Notitie: “wil itsme op nieuwe gsm”" in dm.params["text"]
    buttons = elements(dm)
    assert set(buttons) == {f"{OUTCOME_ACTION}_{o}" for o in BUTTONS} | {ONWARD_ACTION}
    assert [o["text"]["text"] for o in buttons[ONWARD_ACTION]["options"]] == ["Bibliotheek Borgerhout", "Digipunt Stad"]
    assert "Nog geen uitkomst" in text_of(dm.json("blocks"))

    for number, outcome in enumerate((ARRIVED, HELPED, NOT_CAME, NO_PLACE, HELPED), start=1):
        click(slack, dm, outcome, "UCAW")
        updated = fake_slack.wait_for("chat.update", number)[-1]
        assert [updated.params["channel"], updated.params["ts"]] == referrals(db)[0].messages[0]  # in place
        shown = text_of(updated.json("blocks"))
        assert f"Uitkomst: *{OUTCOME_LABELS[outcome]}* — aangeduid door <@UCAW>" in shown
        [referral] = referrals(db)
        assert (referral.outcome, referral.outcome_by) == (outcome, "UCAW")
        message = eventually(lambda n=number: told(fake_slack)[n - 1 :])[0]
        assert message.params["channel"] == "UBIB"
        assert f"*{OUTCOME_LABELS[outcome].lower()}*" in message.params["text"]
        assert "Hulp bij itsme en e-loket (CAW onthaal)" in message.params["text"]

    click(slack, dm, HELPED, "UCAW")  # the same answer again: nothing changes, nobody is told twice
    settle(slack)
    assert len(told(fake_slack)) == 5 and len(fake_slack.calls_to("chat.update")) == 5


def test_only_the_receiving_organisation_and_the_coordinator_may_answer(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    dm = refer(slack, fake_slack, social_map["itsme"])
    click(slack, dm, HELPED, "UBIB")  # the referring partner is of another organisation
    refusal = fake_slack.wait_for("response_url")[0]
    assert "Alleen wie voor *CAW onthaal* spreekt, of de trekker" in refusal.params["text"]
    assert refusal.params["replace_original"] is False
    click(slack, dm, HELPED, "UNOBODY")  # not a member of the network at all
    fake_slack.wait_for("response_url", 2)

    with db.transaction() as session:  # a member of another network, speaking for an organisation there
        other = create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD")
        org = catalog.get_or_create_organisation(session, other.id, "CAW onthaal", "caw")
        catalog.link_member(session, other, "UDEURNE", org)
    click(slack, dm, HELPED, "UDEURNE")
    assert "vind ik niet in je netwerk" in fake_slack.wait_for("response_url", 3)[-1].params["text"]
    click(slack, dm, HELPED, "UD")  # another network's coordinator
    assert "vind ik niet in je netwerk" in fake_slack.wait_for("response_url", 4)[-1].params["text"]
    forged = elements(dm)[f"{OUTCOME_ACTION}_{HELPED}"]["value"].replace(":", "9:")
    slack.block_action(f"{OUTCOME_ACTION}_{HELPED}", forged, user="UCAW", channel="DUCAW")
    assert "vind ik niet in je netwerk" in fake_slack.wait_for("response_url", 5)[-1].params["text"]
    slack.block_action(f"{OUTCOME_ACTION}_x", "1:gewist", user="UCAW", channel="DUCAW")
    fake_slack.wait_for("response_url", 6)
    assert referrals(db)[0].outcome is None and not told(fake_slack)

    click(slack, dm, NO_PLACE, COORDINATOR)  # the coordinator may
    eventually(lambda: told(fake_slack))
    assert referrals(db)[0].outcome == NO_PLACE


def test_doorverwezen_naar_starts_a_linked_referral_that_the_next_organisation_answers(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    with db.transaction() as session:
        stad = session.scalars(select(Organisation).where(Organisation.name == "Digipunt Stad")).one()
        network = session.get(Network, stad.network_id)
        catalog.link_member(session, network, "UDIG", stad)
        stad_id = stad.id
    dm = refer(slack, fake_slack, social_map["itsme"])
    select_ = elements(dm)[ONWARD_ACTION]
    choice = next(o for o in select_["options"] if o["text"]["text"] == "Digipunt Stad")
    slack.block_action(ONWARD_ACTION, user="UCAW", channel="DUCAW", selected_option=choice)
    [next_dm] = eventually(lambda: organisation_dms(fake_slack)[1:])
    assert next_dm.params["channel"] == "UDIG"
    assert (
        "doorverwezen door CAW onthaal" in next_dm.params["text"]
        and "wil itsme op nieuwe gsm" in next_dm.params["text"]
    )
    assert set(elements(next_dm)) >= {f"{OUTCOME_ACTION}_{HELPED}"}
    first, second = referrals(db)
    assert (first.outcome, second.parent_id, second.to_organisation_id, second.outcome) == (
        REFERRED_ON, first.id, stad_id, None,
    )  # fmt: skip
    note = eventually(lambda: told(fake_slack))[0]
    assert note.params["channel"] == "UBIB" and "*doorverwezen naar Digipunt Stad*" in note.params["text"]
    assert "Doorverwezen naar *Digipunt Stad*" in fake_slack.wait_for("response_url")[0].params["text"]

    slack.block_action(ONWARD_ACTION, user="UCAW", channel="DUCAW", selected_option=choice)  # again: not twice
    assert "ging al naar" in fake_slack.wait_for("response_url", 2)[-1].params["text"]
    assert len(referrals(db)) == 2

    click(slack, next_dm, HELPED, "UCAW")  # the first organisation cannot answer for the second
    assert "Alleen wie voor *Digipunt Stad*" in fake_slack.wait_for("response_url", 3)[-1].params["text"]
    click(slack, next_dm, HELPED, "UDIG")
    eventually(lambda: referrals(db)[1].outcome == HELPED)


def _age(db: Database, days: int) -> None:
    with db.transaction() as session:
        session.execute(update(Referral).values(created_at=utcnow() - timedelta(days=days)))


def _reminders(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if "Twee weken geleden" in str(c.params.get("text"))]


@pytest.mark.parametrize("attempt", range(2))
def test_after_14_days_the_organisation_is_asked_once_even_by_concurrent_runs(
    attempt: int, slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    refer(slack, fake_slack, social_map["itsme"])
    now = utcnow().replace(hour=9)
    _age(db, 13)
    run_reminders(settings, db, now)
    assert _reminders(fake_slack) == []  # not yet
    _age(db, 15)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda instance: run_reminders(settings, instance, now), instances))
    finally:
        for instance in instances:
            instance.dispose()
    run_reminders(settings, db, now + timedelta(days=1))
    [asked] = _reminders(fake_slack)
    assert asked.params["channel"] == "UCAW" and f"{OUTCOME_ACTION}_{HELPED}" in elements(asked)
    [referral] = referrals(db)
    assert referral.outcome is None and len(referral.messages or []) == 2  # the first DM and the reminder

    click(slack, asked, HELPED, "UCAW")  # answering updates both messages
    eventually(lambda: len(fake_slack.calls_to("chat.update")) == 2)


def test_small_numbers_never_make_vaak_geholpen_and_are_hidden_outside() -> None:
    assert not often_helped(4, 4)  # four answers say nothing
    assert often_helped(5, 3) and not often_helped(5, 2) and often_helped(10, 6) and not often_helped(10, 5)
    assert [shown_outside(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


def test_home_lists_the_organisations_referrals_waiting_for_an_outcome_with_the_same_buttons(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.event({"type": "app_home_opened", "user": "UCAW", "channel": "DUCAW", "tab": "home"})
    empty = text_of(fake_slack.wait_for("views.publish")[-1].json("view")["blocks"])
    assert "Doorverwijzingen naar CAW onthaal zonder uitkomst" in empty and "Geen doorverwijzingen" in empty
    refer(slack, fake_slack, social_map["itsme"])
    slack.event({"type": "app_home_opened", "user": "UCAW", "channel": "DUCAW", "tab": "home"})
    home = fake_slack.wait_for("views.publish", 2)[-1].json("view")
    assert "wil itsme op nieuwe gsm" in text_of(home["blocks"])
    button = next(
        e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == f"{OUTCOME_ACTION}_{HELPED}"
    )  # fmt: skip
    slack.block_action(button["action_id"], button["value"], user="UCAW", view=home)
    redrawn = fake_slack.wait_for("views.publish", 3)[-1].json("view")
    assert "wil itsme op nieuwe gsm" not in text_of(redrawn["blocks"])  # answered: off the list
    assert referrals(db)[0].outcome == HELPED
    slack.event({"type": "app_home_opened", "user": "UBIB", "channel": "DUBIB", "tab": "home"})
    other = fake_slack.wait_for("views.publish", 4)[-1].json("view")
    assert "Doorverwijzingen naar Bibliotheek Borgerhout zonder uitkomst" in text_of(other["blocks"])


def _itsme_row(db: Database):  # type: ignore[no-untyped-def]
    from commands.hiaten import current_period
    from storage.signals import gap_report

    with db.transaction() as session:
        network_id = session.scalars(select(Network.id).where(Network.name == "Lerend netwerk Borgerhout")).one()
        report = gap_report(session, network_id, current_period())
        assert report is not None
        return report.analysis.row("e-overheid-en-itsme")


def test_geen_plaats_counts_toward_the_gap_of_its_category(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    dm = refer(slack, fake_slack, social_map["itsme"])
    before = _itsme_row(db)
    click(slack, dm, NO_PLACE, "UCAW")
    eventually(lambda: referrals(db)[0].outcome == NO_PLACE)
    after = _itsme_row(db)
    assert (after.need - before.need, after.no_place, after.gap - before.gap) == (2, 1, 2)
    assert "en 1 doorverwijzing zonder plaats" in after.explanation
    shown = text_of(slack.command("/hiaten", "", user="UCAW").get_json()["blocks"])
    assert f"E-overheid en itsme ({after.balance})" in shown and after.balance.startswith("nood 2 punten")
    click(slack, dm, HELPED, "UCAW")  # corrected: no longer a need
    eventually(lambda: referrals(db)[0].outcome == HELPED)
    assert _itsme_row(db).need == before.need


def test_a_referrer_slack_did_not_reach_is_told_at_the_next_change(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map, settings: Settings
) -> None:
    """The note Slack refused stays in the outbox; a newer change overtakes it: the referrer hears the
    newest outcome once, and the overtaken note is never sent late."""
    from plugin.bolt_app import web_client
    from plugin.delivery import deliver_due

    dm = refer(slack, fake_slack, social_map["itsme"])
    fake_slack.fail("chat.postMessage", "channel_not_found")
    click(slack, dm, ARRIVED, "UCAW")
    eventually(lambda: referrals(db)[0].outcome == ARRIVED)
    [note] = eventually(lambda: _told_rows(db))
    assert note.state == "pending" and note.last_error == "channel_not_found"  # kept for a retry, not lost
    assert referrals(db)[0].told_outcome == ARRIVED and len(told(fake_slack)) == 1
    click(slack, dm, HELPED, "UCAW")
    message = eventually(lambda: told(fake_slack)[1:])[0]
    assert "*geholpen*" in message.params["text"] and referrals(db)[0].told_outcome == HELPED
    later = utcnow() + timedelta(days=1)
    deliver_due(db.transaction, lambda _team: web_client(settings, settings.bot_token), later)
    assert [r.state for r in _told_rows(db)] == ["sent", "sent"]
    assert [c.params["text"] for c in told(fake_slack)[1:]] == [message.params["text"]]  # no late "langsgekomen"


def _told_rows(db: Database) -> list[OutboxMessage]:
    with db.transaction() as session:
        notes = select(OutboxMessage).where(OutboxMessage.kind == "referral_told").order_by(OutboxMessage.id)
        return list(session.scalars(notes))


def test_a_dm_the_outbox_does_not_know_is_updated_too_once_per_answer(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    """A DM kept on the referral but not in the outbox (sent before the outbox kept them) shows the answer
    like the others: it gets a row of its own, which updates it in place and never posts."""
    from sqlalchemy import delete

    dm = refer(slack, fake_slack, social_map["itsme"])
    ts = eventually(lambda: referrals(db)[0].messages)[0][1]
    with db.transaction() as session:
        session.execute(delete(OutboxMessage).where(OutboxMessage.kind == "referral"))
    click(slack, dm, ARRIVED, "UCAW")
    updates = lambda: [c for c in fake_slack.calls_to("chat.update") if c.params["ts"] == ts]  # noqa: E731
    eventually(updates)
    click(slack, dm, HELPED, "UCAW")
    eventually(lambda: len(updates()) == 2)
    settle(slack)
    assert "*Geholpen*" in text_of(updates()[-1].json("blocks")) and len(updates()) == 2
    with db.transaction() as session:
        [row] = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "referral_update")).all()
        assert (row.message_ts, row.state) == (ts, "sent")
    assert len(organisation_dms(fake_slack)) == 1  # never posted again
