"""Nothing a person typed reaches Slack as a control sequence: no `<!channel>`, `<!everyone>`,
`<@…>`, `<#…>` or `<!subteam^…>` from user input, and no link whose label hides its address.

Hostile names go in through the real commands and forms; everything the app sends (Web API
calls, response_url bodies, HTTP answers) is searched for them."""

from __future__ import annotations

import json
import re
from datetime import datetime, time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.jobs import run as run_reminders
from plugin.views.escape import escape, link, rich
from storage.models import Offering, Organisation
from tests.conftest import COORDINATOR, SIGNING_SECRET, CheckedDriver
from tests.fake_slack import FakeSlack
from tests.meeting_helpers import eventually, in_days, item_values, plan_meeting, posted_items, reaction, user_value
from tests.slack_driver import SlackDriver, multi_select_values, plain_value, select_value
from tests.test_aanbod import form as offering_form
from tests.test_activiteit import plan_values, values_from_view
from tests.test_kennis import knowledge_values
from tests.test_partners import partner_values

H1 = "<!channel> <@U123> <#CEVIL> &lt;!here&gt;"
H2 = "<!everyone> <https://evil.example|https://gent.be> <!subteam^S1>"
HOSTILE = f"{H1} {H2}"
# /actie reads its text as Slack escapes it (`&lt;` is a typed `<`): the same pieces without that one.
ACTIE_HOSTILE = HOSTILE.replace(" &lt;!here&gt;", "")

# What must never be in anything the app sends: each is a piece of the hostile input acting.
FORBIDDEN = re.compile(
    r"<!(channel|everyone|here|subteam)|<@U123|<#CEVIL|<https://evil\.example[^>]*\||\|https://gent\.be>|&lt;!here&gt;"
)
# Not shown as mrkdwn or text: what the app keeps for itself or puts in a field as typed.
NOT_SHOWN_KEYS = {"private_metadata", "value", "initial_value", "action_id", "block_id", "callback_id", "url"}


def leaks(node: Any, where: str = "") -> list[str]:
    """Every string Slack would read as mrkdwn or message text that holds a forbidden sequence."""
    found: list[str] = []
    if isinstance(node, str):
        parsed = _json(node)
        if parsed is not None:
            return leaks(parsed, where)
        if FORBIDDEN.search(node):
            found.append(f"{where}: {node[:300]}")
    elif isinstance(node, dict):
        if node.get("type") == "plain_text":  # Slack shows plain text as it is: no mention, no link
            return []
        for key, value in node.items():
            if key not in NOT_SHOWN_KEYS:
                found += leaks(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += leaks(value, f"{where}[{index}]")
    return found


def _json(text: str) -> Any:
    if text[:1] not in "{[":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class RecordingDriver(CheckedDriver):
    """Keeps every HTTP answer of the app, to search them too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers: list[Any] = []

    def post(self, body, content_type, extra_headers=None):  # type: ignore[no-untyped-def]
        response = super().post(body, content_type, extra_headers)
        assert response.status_code < 500, response.data
        self.answers.append(response.get_json() if response.is_json else response.get_data(as_text=True))
        return response


@pytest.fixture
def driver(app: Flask, fake_slack: FakeSlack) -> RecordingDriver:
    return RecordingDriver(app.test_client(), SIGNING_SECRET, fake_slack.response_url())


def opened_view(fake: FakeSlack, count: int) -> dict[str, Any]:
    return fake.wait_for("views.open", count)[-1].json("view")


def test_the_rule_escapes_typed_text_and_makes_tokens_readable() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert rich("bel <@U1|jan> in <#C1|algemeen> <!here>") == "bel @jan in #algemeen &lt;!here&gt;"
    assert rich("<@U1> & <#C2>") == "@iemand &amp; #kanaal"
    assert rich("a <dringend> b <x|y>") == "a &lt;dringend&gt; b &lt;x|y&gt;"
    assert rich("<https://evil.example/login|https://gent.be/itsme>") == (
        "https://gent.be/itsme: <https://evil.example/login>"
    )
    assert rich("<https://gent.be>") == "<https://gent.be>" and rich("zie <mailto:a@b.be|a@b.be>") == (
        "zie <mailto:a@b.be>"
    )
    assert link("https://gent.be/a?b=1&c=2") == "<https://gent.be/a?b=1&amp;c=2>"
    assert link("https://x.be>|<!channel") == "https://x.be&gt;|&lt;!channel"
    assert link("javascript:alert(1)", "site") == "site: javascript:alert(1)"
    assert not leaks({"text": escape(HOSTILE)}) and not leaks({"text": rich(HOSTILE)})
    assert leaks({"text": HOSTILE}) and leaks({"blocks": json.dumps([{"type": "mrkdwn", "text": H2}])})


def test_hostile_names_never_reach_slack_as_mentions_or_hidden_links(
    driver: RecordingDriver, fake_slack: FakeSlack, db, social_map, settings: Settings
) -> None:
    slack: SlackDriver = driver
    # Organisations: /netwerk organisatie (a new organisation: its first member) and the /aanbod form.
    slack.command("/netwerk", f"organisatie {H1} Org", user="UNEW1")
    slack.command("/aanbod", "", user="UNEW2")
    meta = opened_view(fake_slack, 1)["private_metadata"]
    saved = slack.view_submission(
        "aanbod_save",
        offering_form(
            new_organisation=plain_value(f"{H2} Org"),
            name=plain_value(f"Laptop {HOSTILE}"),
            description=plain_value(f"Laptop lenen {HOSTILE}"),
            address=plain_value(f"Straat 1 {H1}"),
            fees=plain_value(f"gratis {H2}"),
        ),
        private_metadata=meta,
        user="UNEW2",
    )
    assert saved.status_code == 200 and not saved.get_json(silent=True), saved.data
    fake_slack.wait_for("chat.postMessage")  # the announcement
    # Someone else asks to speak for the hostile organisation: its member gets the question, answers it.
    slack.command("/aanbod", "", user="UNEW4")
    ask_meta = fake_slack.calls_to("views.open")[-1].json("view")["private_metadata"]
    hostile_org = eventually(lambda: _organisation_named(db, "<!everyone>"))
    asked = slack.view_submission(
        "aanbod_save", offering_form(organisation=select_value(str(hostile_org)), new_organisation=plain_value("")),
        private_metadata=ask_meta, user="UNEW4",
    ).get_json()  # fmt: skip
    assert "heeft al leden" in asked["errors"]["organisation"]
    question = eventually(lambda: _dms(fake_slack, "UNEW2"))
    request_id = question[0].json("blocks")[1]["elements"][0]["value"]
    slack.block_action("organisatie_toestaan", request_id, user="UNEW2", channel="DUNEW2")
    eventually(lambda: _dms(fake_slack, "UNEW4"))
    slack.command("/aanbod", "lijst", user="UCAW")
    slack.command("/aanbod", "mijn", user="UNEW2")
    slack.command("/verwijs", "laptop lenen", user="UCAW")
    slack.command("/verwijs", HOSTILE, user="UCAW")
    slack.command("/nood", f"ouders vinden Smartschool niet {HOSTILE}", user="UCAW")
    slack.command("/hiaten", "", user="UCAW")

    # Knowledge: the form, the list, a search.
    slack.command("/kennis", "", user="UBIB")
    meta = opened_view(fake_slack, 2)["private_metadata"]
    shared = slack.view_submission(
        "kennis_save",
        knowledge_values(f"Tip {HOSTILE}", f"Uitleg {HOSTILE}", ["e-overheid-en-itsme"], url="https://evil.example/x"),
        private_metadata=meta,
        user="UBIB",
    )
    assert shared.status_code == 200 and not shared.data, shared.data
    fake_slack.wait_for("chat.postMessage", 2)
    slack.command("/kennis", "lijst", user="UCAW")
    slack.command("/kennis", f"tip {H1}", user="UCAW")

    # A meeting: title, place and points, a point and items added, an item closed, the minutes.
    meeting, _ = plan_meeting(
        slack, fake_slack, db, title=f"Overleg {H1}", place=f"Zaal {H2}", points=f"Punt {HOSTILE}\nTweede {H1}"
    )
    slack.block_action("agenda_punt_open", str(meeting.id), user="UBIB")
    point_view = fake_slack.wait_for("views.open", 4)[-1].json("view")
    slack.view_submission(
        "agenda_punt",
        {"point": {"value": plain_value(f"Extra {HOSTILE}")}},
        private_metadata=point_view["private_metadata"],
        user="UBIB",
    )
    slack.command("/actie", f"flyer {ACTIE_HOSTILE} <@UBIB|bib> vrijdag", user=COORDINATOR)
    slack.block_action("actiepunt_open", str(meeting.id), user="UCAW")
    item_view = fake_slack.wait_for("views.open", 5)[-1].json("view")
    slack.view_submission(
        "actiepunt_nieuw", item_values(f"Zaal {HOSTILE}", "UCAW"), private_metadata=item_view["private_metadata"],
        user="UCAW",
    )  # fmt: skip
    # A message in the meeting's thread becomes an action item and a tip through the shortcuts.
    posted = {"type": "message", "user": "UCAW", "ts": "1700000077.000100", "thread_ts": meeting.message_ts,
              "text": f"Wie doet dit? {ACTIE_HOSTILE}"}  # fmt: skip
    slack.message_shortcut("maak_actiepunt", posted, channel="C1", user="UCAW")
    from_message = fake_slack.calls_to("views.open")[-1].json("view")
    slack.view_submission("actiepunt_nieuw", values_from_view(from_message) | {"owner": {"value": user_value("UCAW")}},
                          private_metadata=from_message["private_metadata"], user="UCAW")  # fmt: skip
    slack.message_shortcut("bewaar_kennis", posted, channel="C1", user="UCAW")
    tip = fake_slack.calls_to("views.open")[-1].json("view")
    tip_values = values_from_view(tip) | {"categories": {"value": multi_select_values(["basisvaardigheden"])}}
    kept = slack.view_submission("kennis_save", tip_values, private_metadata=tip["private_metadata"], user="UCAW")
    assert kept.status_code == 200 and not kept.data, kept.data
    items = posted_items(db, 3)
    slack.event(reaction("reaction_added", "UBIB", items[0].message_ts or ""))
    slack.block_action("agenda_ik_kom", str(meeting.id), user="UCAW")
    slack.command("/verslag", "", user=COORDINATOR)
    eventually(lambda: [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == "UBIB"])

    # A joint activity, the outreach list, an invitation, the network overview and the Home tab.
    slack.command("/activiteit", "", user="UBIB")
    meta = fake_slack.calls_to("views.open")[-1].json("view")["private_metadata"]
    planned = slack.view_submission(
        "activiteit_save",
        plan_values(title=f"Infosessie {H1}", description=f"Samen {HOSTILE}", place=f"School {H2}"),
        private_metadata=meta,
        user="UBIB",
    )
    assert planned.status_code == 200 and not planned.data, planned.data
    slack.command("/activiteit", "lijst", user="UCAW")
    slack.block_action("partner_add", json.dumps({"p": 0}), user=COORDINATOR)
    meta = fake_slack.calls_to("views.open")[-1].json("view")["private_metadata"]
    slack.view_submission(
        "partner_save",
        partner_values(name=f"Buurtwerk {H2}", contact_name=f"Sara {H1}", note=f"Nota {HOSTILE}"),
        private_metadata=meta,
        user=COORDINATOR,
    )
    slack.command("/netwerk", "partners", user=COORDINATOR)
    slack.command("/netwerk", f"uitnodiging Buurtwerk {H2}", user=COORDINATOR)
    slack.command("/netwerk", "", user="UCAW")
    for user in ("UNEW2", "UBIB", COORDINATOR):
        slack.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    eventually(lambda: len(fake_slack.calls_to("views.publish")) >= 3)
    slack.block_action("nood_open", "", user="UCAW", view={"id": "VHOME", "type": "home"})
    slack.block_action("verwijs_category", "toestel-en-internet", user="UCAW")
    # A referral to the hostile offering (its organisation's member gets a DM), reminders, a new network.
    offering_id = eventually(lambda: _offering_named(db, "Laptop <!channel>"))
    slack.block_action("verwijs_refer", str(offering_id), user="UCAW")
    refer = fake_slack.calls_to("views.open")[-1].json("view")
    referred = slack.view_submission(
        "verwijs_door",
        {"category": {"value": select_value("toestel-en-internet")}, "note": {"value": plain_value(f"nota {H1}")}},
        private_metadata=refer["private_metadata"],
        user="UCAW",
    )
    assert referred.status_code == 200 and not referred.data, referred.data
    eventually(lambda: [c for c in fake_slack.calls_to("chat.postMessage") if "verwijst" in c.params.get("text", "")])
    assert run_reminders(settings, db, datetime.combine(in_days(8), time(9), tzinfo=BRUSSELS)).sent >= 1
    slack.command("/netwerk", f"nieuw Wijk {H1}", user="UNEW3", channel="CNEW")

    found: list[str] = []
    for call in fake_slack.calls:
        found += leaks(call.params, call.method)
    for index, answer in enumerate(driver.answers):
        found += leaks(answer, f"answer {index}")
    assert not found, "\n".join(found)
    # The test reached the places it meant to: each hostile piece was shown, escaped.
    sent = json.dumps([c.params for c in fake_slack.calls] + driver.answers, ensure_ascii=False)
    for shown in ("&lt;!channel&gt;", "&lt;!everyone&gt;", "&amp;lt;!here&amp;gt;", "@iemand", "<https://evil.example"):
        assert shown in sent or json.dumps(shown)[1:-1] in sent, shown


def _dms(fake: FakeSlack, user: str) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == user]


def _organisation_named(db, prefix: str) -> int | None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(Organisation.id).where(Organisation.name.startswith(prefix)))


def _offering_named(db, prefix: str) -> int | None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return session.scalar(select(Offering.id).where(Offering.name.startswith(prefix)))


def test_a_link_typed_in_actie_shows_its_address(
    driver: RecordingDriver, fake_slack: FakeSlack, db, social_map
) -> None:
    plan_meeting(driver, fake_slack, db)
    driver.command("/actie", "Lees <https://evil.example/login|https://gent.be/itsme>", user=COORDINATOR)
    posted = eventually(lambda: [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts")])
    text = json.dumps(posted[0].params, ensure_ascii=False)
    assert "https://gent.be/itsme: <https://evil.example/login>" in text
    assert not leaks(posted[0].params) and not leaks(driver.answers)
