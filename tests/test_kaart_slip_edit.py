"""The referral slip (web and from `/verwijs`) and the edit links for organisations without Slack."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from plugin.config import Settings
from plugin.delivery import deliver_due
from plugin.slack_clients import web_client
from storage import public_map
from storage.base import utcnow
from storage.db import Database
from storage.models import Offering, Organisation
from storage.outbox_models import OutboxMessage
from storage.web_models import EditLink
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.kaart_helpers import page_text, turn_on
from tests.meeting_helpers import eventually
from tests.slack_driver import SlackDriver
from tests.test_kaart_pages import network_id


def test_slip_holds_one_to_three_offers_with_next_opening_and_a_qr_code_and_no_slack_ids(
    app: Flask, db: Database, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    ids = [social_map["laptop"], social_map["itsme"]]
    markup = web.get(f"/kaart/{slug}/briefje?o={ids[0]}&o={ids[1]}").get_data(as_text=True)
    text = page_text(markup)
    assert "Laptop ontlenen" in text and "Hulp bij itsme en e-loket" in text and "Digicafé" not in text
    assert "Op afspraak" in text and "Teststraat 1" in text
    assert re.search(r"Wanneer: (vandaag|morgen|nu|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)", text)
    assert markup.count('src="data:image/svg+xml') == 2  # the QR codes travel inside the page
    assert "UBIB" not in markup and "UCAW" not in markup and COORDINATOR not in markup
    css = web.get("/kaart/static/kaart.css")
    assert "@media print" in css.get_data(as_text=True) and "@page { size: A4" in css.get_data(as_text=True)
    css.close()

    four = "&".join(f"o={i}" for i in social_map.values())
    assert web.get(f"/kaart/{slug}/briefje?{four}").status_code == 400
    assert "één tot drie" in page_text(web.get(f"/kaart/{slug}/briefje").get_data(as_text=True))
    with db.transaction() as session:
        session.get_one(Offering, social_map["laptop"]).status = "ended"
        from storage.catalog import bump_catalog_version

        bump_catalog_version(session, network_id(db))
    assert web.get(f"/kaart/{slug}/briefje?o={ids[0]}").status_code == 404


def test_qr_code_decodes_to_the_live_offer_page(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    import segno

    slug = turn_on(db, network_id(db))
    markup = app.test_client().get(f"/kaart/{slug}/briefje?o={social_map['laptop']}").get_data(as_text=True)
    url = f"http://localhost:3000/kaart/{slug}/aanbod/{social_map['laptop']}"
    expected = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    assert expected.replace("&", "&amp;") in markup or expected in markup


def test_verwijs_links_the_slip_only_when_the_page_is_on(
    slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    off = json.dumps(slack.command("/verwijs", "laptop lenen", user="UBIB").get_json(), ensure_ascii=False)
    assert "Briefje voor de cliënt" not in off
    slug = turn_on(db, network_id(db))
    body: dict[str, Any] = slack.command("/verwijs", "laptop lenen", user="UBIB").get_json()
    sent = json.dumps(body, ensure_ascii=False)
    links = re.findall(r"<(http://localhost:3000/kaart/[^|>]+)\|Briefje voor de cliënt>", sent)
    assert len(links) == 1 and links[0].startswith(f"http://localhost:3000/kaart/{slug}/briefje?o=")
    assert f"o={social_map['laptop']}" in links[0]


# -- edit links ------------------------------------------------------------------------------------------
def _make_link(slack: SlackDriver, fake_slack: FakeSlack, db: Database, org_name: str, n: int = 1) -> str:
    with db.transaction() as session:
        org = session.scalars(select(Organisation.id).where(Organisation.name == org_name)).one()
    slack.block_action("partner_weblink", json.dumps({"o": org, "p": 0}), user=COORDINATOR)
    reply = fake_slack.wait_for("response_url", n)[-1]
    found = re.search(r"http://localhost:3000/bewerk/([\w-]+)", reply.params["text"] + json.dumps(reply.params))
    assert found, reply.params
    return found.group(1)


def _token_of(markup: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', markup).group(1)  # type: ignore[union-attr]


def _form(**changes: Any) -> dict[str, Any]:
    base = {
        "name": "Computerles voor ouders", "description": "Leer Smartschool gebruiken.",
        "categories": ["school-en-ouders"], "languages": ["nl", "tr"], "hours": "do 18-20", "location_kind": "address",
        "address": "Schoolstraat 3", "area": "wijk", "fees": "Gratis.", "access": "walk_in",
        "contact": "info@school.example.be",
    }  # fmt: skip
    return {**base, **changes}


def test_only_the_coordinator_makes_edit_links(slack: SlackDriver, fake_slack: FakeSlack, social_map: Any) -> None:
    slack.block_action("partner_weblink", json.dumps({"o": 1, "p": 0}), user="UBIB")
    assert "Alleen de trekker" in fake_slack.wait_for("response_url")[-1].params["text"]


def test_an_edit_link_opens_one_organisation_and_saving_behaves_like_aanbod(
    app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    token = _make_link(slack, fake_slack, db, "CAW onthaal")
    web = app.test_client()
    overview = page_text(web.get(f"/bewerk/{token}").get_data(as_text=True))
    assert "Aanbod van CAW onthaal" in overview and "Hulp bij itsme en e-loket" in overview
    assert "Laptop ontlenen" not in overview
    assert web.get(f"/bewerk/{token}/aanbod/{social_map['laptop']}").status_code == 404  # another organisation's

    # a mistake is shown on its field and nothing is saved
    new_form = web.get(f"/bewerk/{token}/nieuw").get_data(as_text=True)
    bad = web.post(f"/bewerk/{token}/nieuw", data={**_form(hours="maandag 25-27", name=""),
                                                  "form_token": _token_of(new_form)})  # fmt: skip
    assert bad.status_code == 400
    bad_text = page_text(bad.get_data(as_text=True))
    assert "Geef het aanbod een naam." in bad_text and "een uur loopt van 0 tot 24" in bad_text
    assert "Leer Smartschool gebruiken." in bad_text  # what was typed stays

    saved = web.post(f"/bewerk/{token}/nieuw", data={**_form(), "form_token": _token_of(new_form)})
    assert saved.status_code == 303
    twice = web.post(f"/bewerk/{token}/nieuw", data={**_form(), "form_token": _token_of(new_form)})
    assert twice.status_code == 303  # a double submit saves once
    with db.transaction() as session:
        rows = session.scalars(select(Offering).where(Offering.name == "Computerles voor ouders")).all()
        assert len(rows) == 1
        new = rows[0]
        assert new.organisation.name == "CAW onthaal" and new.area == "Borgerhout"
        assert new.openings == [[3, "18:00", "20:00"]] and new.contact_email == "info@school.example.be"
    announcement = fake_slack.wait_for("chat.postMessage")[-1]
    assert announcement.params["channel"] == "C1" and "Computerles voor ouders" in announcement.params["text"]
    assert "Bewaard" in page_text(web.get(saved.headers["Location"]).get_data(as_text=True))

    # editing an existing offering sets its freshness date, and the public page shows the change
    with db.transaction() as session:
        itsme = session.get_one(Offering, social_map["itsme"])
        itsme.last_confirmed_at = utcnow() - timedelta(days=300)
    edit_form = web.get(f"/bewerk/{token}/aanbod/{social_map['itsme']}").get_data(as_text=True)
    assert 'value="Hulp bij itsme en e-loket"' in edit_form
    changed = web.post(
        f"/bewerk/{token}/aanbod/{social_map['itsme']}",
        data={**_form(name="Hulp bij itsme", categories=["e-overheid-en-itsme"], hours="ma 9-12"),
              "form_token": _token_of(edit_form)},
    )  # fmt: skip
    assert changed.status_code == 303
    with db.transaction() as session:
        itsme = session.get_one(Offering, social_map["itsme"])
        assert itsme.name == "Hulp bij itsme" and utcnow() - itsme.last_confirmed_at < timedelta(minutes=1)
    slug = turn_on(db, network_id(db))
    assert "Hulp bij itsme" in page_text(web.get(f"/kaart/{slug}?q=itsme").get_data(as_text=True))

    # *Nog actueel* confirms an offering as it is
    with db.transaction() as session:
        session.get_one(Offering, social_map["itsme"]).last_confirmed_at = utcnow() - timedelta(days=300)
    overview_page = web.get(f"/bewerk/{token}").get_data(as_text=True)
    action = f"/bewerk/{token}/aanbod/{social_map['itsme']}/actueel"
    confirm_token = re.search(
        rf'action="{re.escape(action)}">\s*<input type="hidden" name="form_token" value="([^"]+)"', overview_page
    ).group(1)  # type: ignore[union-attr]
    assert web.post(action, data={"form_token": "vals"}).status_code == 303
    with db.transaction() as session:
        assert utcnow() - session.get_one(Offering, social_map["itsme"]).last_confirmed_at > timedelta(days=299)
    confirmed = web.post(action, data={"form_token": confirm_token})
    assert "Bevestigd als nog actueel" in page_text(web.get(confirmed.headers["Location"]).get_data(as_text=True))
    with db.transaction() as session:
        assert utcnow() - session.get_one(Offering, social_map["itsme"]).last_confirmed_at < timedelta(minutes=1)
    assert web.post(f"/bewerk/{token}/aanbod/{social_map['laptop']}/actueel", data={}).status_code == 404


def test_expired_revoked_and_unknown_edit_links_open_nothing(
    app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    web = app.test_client()
    expired = _make_link(slack, fake_slack, db, "Bibliotheek Borgerhout", 1)
    with db.transaction() as session:
        for link in session.scalars(select(EditLink)):
            link.expires_at = utcnow() - timedelta(minutes=1)
    response = web.get(f"/bewerk/{expired}")
    assert response.status_code == 403 and "verlopen" in page_text(response.get_data(as_text=True))

    valid = _make_link(slack, fake_slack, db, "Bibliotheek Borgerhout", 2)
    form = web.get(f"/bewerk/{valid}/aanbod/{social_map['laptop']}").get_data(as_text=True)
    with db.transaction() as session:
        org = session.get_one(Offering, social_map["laptop"]).organisation_id
    slack.block_action("partner_weblink_revoke", json.dumps({"o": org}), user=COORDINATOR)
    assert "ingetrokken" in fake_slack.wait_for("response_url", 3)[-1].params["text"]
    response = web.get(f"/bewerk/{valid}")
    assert response.status_code == 403 and "ingetrokken" in page_text(response.get_data(as_text=True))
    late = web.post(f"/bewerk/{valid}/aanbod/{social_map['laptop']}", data={**_form(), "form_token": _token_of(form)})
    assert late.status_code == 403
    with db.transaction() as session:
        assert session.get_one(Offering, social_map["laptop"]).name == "Laptop ontlenen"
    assert web.get("/bewerk/verzonnen-token").status_code == 403
    with db.transaction() as session:
        assert public_map.edit_access(session, valid) == "Deze link is ingetrokken door de trekker van het netwerk."


def test_a_rate_limited_edit_keeps_what_was_typed(
    app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    from plugin.web.guard import RateLimiter

    app.extensions["lerend_netwerk.web_edit_limiter"] = RateLimiter(1, 60)
    token = _make_link(slack, fake_slack, db, "CAW onthaal")
    web = app.test_client()
    form = _token_of(web.get(f"/bewerk/{token}/nieuw").get_data(as_text=True))
    first = web.post(f"/bewerk/{token}/nieuw", data={**_form(name=""), "form_token": form})
    assert first.status_code == 400
    second = web.post(f"/bewerk/{token}/nieuw", data={**_form(), "form_token": form})
    assert second.status_code == 429
    text = page_text(second.get_data(as_text=True))
    assert "Veel pogingen na elkaar" in text and "Leer Smartschool gebruiken." in text
    assert 'value="Computerles voor ouders"' in second.get_data(as_text=True)


def test_an_offering_saved_on_the_web_is_announced_through_the_outbox_even_when_slack_fails(
    app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, settings: Settings, social_map: dict[str, int]
) -> None:
    """Like `/aanbod`'s: the announcement is stored with the offering; Slack's 500 now leaves it in the
    outbox, and the next `reminders`/`deliver` run posts it once."""
    token = _make_link(slack, fake_slack, db, "CAW onthaal")
    web = app.test_client()
    new_form = web.get(f"/bewerk/{token}/nieuw").get_data(as_text=True)
    fake_slack.fail("chat.postMessage", "internal_error", status=500, times=10)
    assert web.post(f"/bewerk/{token}/nieuw", data={**_form(), "form_token": _token_of(new_form)}).status_code == 303
    with db.transaction() as session:
        offering = session.scalars(select(Offering).where(Offering.name == "Computerles voor ouders")).one()
        key = f"offering:{offering.id}"
    row = eventually(lambda: (r := _outbox_row(db, key)) and r.attempts >= 1 and r.claimed_until is None and r)
    assert row.state == "pending" and row.channel_id == "C1"
    fake_slack.reset_failures()
    later = utcnow() + timedelta(days=1)
    for _ in range(2):  # a second run changes nothing
        deliver_due(db.transaction, lambda _team: web_client(settings, settings.bot_token), later)
    shown = [m for m in fake_slack.messages("C1") if "Computerles voor ouders" in (m.text or "")]
    assert len(shown) == 1
    assert _outbox_row(db, key).state == "sent"  # type: ignore[union-attr]


def _outbox_row(db: Database, key: str) -> OutboxMessage | None:
    with db.transaction() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def test_the_web_form_leaves_how_to_get_in_unknown_unless_chosen(
    app: Flask, slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map: dict[str, int]
) -> None:
    token = _make_link(slack, fake_slack, db, "CAW onthaal")
    web = app.test_client()
    new_form = web.get(f"/bewerk/{token}/nieuw").get_data(as_text=True)
    chosen = re.search(r'<select id="access"[^>]*>.*?</select>', new_form, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r'<option value="([^"]*)" selected>', chosen) == [""]  # not "Vrij binnenlopen"
    saved = web.post(f"/bewerk/{token}/nieuw", data={**_form(access=""), "form_token": _token_of(new_form)})
    assert saved.status_code == 303
    with db.transaction() as session:
        assert session.scalars(select(Offering).where(Offering.name == "Computerles voor ouders")).one().access is None
    # an offer whose access is not known keeps it unknown when edited on the web (it was silently walk-in)
    with db.transaction() as session:
        itsme = session.get_one(Offering, social_map["itsme"])
        itsme.access, itsme.by_appointment = None, False
    edit = web.get(f"/bewerk/{token}/aanbod/{social_map['itsme']}").get_data(as_text=True)
    chosen = re.search(r'<select id="access"[^>]*>.*?</select>', edit, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r'<option value="([^"]*)" selected>', chosen) == [""]
