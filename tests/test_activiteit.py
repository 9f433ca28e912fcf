"""`/activiteit`: plan a joint activity against a gap, see it *in aanpak* in `/hiaten`, answer the
follow-up after the date, and turn a recurring one into an offering — within one network."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from domain.dates_nl import BRUSSELS
from plugin.cli_meetings import run_reminders
from plugin.config import Settings
from storage import signals
from storage.activity_models import Activity
from storage.base import utcnow
from storage.db import Database
from storage.models import Offering, Organisation
from storage.networks import create_network
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import date_value, eventually, in_days, settle, text_of, time_value
from tests.slack_driver import SlackDriver, multi_select_values, plain_value, select_value


def plan_values(**fields: Any) -> dict[str, dict[str, Any]]:
    values = {
        "title": {"value": plain_value(fields.get("title", "Infosessie Smartschool voor ouders"))},
        "description": {"value": plain_value(fields.get("description", "Samen de app installeren."))},
        "partners": {"value": multi_select_values(fields.get("partners", []))},
        "date": {"value": date_value(fields.get("day", in_days(10)))},
        "time": {"value": time_value(fields.get("clock", "18:30"))},
        "place": {"value": plain_value(fields.get("place", "Basisschool De Kleine Wereld"))},
        "category": {"value": select_value(fields.get("category", "school-en-ouders"))},
        "need": {"value": select_value(fields.get("need"))},
        "recurring": {
            "value": {
                "type": "checkboxes",
                "selected_options": [{"value": "terugkerend"}] if fields.get("recurring") else [],
            }
        },
    }
    return values


def values_from_view(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The state a modal submits when the person changes nothing: every input's initial value."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        if kind == "plain_text_input":
            state: dict[str, Any] = {"type": kind, "value": element.get("initial_value")}
        elif kind in ("multi_static_select", "checkboxes"):
            state = {"type": kind, "selected_options": element.get("initial_options", [])}
        elif kind == "static_select":
            state = {"type": kind, "selected_option": element.get("initial_option")}
        else:
            state = {"type": kind}
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def activities_in(db: Database) -> list[Activity]:
    with db.transaction() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def org_id(db: Database, name: str) -> int:
    with db.transaction() as session:
        return session.scalars(select(Organisation.id).where(Organisation.name == name)).one()


def plan(
    slack: SlackDriver, fake: FakeSlack, db: Database, *, user: str = "UBIB", channel: str = "C1", **fields: Any
) -> Activity:
    before = len(activities_in(db))
    slack.command("/activiteit", "", user=user, channel=channel)
    meta = fake.calls_to("views.open")[-1].json("view")["private_metadata"]
    response = slack.view_submission("activiteit_save", plan_values(**fields), private_metadata=meta, user=user)
    assert response.status_code == 200 and not response.data, response.data
    return eventually(lambda: [a for a in activities_in(db)[before:] if a.message_ts])[0]


def record_needs(db: Database, category: str, count: int) -> list[int]:
    with db.transaction() as session:
        network_id = session.scalars(select(Organisation.network_id)).first()
        return [
            signals.record_need(
                session, network_id, user_id="UCAW", description="Ouders vinden de schoolapp niet", category=category,
                frequency="wekelijks",
            ).id
            for _ in range(count)
        ]  # fmt: skip


def hiaten(slack: SlackDriver, *, user: str = "UCAW", channel: str = "C1") -> str:
    return text_of(slack.command("/hiaten", "", user=user, channel=channel).get_json()["blocks"])


def test_the_plan_form_puts_the_biggest_gaps_first_and_offers_recent_needs(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    [need] = record_needs(db, "school-en-ouders", 1)
    slack.command("/activiteit", "", user="UBIB")
    view = fake_slack.wait_for("views.open")[0].json("view")
    assert view["callback_id"] == "activiteit_save" and json.loads(view["private_metadata"]) == {"channel": "C1"}
    blocks = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert blocks["category"]["options"][0]["value"] == "school-en-ouders"
    assert blocks["need"]["options"][0]["value"] == str(need)
    assert "School en ouders: Ouders vinden de schoolapp niet" == blocks["need"]["options"][0]["text"]["text"]
    assert {o["text"]["text"] for o in blocks["partners"]["options"]} >= {"CAW onthaal", "Digipunt Stad"}


def test_a_planned_activity_is_announced_and_in_aanpak_under_its_gap(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    record_needs(db, "school-en-ouders", 3)
    activity = plan(slack, fake_slack, db, partners=[str(org_id(db, "CAW onthaal"))])
    assert (activity.organiser_user_id, activity.category, activity.status) == ("UBIB", "school-en-ouders", "gepland")
    assert activity.organisation_id == org_id(db, "Bibliotheek Borgerhout")
    post = fake_slack.calls_to("chat.postMessage")[0]
    shown = text_of(post.json("blocks"))
    assert post.params["channel"] == "C1" and "Infosessie Smartschool voor ouders" in shown
    assert (
        "Bibliotheek Borgerhout, CAW onthaal" in shown
        and "Pakt *School en ouders* aan" in shown
        and "om 18:30" in shown
    )

    gaps = hiaten(slack)
    assert "🛠 *In aanpak:* Infosessie Smartschool voor ouders (" in gaps
    row = next(b["text"]["text"] for b in slack.command("/hiaten", "", user="UCAW").get_json()["blocks"]
               if "In aanpak" in str(b))  # fmt: skip
    assert "School en ouders" in row  # under its own gap
    listed = text_of(slack.command("/activiteit", "lijst", user="UCAW").get_json()["blocks"])
    assert "Infosessie Smartschool voor ouders" in listed and "gepland" in listed


def test_the_form_refuses_what_it_cannot_use(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    slack.command("/activiteit", "", user="UBIB")
    meta = fake_slack.calls_to("views.open")[0].json("view")["private_metadata"]

    def errors(**fields: Any) -> dict[str, str]:
        response = slack.view_submission("activiteit_save", plan_values(**fields), private_metadata=meta, user="UBIB")
        return response.get_json()["errors"]

    assert errors(day=in_days(-1), title="", place="") == {
        "date": "Die datum ligt in het verleden. Kies vandaag of later.",
        "title": "Zeg kort wat jullie organiseren.",
        "place": "Waar gaat het door?",
    }
    assert set(errors(category=None)) == {"category"}
    assert set(errors(partners=["999999"])) == {"partners"}  # not an organisation of this network
    assert set(errors(description="Bel mama op 0475 12 34 56")) == {"description"}
    settle()
    assert activities_in(db) == []
    [need] = record_needs(db, "e-overheid-en-itsme", 1)
    activity = plan(slack, fake_slack, db, category=None, need=str(need))
    assert (activity.category, activity.need_id) == ("e-overheid-en-itsme", need)  # the need lends its category


def held_in_the_past(db: Database, activity: Activity, days: int = 2) -> None:
    with db.transaction() as session:
        session.execute(update(Activity).where(Activity.id == activity.id).values(starts_on=in_days(-days)))


def follow_ups(fake: FakeSlack) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if str(c.params.get("text", "")).startswith("Ging ")]


def nine_today() -> datetime:
    return datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(9), tzinfo=BRUSSELS)


def test_after_the_date_the_organiser_is_asked_once_and_a_recurring_one_becomes_an_offering(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    activity = plan(slack, fake_slack, db, recurring=True)
    run_reminders(settings, db, nine_today())
    assert follow_ups(fake_slack) == []  # not yet: the day has not come
    held_in_the_past(db, activity)
    run_reminders(settings, db, nine_today())
    run_reminders(settings, db, nine_today() + timedelta(hours=1))
    [ask] = follow_ups(fake_slack)
    assert ask.params["channel"] == "UBIB"
    buttons = {e["action_id"]: e for b in ask.json("blocks") if b["type"] == "actions" for e in b["elements"]}
    assert set(buttons) == {"activiteit_ja", "activiteit_nee"}

    slack.block_action("activiteit_ja", buttons["activiteit_ja"]["value"], user="UCAW", channel="DUBIB")
    assert "Alleen wie de activiteit organiseert" in fake_slack.wait_for("response_url")[0].params["text"]
    slack.block_action("activiteit_ja", buttons["activiteit_ja"]["value"], user="UBIB", channel="DUBIB",
                       message_ts="1700000000.000777")  # fmt: skip
    report = fake_slack.wait_for("views.open", 2)[-1].json("view")
    assert report["callback_id"] == "activiteit_verslag"
    refused = slack.view_submission(
        "activiteit_verslag", {"participants": {"value": {"type": "number_input", "value": "veel"}}},
        private_metadata=report["private_metadata"], user="UBIB",
    )  # fmt: skip
    assert "Geef een aantal" in refused.get_json()["errors"]["participants"]
    values = {
        "participants": {"value": {"type": "number_input", "value": "14"}},
        "recurring": {"value": {"type": "checkboxes", "selected_options": [{"value": "terugkerend"}]}},
    }
    slack.view_submission("activiteit_verslag", values, private_metadata=report["private_metadata"], user="UBIB")
    update_call = fake_slack.wait_for("chat.update")[0]
    assert (update_call.params["channel"], update_call.params["ts"]) == ("DUBIB", "1700000000.000777")
    shown = text_of(update_call.json("blocks"))
    assert "ging door met *14* deelnemers" in shown
    [done] = activities_in(db)
    assert (done.status, done.participants) == ("doorgegaan", 14)
    assert "ging door, 14 deelnemers" in hiaten(slack)

    slack.block_action("activiteit_nee", str(done.id), user="UBIB", channel="DUBIB")  # answered already
    settle()
    assert activities_in(db)[0].status == "doorgegaan"

    to_offering = next(e for b in update_call.json("blocks") if b["type"] == "actions" for e in b["elements"])
    assert to_offering["action_id"] == "activiteit_aanbod" and to_offering["style"] == "primary"
    slack.block_action("activiteit_aanbod", to_offering["value"], user="UBIB", channel="DUBIB")
    form = fake_slack.wait_for("views.open", 3)[-1].json("view")
    assert form["callback_id"] == "aanbod_save"
    inputs = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert inputs["name"]["initial_value"] == "Infosessie Smartschool voor ouders"
    assert inputs["address"]["initial_value"] == "Basisschool De Kleine Wereld"
    assert [o["value"] for o in inputs["categories"]["initial_options"]] == ["school-en-ouders"]
    assert inputs["organisation"]["initial_option"]["text"]["text"] == "Bibliotheek Borgerhout"
    assert json.loads(form["private_metadata"]) == {"offering": None, "channel": "C1", "activity": done.id}
    response = slack.view_submission(
        "aanbod_save", values_from_view(form), private_metadata=form["private_metadata"], user="UBIB"
    )
    assert response.status_code == 200 and not response.data, response.data
    with db.transaction() as session:
        offering = session.scalars(select(Offering).where(Offering.name == "Infosessie Smartschool voor ouders")).one()
        assert session.get(Activity, done.id).offering_id == offering.id  # type: ignore[union-attr]


def test_not_held_leaves_the_gap_and_nobody_else_answers(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    record_needs(db, "school-en-ouders", 2)
    activity = plan(slack, fake_slack, db)
    held_in_the_past(db, activity)
    run_reminders(settings, db, nine_today())
    [ask] = follow_ups(fake_slack)
    slack.block_action("activiteit_nee", str(activity.id), user=COORDINATOR, channel="DUTREKKER")  # the coordinator may
    reply = fake_slack.wait_for("response_url")[0]
    assert reply.params["replace_original"] is True and "ging niet door" in reply.params["text"]
    assert activities_in(db)[0].status == "niet-doorgegaan"
    assert "In aanpak" not in hiaten(slack)


def test_no_network_sees_or_answers_anothers_activities(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD", channel_id="C2")
    record_needs(db, "school-en-ouders", 2)
    activity = plan(slack, fake_slack, db)
    listed = text_of(slack.command("/activiteit", "lijst", user="UD", channel="C2").get_json()["blocks"])
    assert "Nog geen activiteiten in *Lerend netwerk Deurne*" in listed
    assert "Infosessie" not in hiaten(slack, user="UD", channel="C2")
    slack.block_action("activiteit_nee", str(activity.id), user="UD", channel="C2")
    assert "Alleen wie de activiteit organiseert" in fake_slack.wait_for("response_url")[0].params["text"]
    slack.block_action("activiteit_aanbod", str(activity.id), user="UD", channel="C2")
    fake_slack.wait_for("response_url", 2)
    assert activities_in(db)[0].status == "gepland"
    # planned from Deurne's channel, the activity is Deurne's
    other = plan(
        slack, fake_slack, db, user="UD", channel="C2", title="Digicafé in Deurne", category="basisvaardigheden"
    )
    with db.transaction() as session:
        assert session.get(Activity, other.id).network_id != activity.network_id  # type: ignore[union-attr]
    assert "Digicafé in Deurne" not in text_of(slack.command("/activiteit", "lijst", user="UCAW").get_json()["blocks"])


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_runs_ask_once(
    attempt: int, slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    activity = plan(slack, fake_slack, db)
    held_in_the_past(db, activity)
    instances = [Database(settings.database_url), Database(settings.database_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda instance: run_reminders(settings, instance, nine_today()), instances))
    finally:
        for instance in instances:
            instance.dispose()
    assert len(follow_ups(fake_slack)) == 1


def test_activiteit_explains_itself(slack: SlackDriver, social_map) -> None:
    assert "`/activiteit lijst`" in slack.command("/activiteit", "help", user="UBIB").get_json()["text"]


def test_the_markdown_report_lists_what_is_in_aanpak(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from tests.meeting_helpers import cli_runner

    record_needs(db, "school-en-ouders", 2)
    plan(slack, fake_slack, db, partners=[str(org_id(db, "CAW onthaal"))])
    today = utcnow().astimezone(BRUSSELS).date()
    args = ["rapport", "--team", "T1", "--from", (today - timedelta(days=89)).isoformat(), "--to", today.isoformat()]
    from plugin.cli import main

    result = cli_runner(settings, monkeypatch).invoke(main, [*args, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## In aanpak" in result.output
    assert "- **School en ouders**: Infosessie Smartschool voor ouders (" in result.output
    assert "Bibliotheek Borgerhout, CAW onthaal" in result.output
