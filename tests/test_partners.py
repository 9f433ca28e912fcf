"""`/netwerk partners`, `/netwerk uitnodiging` and the monthly outreach nudge: the coordinator's overview
of every organisation in the neighbourhood, kept to its own network."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from domain.dates_nl import BRUSSELS, format_date_nl
from plugin.cli_meetings import run_reminders
from plugin.config import Settings
from storage import meetings
from storage.base import utcnow
from storage.db import Database
from storage.models import Organisation
from storage.networks import create_network
from storage.outreach_models import Outreach, OutreachContact
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import eventually, in_days, plan_meeting, text_of
from tests.slack_driver import SlackDriver, plain_value, select_value

USER = {"type": "users_select", "selected_user": None}


def partner_values(**fields: Any) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {
        "contact_user": {"value": {**USER, "selected_user": fields.get("contact_user")}},
        "contact_name": {"value": plain_value(fields.get("contact_name", ""))},
        "contact_email": {"value": plain_value(fields.get("contact_email", ""))},
        "note": {"value": plain_value(fields.get("note", ""))},
    }
    if "name" in fields:
        values["name"] = {"value": plain_value(fields["name"])}
        values["kind"] = {"value": select_value(fields.get("kind"))}
        values["status"] = {"value": select_value(fields.get("status", "op-de-lijst"))}
    return values


def organisation_id(db: Database, name: str) -> int:
    with db.transaction() as session:
        return session.scalars(select(Organisation.id).where(Organisation.name == name)).one()


def partner_list(slack: SlackDriver, *, user: str = COORDINATOR, channel: str = "C1") -> list[dict]:
    body = slack.command("/netwerk", "partners", user=user, channel=channel).get_json()
    return body.get("blocks") or [{"text": body["text"]}]


def card(blocks: list[dict], org_id: int) -> str:
    """The text of an organisation's card in the list."""
    found = [b for b in blocks if str(b.get("block_id", "")).startswith(f"partner:{org_id}:")]
    assert found, f"organisation {org_id} not in the list"
    return found[0]["text"]["text"]


def choose_status(
    slack: SlackDriver, org_id: int, status: str, *, user: str = COORDINATOR, channel: str = "C1"
) -> None:
    slack.block_action(
        "partner_status", user=user, channel=channel, block_id=f"partner:{org_id}:0",
        selected_option={"value": status},
    )  # fmt: skip


def last_reply(fake: FakeSlack, count: int) -> Call:
    return fake.wait_for("response_url", count)[-1]


def test_only_the_coordinator_sees_the_list(slack: SlackDriver, social_map) -> None:
    [reply] = partner_list(slack, user="UBIB")
    assert "Alleen de trekker van *Lerend netwerk Borgerhout* (<@UTREKKER>) kan dat." == reply["text"]


def test_every_organisation_with_status_contact_and_last_contact(slack: SlackDriver, db: Database, social_map) -> None:
    blocks = partner_list(slack)
    shown = text_of(blocks)
    assert "Partners van Lerend netwerk Borgerhout" in shown
    bib, stad = organisation_id(db, "Bibliotheek Borgerhout"), organisation_id(db, "Digipunt Stad")
    assert "✅ neemt deel" in card(blocks, bib) and "<@UBIB>" in card(blocks, bib)  # someone speaks for it
    assert "📋 op de lijst" in card(blocks, stad) and "nog geen contactpersoon" in card(blocks, stad)
    assert "Laatste contact: nog nooit" in card(blocks, stad)
    assert shown.index("Digipunt Stad") < shown.index("Bibliotheek Borgerhout")  # who needs attention first
    assert "📋 op de lijst: 1" in shown and "✅ neemt deel: 2" in shown


def test_the_status_select_and_contact_button_update_the_list_in_place(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    stad = organisation_id(db, "Digipunt Stad")
    choose_status(slack, stad, "uitgenodigd")
    reply = last_reply(fake_slack, 1)
    assert reply.params["replace_original"] is True
    today = format_date_nl(utcnow().astimezone(BRUSSELS).date())
    assert "✉️ uitgenodigd" in card(reply.json("blocks"), stad)
    assert f"Laatste contact: {today}" in card(reply.json("blocks"), stad)
    choose_status(slack, stad, "uitgenodigd")  # a second identical choice changes nothing
    last_reply(fake_slack, 2)
    with db.transaction() as session:
        assert session.scalars(select(Outreach.status).where(Outreach.organisation_id == stad)).one() == "uitgenodigd"
        assert len(session.scalars(select(OutreachContact)).all()) == 1

    bib = organisation_id(db, "Bibliotheek Borgerhout")
    slack.block_action("partner_contact", json.dumps({"o": bib, "p": 0}), user=COORDINATOR)
    assert f"Laatste contact: {today}" in card(last_reply(fake_slack, 3).json("blocks"), bib)
    choose_status(slack, stad, "bestaat-niet")  # not a status: ignored
    slack.block_action("partner_contact", json.dumps({"o": bib, "p": 0}), user="UBIB")  # not the coordinator
    assert "Alleen de trekker" in last_reply(fake_slack, 4).params["text"]
    with db.transaction() as session:
        assert len(session.scalars(select(OutreachContact)).all()) == 2


def test_adding_an_organisation_not_on_slack_and_editing_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.block_action("partner_add", json.dumps({"p": 0}), user=COORDINATOR)
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "partner_save" and json.loads(view["private_metadata"])["channel"] == "C1"

    def submit(values: dict, meta: str) -> dict:
        response = slack.view_submission("partner_save", values, private_metadata=meta, user=COORDINATOR)
        return response.get_json() if response.data else {}

    meta = view["private_metadata"]
    refused = submit(partner_values(name="", contact_email="geen-mail"), meta)
    assert refused["errors"] == {
        "name": "Geef de naam van de organisatie.",
        "contact_email": "Dat lijkt geen e-mailadres, bv. naam@organisatie.be.",
    }
    assert submit(partner_values(name="bibliotheek-borgerhout"), meta)["errors"]["name"].startswith("Die organisatie")
    added = partner_values(
        name="Buurtwerk De Kiem", kind="buurtwerk", status="sluit-later-aan",
        contact_name="Sara Peeters", contact_email="sara@dekiem.be", note="Na de zomer opnieuw vragen",
    )  # fmt: skip
    assert submit(added, meta) == {}
    shown = fake_slack.wait_for("chat.postEphemeral")[0]
    kiem = organisation_id(db, "Buurtwerk De Kiem")
    text = card(shown.json("blocks"), kiem)
    assert "⏳ sluit later aan" in text and "Sara Peeters" in text and "mailto:sara@dekiem.be" in text
    assert "Na de zomer opnieuw vragen" in text

    slack.block_action("partner_edit", json.dumps({"o": kiem, "p": 0}), user=COORDINATOR)
    edit = fake_slack.wait_for("views.open", 2)[-1].json("view")
    inputs = {b["block_id"]: b["element"] for b in edit["blocks"] if b["type"] == "input"}
    assert inputs["contact_name"]["initial_value"] == "Sara Peeters" and "name" not in inputs
    assert submit(partner_values(contact_user="U9", note="Komt in maart"), edit["private_metadata"]) == {}
    text = card(fake_slack.wait_for("chat.postEphemeral", 2)[-1].json("blocks"), kiem)
    assert "<@U9>" in text and "Komt in maart" in text and "Sara Peeters" not in text


def test_a_ready_invitation_with_the_next_meeting(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    general = slack.command("/netwerk", "uitnodiging", user=COORDINATOR).get_json()
    shown = text_of(general["blocks"])
    assert "Beste collega," in shown and "De datum van ons volgende overleg volgt nog" in shown
    assert "Lerend netwerk Borgerhout, het lerend netwerk rond e-inclusie in Borgerhout" in shown
    assert "Gebruiker UTREKKER" in shown  # signed with the coordinator's name, not a mention

    meeting, _ = plan_meeting(slack, fake_slack, db, day=in_days(10), place="Bib Borgerhout, zaal 2")
    body = slack.command("/netwerk", "uitnodiging digipunt-stad", user=COORDINATOR).get_json()
    shown = text_of(body["blocks"])
    assert "Beste collega's van Digipunt Stad," in shown
    assert format_date_nl(meeting.starts_at.astimezone(BRUSSELS).date()) in shown and "zaal 2" in shown
    unknown = slack.command("/netwerk", "uitnodiging Bakkerij Janssens", user=COORDINATOR).get_json()
    assert "Ik ken geen organisatie “Bakkerij Janssens”" in unknown["text"]
    assert "Alleen de trekker" in slack.command("/netwerk", "uitnodiging", user="UBIB").get_json()["text"]

    mark = next(e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"])
    slack.block_action(mark["action_id"], mark["value"], user=COORDINATOR)
    assert "is nu ✉️ uitgenodigd" in last_reply(fake_slack, 1).params["text"]
    stad = organisation_id(db, "Digipunt Stad")
    assert "✉️ uitgenodigd" in card(partner_list(slack), stad)


def test_the_list_pages_within_slacks_limits(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    from storage import catalog

    with db.transaction() as session:
        network_id = session.scalars(select(Organisation.network_id)).first()
        for n in range(40):
            catalog.get_or_create_organisation(session, network_id, f"School {n:02d}")
    blocks = partner_list(slack)
    assert len(blocks) <= 50 and "Pagina 1 van 4" in text_of(blocks)
    turn = next(b for b in blocks if b.get("block_id") == "partner_turn")["elements"][0]
    slack.block_action(turn["action_id"], turn["value"], user=COORDINATOR)
    assert "Pagina 2 van 4" in text_of(last_reply(fake_slack, 1).json("blocks"))


def test_no_network_sees_or_changes_anothers_partners(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD", channel_id="C2")
    shown = text_of(partner_list(slack, user="UD", channel="C2"))
    assert "Partners van Lerend netwerk Deurne" in shown and "Digipunt Stad" not in shown
    stad = organisation_id(db, "Digipunt Stad")
    choose_status(slack, stad, "niet-geinteresseerd", user="UD", channel="C2")
    assert "bestaat niet (meer) in dit netwerk" in last_reply(fake_slack, 1).params["text"]
    slack.block_action("partner_edit", json.dumps({"o": stad, "p": 0}), user="UD", channel="C2")
    assert "bestaat niet (meer)" in last_reply(fake_slack, 2).params["text"]
    body = slack.command("/netwerk", "uitnodiging Digipunt Stad", user="UD", channel="C2").get_json()
    assert "Ik ken geen organisatie" in body["text"]
    with db.transaction() as session:
        assert session.scalars(select(Outreach)).all() == []


# -- the monthly nudge ---------------------------------------------------------------------------------
def backdate_organisations(db: Database, days: int) -> None:
    with db.transaction() as session:
        session.execute(update(Organisation).values(created_at=utcnow() - timedelta(days=days)))


def nudges(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if "Contact met je partners" in str(c.params.get("text"))]


def test_the_monthly_nudge_lists_who_needs_a_conversation_exactly_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    backdate_organisations(db, 120)
    with db.transaction() as session:
        network_id = session.scalars(select(Organisation.network_id)).first()
        for weeks in (3, 1):  # two meetings held: the library came to neither, the CAW to the last
            meeting = meetings.create_meeting(
                session, network_id, channel_id="C1", title=f"Overleg {weeks}",
                starts_at=utcnow() - timedelta(weeks=weeks), location=None, created_by=COORDINATOR, points=[],
            )  # fmt: skip
            meetings.set_rsvp(session, network_id, meeting.id, "UCAW", coming=weeks == 1, now=utcnow())
            meetings.set_rsvp(session, network_id, meeting.id, "UBIB", coming=False, now=utcnow())
    bib = organisation_id(db, "Bibliotheek Borgerhout")
    slack.block_action("partner_contact", json.dumps({"o": bib, "p": 0}), user=COORDINATOR)  # in touch today
    last_reply(fake_slack, 1)

    now = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS)
    run_reminders(settings, db, now)
    run_reminders(settings, db, now + timedelta(hours=1))
    [nudge] = nudges(fake_slack)
    assert nudge.params["channel"] == COORDINATOR
    text = text_of(nudge.json("blocks"))
    without, _, absent = text.partition("Niet op de laatste twee overleggen")
    assert "Digipunt Stad" in without and "CAW onthaal" in without and "Bibliotheek Borgerhout" not in without
    assert "Bibliotheek Borgerhout" in absent and "<@UBIB>" in absent and "CAW onthaal" not in absent

    run_reminders(settings, db, now + timedelta(days=32))  # a new month: a new nudge
    assert len(nudges(fake_slack)) == 2


def test_no_nudge_when_nobody_needs_one_nor_about_another_network(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD", channel_id="C2")
    now = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS)
    run_reminders(settings, db, now)  # Borgerhout's organisations are new: they get time to be invited
    assert nudges(fake_slack) == []
    backdate_organisations(db, 120)
    run_reminders(settings, db, now + timedelta(days=40))
    [nudge] = nudges(fake_slack)
    assert nudge.params["channel"] == COORDINATOR  # Deurne knows no organisations: no DM to UD


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_runs_send_one_nudge(
    attempt: int, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    backdate_organisations(db, 120)
    now = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda instance: run_reminders(settings, instance, now), instances))
    finally:
        for instance in instances:
            instance.dispose()
    eventually(lambda: nudges(fake_slack))
    assert len(nudges(fake_slack)) == 1
