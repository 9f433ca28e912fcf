"""The public social map: `/netwerk publiek`, the search page, the offer page and *Meld een fout*."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from plugin.config import Settings
from storage import catalog
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Offering
from storage.search_index import SearchIndexCache, find_referrals, search_scope
from storage.web_models import ErrorReport
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.kaart_helpers import page_text, result_titles, turn_on
from tests.slack_driver import SlackDriver


def netwerk(slack: SlackDriver, text: str, user: str = COORDINATOR) -> str:
    body: dict[str, Any] = slack.command("/netwerk", text, user=user, channel="C1").get_json()
    return body["text"]


def network_id(db: Database, name: str = "Lerend netwerk Borgerhout") -> int:
    with db.transaction() as session:
        return session.scalars(select(Network.id).where(Network.name == name)).one()


def test_publiek_is_off_by_default_and_only_the_coordinator_turns_it_on_off_and_renews(
    app: Flask, slack: SlackDriver, social_map: dict[str, int]
) -> None:
    web = app.test_client()
    partner_sees = netwerk(slack, "publiek", user="UBIB")
    assert "staat uit" in partner_sees and "Aan- of uitzetten doet de trekker (<@UTREKKER>)" in partner_sees
    assert "/netwerk publiek aan" not in partner_sees  # no commands a partner may not use
    assert "/netwerk publiek aan" in netwerk(slack, "publiek")  # the coordinator's own
    assert "Alleen de trekker" in netwerk(slack, "publiek aan", user="UBIB")
    said = netwerk(slack, "publiek aan")
    url = re.search(r"http://localhost:3000/kaart/([\w-]+)", said)
    assert url, said
    slug = url.group(1)
    assert len(slug) >= 20
    assert web.get(f"/kaart/{slug}").status_code == 200
    assert slug in netwerk(slack, "publiek", user="UBIB")  # anyone may see the address of a page that is on

    assert "staat uit" in netwerk(slack, "publiek uit")
    off = web.get(f"/kaart/{slug}")
    assert off.status_code == 404 and "niet gevonden" in page_text(off.get_data(as_text=True))
    assert slug in netwerk(slack, "publiek aan")  # the same address again

    renewed = netwerk(slack, "publiek nieuw-adres")
    new_slug = re.search(r"/kaart/([\w-]+)", renewed).group(1)  # type: ignore[union-attr]
    assert new_slug != slug
    assert web.get(f"/kaart/{slug}").status_code == 404
    assert web.get(f"/kaart/{new_slug}").status_code == 200
    assert "ken ik niet" in netwerk(slack, "publiek misschien")


def test_public_base_url_comes_from_config(app: Flask, slack: SlackDriver, social_map: dict[str, int]) -> None:
    from plugin.config import load_settings

    settings = load_settings({"PUBLIC_BASE_URL": "https://kaart.example.be/", "PORT": "8080"})
    assert settings.public_url == "https://kaart.example.be"
    assert load_settings({"PORT": "8080"}).public_url == "http://localhost:8080"


def test_search_page_uses_the_verwijs_engine_and_shows_only_active_offerings(
    app: Flask, db: Database, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    page = web.get(f"/kaart/{slug}?q=hulp+bij+itsme").get_data(as_text=True)
    with db.transaction() as session:
        net = session.get_one(Network, network_id(db))
        scope = search_scope(session, net.id)
        answer = find_referrals(session, SearchIndexCache(), scope, net.neighbourhood, "hulp bij itsme", utcnow(), 100)
        expected = [h.doc.name for h in answer.outcome.hits]
    assert result_titles(page) == expected and expected

    gap = page_text(web.get(f"/kaart/{slug}?q=raketbouw+op+mars").get_data(as_text=True))
    assert "Ik vond in het netwerk geen aanbod dat past bij “raketbouw op mars”" in gap

    with db.transaction() as session:
        catalog.set_status(session, session.get_one(Offering, social_map["laptop"]), "paused")
    listing = web.get(f"/kaart/{slug}").get_data(as_text=True)
    assert "Laptop ontlenen" not in listing and "Digicafé op woensdagnamiddag" in listing
    assert web.get(f"/kaart/{slug}/aanbod/{social_map['laptop']}").status_code == 404
    assert "Laptop ontlenen" not in web.get(f"/kaart/{slug}?q=laptop+lenen").get_data(as_text=True)
    assert not re.search(r"\bU[A-Z0-9]{6,}\b", page_text(listing))  # no Slack member ids


def test_every_filter_control_is_applied_and_named(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        for key, fees in (("laptop", "Gratis."), ("digicafe", "2 euro per keer"), ("itsme", None)):
            session.get_one(Offering, social_map[key]).fees = fees
    web = app.test_client()

    def titles(query: str) -> tuple[list[str], str]:
        markup = web.get(f"/kaart/{slug}?{query}").get_data(as_text=True)
        return result_titles(markup), page_text(markup)

    all_titles, _ = titles("")
    assert len(all_titles) == 4
    found, text = titles("categorie=e-overheid-en-itsme")
    assert set(found) == {"Hulp bij itsme en e-loket", "Itsme-spreekuur in het stadhuis"}
    assert "Gefilterd: in de categorie E-overheid en itsme" in text
    found, text = titles("dag=2&dagdeel=namiddag")  # woensdag 13:30-16:30 and 10-18
    assert set(found) == {"Digicafé op woensdagnamiddag", "Laptop ontlenen"}
    assert "op woensdag · tussen 12:00 en 18:00" in text
    found, _ = titles("dag=2&dagdeel=avond")
    assert found == ["Laptop ontlenen"]  # 10-18 overlaps 17-22
    found, text = titles("taal=ar")
    assert found == ["Digicafé op woensdagnamiddag"] and "in het Arabisch" in text
    found, text = titles("wijk=stadsbreed")
    assert found == ["Itsme-spreekuur in het stadhuis"] and "alleen stadsbreed aanbod" in text
    found, _ = titles("wijk=Borgerhout")
    assert "Itsme-spreekuur in het stadhuis" not in found and len(found) == 3
    found, text = titles("gratis=1")
    assert found == ["Laptop ontlenen"] and "gratis" in text
    found, text = titles("binnenlopen=1")
    assert "Hulp bij itsme en e-loket" not in found and "zonder afspraak" in text  # by appointment
    found, text = titles("q=itsme&nu=1")
    assert "nu open" in text  # named only because it was applied
    found, text = titles("categorie=bestaat-niet&taal=xx&dag=9")
    assert len(found) == 4 and "Gefilterd" not in text  # unknown values are not claimed as filters


def test_written_filters_restrict_and_are_named_only_when_applied(
    app: Flask, db: Database, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    markup = web.get(f"/kaart/{slug}?q=smartphone+hulp+in+het+arabisch").get_data(as_text=True)
    assert result_titles(markup) == ["Digicafé op woensdagnamiddag"]
    assert "Gefilterd: in het Arabisch" in page_text(markup)
    # nothing is open on Monday: the filter restricts, the page says so plainly and shows the
    # nearest offering under a heading that says what it does not match (as /verwijs does)
    markup = web.get(f"/kaart/{slug}?q=laptop+lenen+op+maandag").get_data(as_text=True)
    text = page_text(markup)
    assert "Niets op maandag voor “laptop lenen”." in text
    assert "Wel op andere dagen:" in text and text.index("Wel op andere dagen:") < text.index("Laptop ontlenen")
    assert "Gefilterd: op maandag" in text


def test_a_city_page_covers_linked_neighbourhoods_and_says_where(
    app: Flask, slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    slack.command("/netwerk", "nieuw Stad Antwerpen", user="USTAD", channel="CSTAD")
    slack.command("/netwerk", "code", user="USTAD", channel="CSTAD")
    with db.transaction() as session:
        code = session.scalars(select(Network.join_code).where(Network.name == "Stad Antwerpen")).one()
    slack.command("/netwerk", f"koppel {code}", user=COORDINATOR, channel="C1")
    city_slug = turn_on(db, network_id(db, "Stad Antwerpen"))
    own_slug = turn_on(db, network_id(db))
    web = app.test_client()
    city = page_text(web.get(f"/kaart/{city_slug}?q=laptop+lenen").get_data(as_text=True))
    assert "Laptop ontlenen" in city and "uit Lerend netwerk Borgerhout" in city
    assert web.get(f"/kaart/{city_slug}/aanbod/{social_map['laptop']}").status_code == 200
    # the other way round: a neighbourhood's page never shows another network's offering
    with db.transaction() as session:
        stad = session.get_one(Network, network_id(db, "Stad Antwerpen"))
        org = catalog.get_or_create_organisation(session, stad.id, "Stadsdienst")
        other = catalog.add_offering(
            session, stad.id, org, hsds_id="", name="Stadsbrede laptopdienst", description="Laptop lenen.",
            categories=["toestel-en-internet"], area=None,
        ).id  # fmt: skip
    assert "Stadsbrede laptopdienst" not in web.get(f"/kaart/{own_slug}?q=laptop").get_data(as_text=True)
    assert web.get(f"/kaart/{own_slug}/aanbod/{other}").status_code == 404


def test_offer_page_shows_everything_and_links_only_safe_addresses(
    app: Flask, db: Database, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        offering = session.get_one(Offering, social_map["digicafe"])
        offering.contact_phone, offering.fees = "03 123 45 67", "Gratis."
        offering.access = "walk_in"  # stated: an offering that says nothing shows "vraag na"
        offering.url = "https://bib.example.be/digicafe"
    markup = app.test_client().get(f"/kaart/{slug}/aanbod/{social_map['digicafe']}").get_data(as_text=True)
    text = page_text(markup)
    for part in ("Digicafé op woensdagnamiddag", "Bibliotheek Borgerhout", "Teststraat 1", "Nederlands, Arabisch",
                 "Gratis.", "Vrij binnenlopen", "03 123 45 67", "Laatst bevestigd", "Volgende keren open",
                 "Meld een fout", "13:30–16:30"):  # fmt: skip
        assert part in text, part
    assert 'href="https://www.openstreetmap.org/search?query=Teststraat+1"' in markup
    assert 'href="https://bib.example.be/digicafe"' in markup
    assert "<iframe" not in markup and "<script" not in markup


def test_hostile_offering_texts_are_escaped_and_never_become_links(
    app: Flask, db: Database, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        offering = session.get_one(Offering, social_map["laptop"])
        offering.name = '<script>alert("x")</script> Laptop "lenen" \' onmouseover=\'x'
        offering.description = '<img src=x onerror=alert(1)> laptop lenen'
        offering.url = "javascript:alert(document.domain)"
        offering.fees = '"><b>gratis</b>'
        offering.organisation.website = "javascript:alert(2)"
        catalog.bump_catalog_version(session, offering.network_id)
    web = app.test_client()
    for path in (f"/kaart/{slug}", f"/kaart/{slug}?q=laptop", f"/kaart/{slug}/aanbod/{social_map['laptop']}",
                 f"/kaart/{slug}/briefje?o={social_map['laptop']}"):  # fmt: skip
        markup = web.get(path).get_data(as_text=True)
        assert "<script>" not in markup and "<img src=x" not in markup and "<b>gratis" not in markup, path
        assert "javascript:" not in markup, path
        assert "&lt;script&gt;" in markup, path
    q = web.get(f'/kaart/{slug}?q=%3Cscript%3Ealert(1)%3C/script%3E"').get_data(as_text=True)
    assert "<script>alert(1)" not in q and "&lt;script&gt;alert(1)" in q


def test_pages_send_security_headers_and_no_cookies(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    for path in (f"/kaart/{slug}", f"/kaart/{slug}/aanbod/{social_map['laptop']}", "/kaart/static/kaart.css",
                 "/kaart/bestaat-niet", "/bewerk/bestaat-niet"):  # fmt: skip
        response = web.get(path)
        assert "default-src 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in response.headers
        response.close()
    assert web.get("/bewerk/bestaat-niet").headers["Cache-Control"] == "no-store"


def test_search_is_rate_limited_per_client(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    statuses = [web.get(f"/kaart/{slug}?q=laptop").status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    other = app.test_client().get(f"/kaart/{slug}", environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def _report_form(web: Any, slug: str, offering_id: int) -> str:
    markup = web.get(f"/kaart/{slug}/aanbod/{offering_id}").get_data(as_text=True)
    return re.search(r'name="token" value="([^"]+)"', markup).group(1)  # type: ignore[union-attr]


def test_meld_een_fout_refuses_personal_data_keeps_the_text_and_reaches_the_organisation_and_coordinator(
    app: Flask, db: Database, fake_slack: FakeSlack, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    offering_id = social_map["digicafe"]
    token = _report_form(web, slug, offering_id)
    path = f"/kaart/{slug}/aanbod/{offering_id}/fout"
    refused = web.post(path, data={"token": token, "melding": "Bel mevrouw op 0470 12 34 56, uren kloppen niet"})
    assert refused.status_code == 400
    text = page_text(refused.get_data(as_text=True))
    assert "Dit lijkt een telefoonnummer" in text and "Bel mevrouw op 0470 12 34 56" in text  # nothing typed is lost
    forged = web.post(path, data={"token": token[:-3] + "abc", "melding": "De uren kloppen niet"})
    assert forged.status_code == 400 and "verlopen" in page_text(forged.get_data(as_text=True))

    sent = web.post(path, data={"token": token, "melding": "Op woensdag is het gesloten sinds november."})
    assert sent.status_code == 303
    again = web.post(path, data={"token": token, "melding": "Op woensdag is het gesloten sinds november."})
    assert again.status_code == 303  # a double click: thanked, recorded once
    assert "Bedankt" in page_text(web.get(sent.headers["Location"]).get_data(as_text=True))
    # typed by hand (no report sent): no thanks for a report that never was, back to the offer
    by_hand = web.get(f"/kaart/{slug}/aanbod/{offering_id}/bedankt")
    assert by_hand.status_code == 303 and by_hand.headers["Location"].endswith(f"/aanbod/{offering_id}")
    forged_ticket = web.get(sent.headers["Location"][:-3] + "abc")
    assert forged_ticket.status_code == 303
    messages = fake_slack.wait_for("chat.postMessage", 2)
    assert {m.params["channel"] for m in messages} == {"UBIB", COORDINATOR}
    assert all("gesloten sinds november" in m.params["text"] for m in messages)
    with db.transaction() as session:
        reports = session.scalars(select(ErrorReport)).all()
        assert len(reports) == 1 and reports[0].offering_id == offering_id
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_meld_een_fout_is_rate_limited(
    app: Flask, db: Database, fake_slack: FakeSlack, social_map: dict[str, int]
) -> None:
    slug = turn_on(db, network_id(db))
    web = app.test_client()
    path = f"/kaart/{slug}/aanbod/{social_map['laptop']}/fout"
    codes = []
    for _ in range(6):
        token = _report_form(web, slug, social_map["laptop"])
        codes.append(web.post(path, data={"token": token, "melding": "Adres klopt niet"}).status_code)
    assert codes == [303] * 5 + [429]
    token = _report_form(web, slug, social_map["laptop"])
    limited = web.post(path, data={"token": token, "melding": "Het adres is verhuisd naar de Kerkstraat"})
    assert limited.status_code == 429
    assert "Het adres is verhuisd naar de Kerkstraat" in page_text(limited.get_data(as_text=True))  # not lost


def test_unknown_cost_and_access_read_vraag_na(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        offering = session.get_one(Offering, social_map["laptop"])
        offering.openings, offering.fees, offering.access = [], None, "walk_in"
        catalog.bump_catalog_version(session, offering.network_id)
    text = page_text(app.test_client().get(f"/kaart/{slug}/aanbod/{social_map['laptop']}").get_data(as_text=True))
    assert "Kostprijs vraag na" in text and "Hoe kom je erbij vraag na" in text and "Vrij binnenlopen" not in text
    walk_in = result_titles(app.test_client().get(f"/kaart/{slug}?binnenlopen=1").get_data(as_text=True))
    assert "Laptop ontlenen" not in walk_in


def test_long_answers_come_in_pages_that_keep_the_search(app: Flask, db: Database, social_map: dict[str, int]) -> None:
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        net = session.get_one(Network, network_id(db))
        org = catalog.get_or_create_organisation(session, net.id, "Buurtwerk")
        for i in range(25):
            catalog.add_offering(
                session, net.id, org, hsds_id="", name=f"Computerles {i:02d}", description="Leer werken met de pc.",
                categories=["basisvaardigheden"], area="Borgerhout", openings=[[4, "09:00", "12:00"]],
            )  # fmt: skip
    web = app.test_client()
    first = web.get(f"/kaart/{slug}?categorie=basisvaardigheden").get_data(as_text=True)
    assert len(result_titles(first)) == 20 and "Pagina 1 van 2" in page_text(first)
    link = re.search(r'href="([^"]*pagina=2[^"]*)"', first).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert "categorie=basisvaardigheden" in link
    second = web.get(link).get_data(as_text=True)
    assert len(result_titles(second)) == 6 and "Pagina 2 van 2" in page_text(second)
    assert set(result_titles(first)).isdisjoint(result_titles(second))


def test_a_report_slack_refused_is_notified_by_the_next_delivery_run(
    app: Flask, db: Database, fake_slack: FakeSlack, social_map: dict[str, int], settings: Settings
) -> None:
    """Slack is down when the report comes in: it stays un-notified, and `deliver` brings both DMs later."""
    from datetime import timedelta

    from plugin.bolt_app import web_client
    from plugin.delivery import deliver_due
    from tests.meeting_helpers import eventually

    slug = turn_on(db, network_id(db))
    web = app.test_client()
    offering_id = social_map["digicafe"]
    fake_slack.fail("chat.postMessage", "internal_error", status=500, times=2)
    form = {"token": _report_form(web, slug, offering_id), "melding": "Het adres klopt niet."}
    assert web.post(f"/kaart/{slug}/aanbod/{offering_id}/fout", data=form).status_code == 303
    eventually(lambda: len(fake_slack.calls_to("chat.postMessage")) == 2)
    assert app.extensions["lerend_netwerk.lazy_work"].wait_idle(10)  # both tries over
    with db.transaction() as session:
        assert session.scalars(select(ErrorReport.notified_at)).one() is None
    deliver_due(db.transaction, lambda _team: web_client(settings, settings.bot_token), utcnow() + timedelta(days=1))
    reports = [m for m in fake_slack.messages() if "Het adres klopt niet." in (m.text or "")]
    assert sorted(m.channel for m in reports) == sorted(["DUBIB", f"D{COORDINATOR}"])
    with db.transaction() as session:
        assert session.scalars(select(ErrorReport.notified_at)).one() is not None
