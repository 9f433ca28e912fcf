"""`/activiteit`: plan a joint activity against a gap, see it *in aanpak* in `/hiaten`, answer the
follow-up after the date, and turn a recurring one into an offering — within one network."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from domain.dates_nl import BRUSSELS, MONTH_NAMES_NL, format_date_nl
from plugin.cli import main
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from storage import signals
from storage.activity_models import Activity
from storage.base import utcnow
from storage.db import Database
from storage.models import Offering, Organisation
from storage.networks import create_network
from tests.conftest import COORDINATOR
from tests.fake_slack import Call, FakeSlack
from tests.meeting_helpers import cli_runner, date_value, eventually, in_days, settle, text_of, time_value
from tests.signed import metadata_of, network_of_view, signed_metadata
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


def text_date(activity: Activity) -> str:
    return format_date_nl(activity.starts_on)


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
    assert view["callback_id"] == "activiteit_save" and metadata_of(view) == {"channel": "C1"}
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
        f"📅 Nieuwe activiteit tegen een hiaat: *Infosessie Smartschool voor ouders* — {text_date(activity)} om 18:30, "
        "Basisschool De Kleine Wereld — met Bibliotheek Borgerhout, CAW onthaal — pakt *School en ouders* aan"
    ) in shown

    gaps = hiaten(slack)
    assert "🛠 In aanpak: *Infosessie Smartschool voor ouders* (" in gaps
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
    settle(slack)
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
    settle(slack)
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
    assert inputs["area"]["initial_option"]["value"] == "wijk"  # the neighbourhood's, like the activity
    assert inputs["description"]["initial_value"] == "Samen de app installeren."
    assert metadata_of(form) == {"offering": None, "channel": "C1", "activity": done.id}
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
    record_needs(db, "school-en-ouders", 2)
    plan(slack, fake_slack, db, partners=[str(org_id(db, "CAW onthaal"))])
    today = utcnow().astimezone(BRUSSELS).date()
    args = ["rapport", "--team", "T1", "--from", (today - timedelta(days=89)).isoformat(), "--to", today.isoformat()]
    result = cli_runner(settings, monkeypatch).invoke(main, [*args, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## In aanpak" in result.output
    assert "- **School en ouders**: **Infosessie Smartschool voor ouders** (" in result.output
    assert "Bibliotheek Borgerhout, CAW onthaal" in result.output
    blocks = slack.command("/hiaten", "", user="UCAW").get_json()["blocks"]
    row = next(b["text"]["text"] for b in blocks if "🛠 In aanpak: " in str(b))
    shown = row.split("🛠 In aanpak: ")[1]  # the same line as /hiaten, in Markdown
    assert f"- **School en ouders**: {shown.replace('*', '**')}\n" in result.output


def test_the_follow_up_of_a_second_network_in_the_workspace_answers_there(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map
) -> None:
    """DM buttons carry no network's channel: the activity's own network decides, not the workspace's first."""
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD", channel_id="C2")
    ours = plan(slack, fake_slack, db, title="Infosessie Smartschool voor ouders")
    theirs = plan(
        slack, fake_slack, db, user="UD", channel="C2", title="Digicafé in Deurne", category="basisvaardigheden"
    )
    held_in_the_past(db, ours)
    held_in_the_past(db, theirs)
    run_reminders(settings, db, nine_today())
    assert sorted(c.params["channel"] for c in follow_ups(fake_slack)) == ["UBIB", "UD"]

    slack.block_action("activiteit_ja", str(theirs.id), user=COORDINATOR, channel="DUTREKKER")  # not his network
    assert "Alleen wie de activiteit organiseert" in fake_slack.wait_for("response_url")[0].params["text"]
    slack.block_action("activiteit_ja", str(theirs.id), user="UD", channel="DUD", message_ts="1700000000.000888")
    report = fake_slack.wait_for("views.open", 3)[-1].json("view")
    meta = metadata_of(report)
    assert (meta["channel"], meta["activity"]) == ("C2", theirs.id)
    values = {"participants": {"value": {"type": "number_input", "value": "9"}}}
    unsigned = json.dumps({**meta, "activity": ours.id})  # Deurne's organiser answering Borgerhout's activity
    refused = slack.view_submission("activiteit_verslag", values, private_metadata=unsigned, user="UD").get_json()
    assert refused["response_action"] == "update" and "Er is niets bewaard" in text_of(refused["view"])
    forged = signed_metadata("activiteit_verslag", {**meta, "activity": ours.id}, network_id=network_of_view(report))
    refused = slack.view_submission("activiteit_verslag", values, private_metadata=forged, user="UD")
    assert "Alleen wie de activiteit organiseert" in refused.get_json()["errors"]["participants"]
    response = slack.view_submission(
        "activiteit_verslag", values, private_metadata=report["private_metadata"], user="UD"
    )
    assert response.status_code == 200 and not response.data, response.data
    fake_slack.wait_for("chat.update")
    by_title = {a.title: a for a in activities_in(db)}
    assert (by_title["Digicafé in Deurne"].status, by_title["Digicafé in Deurne"].participants) == ("doorgegaan", 9)
    assert by_title["Infosessie Smartschool voor ouders"].status == "gepland"
    record_needs(db, "basisvaardigheden", 2)  # Borgerhout's own gap in Deurne's category
    gaps = hiaten(slack)
    assert "Infosessie Smartschool voor ouders" in gaps and "Digicafé in Deurne" not in gaps


def test_an_announcement_slack_refuses_is_explained_and_the_plan_kept(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    fake_slack.fail("chat.postMessage", "not_in_channel")
    slack.command("/activiteit", "", user="UBIB", channel="C1")
    meta = fake_slack.wait_for("views.open")[0].json("view")["private_metadata"]
    response = slack.view_submission("activiteit_save", plan_values(), private_metadata=meta, user="UBIB")
    assert response.status_code == 200 and not response.data
    told = fake_slack.wait_for("chat.postEphemeral")[0]
    assert (told.params["channel"], told.params["user"]) == ("C1", "UBIB")
    assert "*Infosessie Smartschool voor ouders* is gepland en staat bij `/hiaten`" in told.params["text"]
    assert "nodig ze uit met `/invite @Lerend Netwerk`" in told.params["text"]
    [kept] = activities_in(db)
    assert (kept.status, kept.channel_id, kept.message_ts) == ("gepland", "C1", None)
    assert "Infosessie Smartschool voor ouders" in text_of(slack.command("/activiteit", "lijst").get_json()["blocks"])


def test_long_texts_are_refused_on_the_server_too(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    """Slack's max_length is a hint to the client: the save checks again, field by field."""
    slack.command("/activiteit", "", user="UBIB")
    meta = fake_slack.wait_for("views.open")[0].json("view")["private_metadata"]
    too_long = plan_values(title="x" * 201, description="y" * 1501, place="z" * 301)
    errors = slack.view_submission("activiteit_save", too_long, private_metadata=meta, user="UBIB").get_json()["errors"]
    assert errors == {
        "title": "Maximaal 200 tekens (nu 201).",
        "description": "Maximaal 1500 tekens (nu 1501).",
        "place": "Maximaal 300 tekens (nu 301).",
    }
    settle(slack)
    assert activities_in(db) == [] and fake_slack.calls_to("chat.postMessage") == []


def test_hiaten_puts_each_activity_under_its_own_gap_and_the_rest_in_one_line(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    record_needs(db, "school-en-ouders", 3)
    record_needs(db, "e-overheid-en-itsme", 6)
    plan(slack, fake_slack, db, partners=[str(org_id(db, "CAW onthaal"))])
    plan(slack, fake_slack, db, title="Jongerencafé", category="jongeren", day=in_days(3))  # no gap in jongeren
    long_ago = plan(slack, fake_slack, db, title="Itsme-namiddag", category="e-overheid-en-itsme")
    with db.transaction() as session:  # held, but before the report's 90 days
        session.execute(
            update(Activity).where(Activity.id == long_ago.id).values(starts_on=in_days(-120), status="doorgegaan")
        )
    blocks = slack.command("/hiaten", "", user="UCAW").get_json()["blocks"]
    rows = {b["text"]["text"].split("*")[1]: b["text"]["text"] for b in blocks if b["type"] == "section"}
    school = next(text for title, text in rows.items() if "School en ouders" in title)
    day = in_days(10)
    assert school.endswith(
        f"\n🛠 In aanpak: *Infosessie Smartschool voor ouders* ({day.day} {MONTH_NAMES_NL[day.month - 1][:3]}, "
        "Bibliotheek Borgerhout, CAW onthaal)"
    )
    itsme = next(text for title, text in rows.items() if "E-overheid en itsme" in title)
    assert "In aanpak" not in itsme  # the session of four months ago is not this period's work
    last = [b for b in blocks if b["type"] == "context" and "In aanpak" in str(b)]
    assert len(last) == 1
    assert last[0]["elements"][0]["text"].startswith(
        "🛠 In aanpak (buiten de hiaten hierboven): Jongeren: *Jongerencafé*"
    )
    gaps_before = [text.split("\n🛠")[0] for text in rows.values()]
    for activity in activities_in(db):  # the scores do not move: a one-off session fills no weekly need
        with db.transaction() as session:
            session.execute(update(Activity).where(Activity.id == activity.id).values(status="niet-doorgegaan"))
    after = slack.command("/hiaten", "", user="UCAW").get_json()["blocks"]
    assert [b["text"]["text"] for b in after if b["type"] == "section"] == gaps_before
    assert "In aanpak" not in json.dumps(after, ensure_ascii=False)


def test_forged_and_unknown_ids_change_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    activity = plan(slack, fake_slack, db)
    for value in ("abc", "", "999999", "²", "99999999999999999999"):
        slack.block_action("activiteit_nee", value, user="UBIB", channel="DUBIB")
    replies = fake_slack.wait_for("response_url", 5)
    assert {r.params["text"] for r in replies} == {"Deze activiteit bestaat niet meer."}
    forged = signed_metadata("activiteit_verslag", {"channel": "C1", "activity": 999999, "message": None})
    values = {"participants": {"value": {"type": "number_input", "value": "5"}}}
    refused = slack.view_submission("activiteit_verslag", values, private_metadata=forged, user="UBIB")
    assert refused.get_json()["errors"] == {"participants": "Deze activiteit bestaat niet meer."}
    slack.block_action("activiteit_aanbod", str(activity.id), user="UCAW", channel="DUCAW")  # not the organiser
    assert fake_slack.wait_for("response_url", 6)[-1].params["text"].startswith("Alleen wie de activiteit organiseert")
    settle(slack)
    [unchanged] = activities_in(db)
    assert (unchanged.status, unchanged.participants, unchanged.offering_id) == ("gepland", None, None)
    assert fake_slack.calls_to("views.open")[1:] == []  # only the plan form ever opened


def report_held(slack: SlackDriver, fake: FakeSlack, activity: Activity, user: str, participants: str) -> str:
    """*Ja, het ging door* in the organiser's DM, then the form with the number of participants; returns
    the form's private metadata."""
    opened = len(fake.calls_to("views.open"))
    slack.block_action("activiteit_ja", str(activity.id), user=user, channel=f"D{user}")
    form = fake.wait_for("views.open", opened + 1)[-1].json("view")
    submit_report(slack, form["private_metadata"], user, participants)
    return form["private_metadata"]


def submit_report(slack: SlackDriver, meta: str, user: str, participants: str) -> None:
    values = {"participants": {"value": {"type": "number_input", "value": participants}}}
    response = slack.view_submission("activiteit_verslag", values, private_metadata=meta, user=user)
    assert response.status_code == 200 and not response.data, response.data


def test_a_second_networks_activity_becomes_an_offering_of_that_network_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    """From a DM the workspace's first network is assumed; the activity's own channel decides instead."""
    with db.transaction() as session:
        create_network(session, team_id="T1", name="Lerend netwerk Deurne", coordinator_user_id="UD", channel_id="C2")
    ours = plan(slack, fake_slack, db)
    theirs = plan(
        slack, fake_slack, db, user="UD", channel="C2", title="Digicafé in Deurne", category="basisvaardigheden"
    )
    held_in_the_past(db, theirs)
    report = report_held(slack, fake_slack, theirs, "UD", "11")
    submit_report(slack, report, "UD", "30")  # the same form again (a second tab): the first answer stands
    settle(slack)
    assert [(a.status, a.participants) for a in activities_in(db)] == [("gepland", None), ("doorgegaan", 11)]
    opened = len(fake_slack.calls_to("views.open"))
    slack.block_action("activiteit_aanbod", str(theirs.id), user="UD", channel="DUD")
    form = fake_slack.wait_for("views.open", opened + 1)[-1].json("view")
    assert metadata_of(form) == {"offering": None, "channel": "C2", "activity": theirs.id}
    inputs = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert "initial_option" not in inputs["organisation"]  # the organiser has no organisation yet
    values = values_from_view(form) | {"new_organisation": {"value": plain_value("Buurtwerk Deurne")}}

    def save(meta: str) -> Any:
        return slack.view_submission("aanbod_save", values, private_metadata=meta, user="UD")

    forged = signed_metadata(  # Borgerhout's activity, in a form signed for Deurne
        "aanbod_save", {"offering": None, "channel": "C2", "activity": ours.id}, network_id=network_of_view(form)
    )
    assert save(forged).get_json()["errors"] == {"name": "Deze activiteit bestaat niet meer."}
    assert save(form["private_metadata"]).status_code == 200
    again = save(form["private_metadata"]).get_json()  # the same form a second time
    assert again["errors"] == {"name": "Van deze activiteit is al aanbod gemaakt: zie `/aanbod mijn`."}
    with db.transaction() as session:
        [offering] = session.scalars(select(Offering).where(Offering.name == "Digicafé in Deurne")).all()
        deurne = session.get(Activity, theirs.id)
        assert deurne is not None and deurne.offering_id == offering.id
        assert offering.network_id == deurne.network_id != ours.network_id
        assert session.get(Organisation, offering.organisation_id).name == "Buurtwerk Deurne"  # type: ignore[union-attr]
    assert activities_in(db)[0].offering_id is None
    slack.block_action("activiteit_aanbod", str(theirs.id), user="UD", channel="DUD")
    assert "al aanbod gemaakt" in fake_slack.wait_for("response_url")[-1].params["text"]
