"""`/netwerk partners`, `/netwerk uitnodiging` and the monthly outreach nudge: the coordinator's overview
of every organisation in the neighbourhood, kept to its own network."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from domain.dates_nl import BRUSSELS, format_date_nl
from domain.outreach import last_contact_label
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from storage import meetings, outreach
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Organisation
from storage.networks import create_network
from storage.outreach_models import Outreach, OutreachContact
from tests.conftest import COORDINATOR, SIGNING_SECRET, install_team
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import in_days, plan_meeting, text_of
from tests.signed import metadata_of, signed_metadata
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


def network_of(db: Database, name: str = "Lerend netwerk Borgerhout") -> int:
    with db.transaction() as session:
        return session.scalars(select(Network.id).where(Network.name == name)).one()


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


def today() -> str:
    """Today as a card shows the last contact: "28 november 2026"."""
    return last_contact_label(utcnow().astimezone(BRUSSELS).date())


def contacts(db: Database) -> list[OutreachContact]:
    with db.transaction() as session:
        return list(session.scalars(select(OutreachContact).order_by(OutreachContact.id)))


def status_choices(blocks: list[dict], org_id: int) -> list[str]:
    found = next(b for b in blocks if str(b.get("block_id", "")).startswith(f"partner:{org_id}:"))
    return [o["value"] for o in found["accessory"]["options"]]


def test_only_the_coordinator_sees_the_list(slack: SlackDriver, social_map) -> None:
    [reply] = partner_list(slack, user="UBIB")
    assert "Alleen de trekker van *Lerend netwerk Borgerhout* (<@UTREKKER>) kan dat." == reply["text"]


def test_every_organisation_with_status_contact_and_last_contact(slack: SlackDriver, db: Database, social_map) -> None:
    blocks = partner_list(slack)
    shown = text_of(blocks)
    assert "Partners van Lerend netwerk Borgerhout" in shown
    bib, stad = organisation_id(db, "Bibliotheek Borgerhout"), organisation_id(db, "Digipunt Stad")
    assert "✅ neemt deel" in card(blocks, bib) and "<@UBIB>" in card(blocks, bib)  # someone speaks for it
    assert card(blocks, stad) == "*Digipunt Stad* · 📋 op de lijst\nContact: _nog niemand_ · Laatste contact: nog nooit"
    assert shown.index("Digipunt Stad") < shown.index("Bibliotheek Borgerhout")  # who needs attention first
    assert "📋 op de lijst: 1" in shown and "✅ neemt deel: 2" in shown


def test_the_status_select_and_contact_button_update_the_list_in_place(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    stad = organisation_id(db, "Digipunt Stad")
    choose_status(slack, stad, "uitgenodigd")
    reply = last_reply(fake_slack, 1)
    assert reply.params["replace_original"] is True
    assert "✉️ uitgenodigd" in card(reply.json("blocks"), stad)
    assert f"Laatste contact: {today()}" in card(reply.json("blocks"), stad)
    choose_status(slack, stad, "uitgenodigd")  # a second identical choice changes nothing
    last_reply(fake_slack, 2)
    with db.transaction() as session:
        assert session.scalars(select(Outreach.status).where(Outreach.organisation_id == stad)).one() == "uitgenodigd"
        assert len(session.scalars(select(OutreachContact)).all()) == 1

    bib = organisation_id(db, "Bibliotheek Borgerhout")
    slack.block_action("partner_contact", json.dumps({"o": bib, "p": 0}), user=COORDINATOR)
    assert f"Laatste contact: {today()}" in card(last_reply(fake_slack, 3).json("blocks"), bib)
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
    assert view["callback_id"] == "partner_save" and metadata_of(view)["channel"] == "C1"

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
    assert text == (
        "*Buurtwerk De Kiem* · ⏳ sluit later aan\n"
        "Contact: Sara Peeters (sara@dekiem.be) · Laatste contact: " + today() + " · 📝 Na de zomer opnieuw vragen"
    )

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

    network_id = network_of(db)
    with db.transaction() as session:
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


def test_double_clicks_save_nothing_twice(slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map) -> None:
    stad = organisation_id(db, "Digipunt Stad")
    value = json.dumps({"o": stad, "p": 0})
    for count in (1, 2):
        slack.block_action("partner_contact", value, user=COORDINATOR)
        last_reply(fake_slack, count)
    assert len(contacts(db)) == 1
    for count in (3, 4):
        slack.block_action("partner_invited", value, user=COORDINATOR)
        last_reply(fake_slack, count)
    with db.transaction() as session:
        assert session.scalars(select(Outreach.status)).all() == ["uitgenodigd"]
    assert len(contacts(db)) == 1  # the invitation came seconds after the contact: the same conversation


@pytest.mark.parametrize("action", ["partner_contact", "partner_invited"])
def test_two_clicks_at_the_same_moment_save_once(
    action: str, app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Two app threads handle the clicks together: both have read the organisation before either writes."""
    stad = organisation_id(db, "Digipunt Stad")
    row = Outreach(network_id=network_of(db), organisation_id=stad, status="op-de-lijst", note="Bellen")
    with db.transaction() as session:  # a row to change, not one to insert (its unique key would catch a twin)
        session.add(row)
    together = threading.Barrier(2, timeout=20)
    lock = outreach._lock

    def lock_at_the_same_time(*args: Any) -> None:
        together.wait()
        lock(*args)

    monkeypatch.setattr(outreach, "_lock", lock_at_the_same_time)
    twin = SlackDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())
    with ThreadPoolExecutor(max_workers=2) as pool:
        clicks = [pool.submit(d.block_action, action, json.dumps({"o": stad, "p": 0}), user=COORDINATOR)
                  for d in (slack, twin)]  # fmt: skip
        assert [c.result().status_code for c in clicks] == [200, 200]
    last_reply(fake_slack, 2)
    assert len(contacts(db)) == 1
    with db.transaction() as session:
        assert session.scalars(select(Outreach.status)).all() == [
            "uitgenodigd" if action == "partner_invited" else "op-de-lijst"
        ]


def test_an_invited_organisation_that_joins_on_slack_takes_part(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    stad, bib = organisation_id(db, "Digipunt Stad"), organisation_id(db, "Bibliotheek Borgerhout")
    blocks = partner_list(slack)
    assert status_choices(blocks, bib) == ["sluit-later-aan", "neemt-deel", "niet-geinteresseerd"]
    assert len(status_choices(blocks, stad)) == 5
    choose_status(slack, stad, "uitgenodigd")
    last_reply(fake_slack, 1)
    slack.command("/netwerk", "organisatie Digipunt Stad", user="USTAD")  # what the invitation asks
    blocks = partner_list(slack)
    assert card(blocks, stad).startswith("*Digipunt Stad* · ✅ neemt deel\nContact: <@USTAD>")
    choose_status(slack, bib, "op-de-lijst")  # forged: someone speaks for the library, it takes part
    assert "✅ neemt deel" in card(last_reply(fake_slack, 2).json("blocks"), bib)
    body = slack.command("/netwerk", "uitnodiging Bibliotheek Borgerhout", user=COORDINATOR).get_json()
    assert "Beste collega's van Bibliotheek Borgerhout" in text_of(body["blocks"])
    assert not [b for b in body["blocks"] if b["type"] == "actions"]  # nothing to mark
    slack.block_action("partner_invited", json.dumps({"o": bib, "p": 0}), user=COORDINATOR)
    assert "neemt al deel" in last_reply(fake_slack, 3).params["text"]
    with db.transaction() as session:
        assert session.scalars(select(Outreach.organisation_id)).all() == [stad]


def test_another_workspace_sees_and_changes_none_of_the_partners(
    oauth_app: Flask, oauth_slack: SlackDriver, oauth_settings: Settings, fake_slack: FakeSlack, db: Database,
    social_map,
) -> None:  # fmt: skip
    install_team(oauth_app, fake_slack, "T1", "Borgerhout")  # the social map's workspace
    install_team(oauth_app, fake_slack, "T2", "Deurne")  # its own network, coordinated by UINSTALLER
    t2 = {"team": "T2", "user": "UINSTALLER", "channel": "CD"}
    shown = text_of(oauth_slack.command("/netwerk", "partners", **t2).get_json()["blocks"])
    assert "Partners van Deurne" in shown and "Nog geen organisaties op de lijst." in shown
    assert "Borgerhout" not in shown and "Digipunt" not in shown

    stad = organisation_id(db, "Digipunt Stad")
    forged = json.dumps({"o": stad, "p": 0})
    oauth_slack.block_action("partner_status", block_id=f"partner:{stad}:0", selected_option={"value": "neemt-deel"},
                             **t2)  # fmt: skip
    for action in ("partner_contact", "partner_invite", "partner_invited", "partner_edit"):
        oauth_slack.block_action(action, forged, **t2)
    replies = fake_slack.wait_for("response_url", 5)
    assert all("bestaat niet (meer) in dit netwerk" in r.params["text"] for r in replies)
    assert fake_slack.calls_to("views.open") == []
    meta = signed_metadata("partner_save", {"channel": "CD", "organisation": stad, "p": 0}, network_id=2, team_id="T2")
    edited = oauth_slack.view_submission("partner_save", partner_values(note="van Deurne"), private_metadata=meta,
                                         team="T2", user="UINSTALLER").get_json()  # fmt: skip
    assert "bestaat niet (meer)" in edited["errors"]["contact_user"]
    uitnodiging = oauth_slack.command("/netwerk", "uitnodiging Digipunt Stad", **t2).get_json()
    assert "Ik ken geen organisatie “Digipunt Stad”" in uitnodiging["text"]
    with db.transaction() as session:
        assert session.scalars(select(Outreach)).all() == [] and contacts(db) == []

    added = oauth_slack.view_submission(
        "partner_save", partner_values(name="Digipunt Stad", contact_name="Jan"),
        private_metadata=signed_metadata("partner_save", {"channel": "CD", "organisation": None, "p": 0}, network_id=2,
                                         team_id="T2"), team="T2", user="UINSTALLER",
    )  # fmt: skip
    assert not added.data  # the same name is a new organisation in Deurne's own list
    assert "Digipunt Stad" in text_of(oauth_slack.command("/netwerk", "partners", **t2).get_json()["blocks"])
    own = oauth_slack.command("/netwerk", "partners", team="T1", user=COORDINATOR).get_json()["blocks"]
    assert "Jan" not in text_of(own) and "Partners van Lerend netwerk Borgerhout" in text_of(own)

    backdate_organisations(db, 120)
    run_reminders(oauth_settings, db, datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS))
    sent = {c.params["channel"]: c for c in nudges(fake_slack)}
    assert set(sent) == {COORDINATOR, "UINSTALLER"}
    assert sent["UINSTALLER"].token == "xoxb-T2-token" and sent[COORDINATOR].token == "xoxb-T1-token"
    deurne, borgerhout = text_of(sent["UINSTALLER"].json("blocks")), text_of(sent[COORDINATOR].json("blocks"))
    assert "Digipunt Stad" in deurne and "Bibliotheek" not in deurne and "CAW" not in deurne
    assert "Digipunt Stad" in borgerhout and "CAW onthaal" in borgerhout


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
    network_id = network_of(db)
    with db.transaction() as session:
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
    assert run_reminders(settings, db, now.replace(hour=7)).too_early and nudges(fake_slack) == []
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
    attempt: int, fake_slack: FakeSlack, db: Database, settings: Settings, social_map,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Two instances at the same moment: both find someone to nudge about, both try to claim the DM."""
    backdate_organisations(db, 120)
    now = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS)
    together = threading.Barrier(2, timeout=20)
    coming = outreach.coming_to_last_meetings

    def look_at_the_same_time(*args: Any) -> list[frozenset[str]]:
        together.wait()
        return coming(*args)

    monkeypatch.setattr(outreach, "coming_to_last_meetings", look_at_the_same_time)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(lambda instance: run_reminders(settings, instance, now), instances))
    finally:
        for instance in instances:
            instance.dispose()
    assert sorted((r.sent, r.taken, r.failed) for r in runs) == [(0, 1, 0), (1, 0, 0)]
    assert len(nudges(fake_slack)) == 1
