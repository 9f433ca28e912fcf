"""Where the practical details are read: `/verwijs` cards, Home, the public offer page and the slip.
Known facts are said plainly; unknown says nothing or "vraag na"; a closed offer says until when."""

from __future__ import annotations

import json
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from domain.capacity import Capacity
from domain.closures import closed_period
from domain.dates_nl import BRUSSELS, MONTH_NAMES_NL
from domain.offering_practical import closure_columns, practical_columns
from domain.practical import Document, Practical, SignUp, SignUpMethod, WhatToBring
from storage import catalog
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Offering
from tests.fake_slack import FakeSlack
from tests.kaart_helpers import page_text, turn_on
from tests.slack_driver import SlackDriver

PRACTICAL = Practical(
    WhatToBring(True, (Document.EID, Document.EID_PIN)),
    SignUp(SignUpMethod.CALL, "03 222 33 44"),
    capacity=Capacity(0, 8, date.today()),
)


def _today() -> date:
    return utcnow().astimezone(BRUSSELS).date()


def _close_laptop_until_next_week(db: Database, laptop_id: int) -> date:
    """The laptop loan: practical facts known, and closed from yesterday for a week (its hours say open)."""
    last = _today() + timedelta(days=7)
    with db.transaction() as session:
        laptop = session.get_one(Offering, laptop_id)
        laptop.openings = [[d, "00:00", "23:59"] for d in range(7)]  # the weekly hours alone would say "nu open"
        closure = closed_period(_today() - timedelta(days=1), last, "inventaris")
        for key, value in {**practical_columns(PRACTICAL), **closure_columns([closure], None, False)}.items():
            setattr(laptop, key, value)
        catalog.bump_catalog_version(session, laptop.network_id)
    return last


def _closed_text(last: date) -> str:
    return f"Gesloten tot en met {last.day} {MONTH_NAMES_NL[last.month - 1]} (inventaris)"


def test_verwijs_card_says_closed_and_what_to_bring(slack: SlackDriver, db: Database, social_map) -> None:
    last = _close_laptop_until_next_week(db, social_map["laptop"])
    body = json.dumps(slack.command("/verwijs", "laptop lenen").get_json(), ensure_ascii=False)
    assert _closed_text(last) in body
    card = body[body.index("Laptop ontlenen") :]
    assert "nu open" not in card.split("Digicafé")[0]
    assert "Meebrengen: identiteitskaart (eID) en pincode van de eID" in body
    assert "Aanmelden: bel 03 222 33 44" in body
    assert "Volzet: 0 van 8 plaatsen vrij" in body


def test_home_shows_the_closure_and_the_places(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, social_map
) -> None:
    last = _close_laptop_until_next_week(db, social_map["laptop"])
    slack.event({"type": "app_home_opened", "user": "UBIB", "channel": "DUBIB", "tab": "home"})
    view = fake_slack.wait_for("views.publish")[-1].json("view")
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert _closed_text(last) in text and "Volzet: 0 van 8 plaatsen vrij" in text


def test_offer_page_and_slip_say_what_is_known_and_vraag_na_otherwise(app: Flask, db: Database, social_map) -> None:
    last = _close_laptop_until_next_week(db, social_map["laptop"])
    with db.transaction() as session:
        slug = turn_on(db, session.scalars(select(Network.id)).one())
    web = app.test_client()
    page = page_text(web.get(f"/kaart/{slug}/aanbod/{social_map['laptop']}").get_data(as_text=True))
    assert _closed_text(last) in page and "Meebrengen: identiteitskaart (eID)" in page
    assert "Aanmelden: bel 03 222 33 44" in page
    silent = page_text(web.get(f"/kaart/{slug}/aanbod/{social_map['digicafe']}").get_data(as_text=True))
    assert "Praktisch vraag na" in silent
    for claim in ("Rolstoeltoegankelijk", "Meebrengen", "plaatsen vrij", "Aanmelden"):
        assert claim not in silent
    slip = page_text(web.get(f"/kaart/{slug}/briefje?o={social_map['laptop']}").get_data(as_text=True))
    assert "Aanmelden: bel 03 222 33 44" in slip and _closed_text(last) in slip
