"""The public social map in a real browser: search, every filter, the offer page, the slip printed to
PDF, the web edit link, and axe-core on every page (0 serious or critical violations)."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from storage import public_map
from storage.base import utcnow
from storage.db import Database
from storage.models import Offering, Organisation
from storage.web_models import EditLink
from tests.browser import axe_violations, browser_fixture
from tests.conftest import COORDINATOR
from tests.fake_slack import FakeSlack
from tests.kaart_helpers import turn_on
from tests.test_kaart_pages import network_id


@pytest.fixture
def browser(request: pytest.FixtureRequest, app: Flask) -> Iterator[tuple[Any, str]]:
    yield from browser_fixture(request, app)


def by_css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def click_and_load(driver: Any, selector: str) -> None:
    """Click what submits a form or follows a link, and wait (with a deadline) until the next page is there."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait

    old = driver.find_element("tag name", "html")
    by_css(driver, selector).click()

    def left(_driver: Any) -> bool:
        """The old page is gone: its root is stale (Chrome sometimes says so as an inspector error)."""
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" not in str(error):
                raise
            return True
        return False

    WebDriverWait(driver, 15).until(left)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def titles(driver: Any) -> list[str]:
    return [e.text for e in all_css(driver, "article.card h3 a")]


def body_text(driver: Any) -> str:
    return by_css(driver, "body").text


def accessible(driver: Any, where: str) -> None:
    violations = axe_violations(driver)
    assert violations == [], f"{where}: {json.dumps(violations, ensure_ascii=False)}"


def test_search_is_a_shareable_url_and_every_page_is_accessible(
    browser: tuple[Any, str], db: Database, social_map: dict[str, int]
) -> None:
    driver, base = browser
    slug = turn_on(db, network_id(db))
    driver.get(f"{base}/kaart/{slug}")
    assert driver.find_element("tag name", "html").get_attribute("lang") == "nl"
    accessible(driver, "zoekpagina")
    field = by_css(driver, "#q")
    field.send_keys("hulp bij itsme")
    click_and_load(driver, "form.search button[type=submit]")
    assert "q=hulp+bij+itsme" in driver.current_url
    found = titles(driver)
    assert found[0] in ("Hulp bij itsme en e-loket", "Itsme-spreekuur in het stadhuis") and len(found) >= 2
    accessible(driver, "resultaten")
    shared = driver.current_url
    driver.get("about:blank")
    driver.get(shared)  # the same address shows the same answer
    assert titles(driver) == found
    driver.get(f"{base}/kaart/{slug}?q=raketbouw")
    assert "geen aanbod dat past bij “raketbouw”" in body_text(driver)
    accessible(driver, "geen resultaat")
    driver.get(f"{base}/kaart/bestaat-niet")
    assert "Pagina niet gevonden" in body_text(driver)
    accessible(driver, "404")
    driver.set_window_size(390, 844)  # phone width: the form and the cards still fit
    driver.get(f"{base}/kaart/{slug}?q=laptop")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390
    accessible(driver, "zoekpagina op telefoon")


def test_each_filter_control_in_the_browser(browser: tuple[Any, str], db: Database, social_map: dict[str, int]) -> None:
    from selenium.webdriver.support.select import Select

    driver, base = browser
    slug = turn_on(db, network_id(db))
    with db.transaction() as session:
        session.get_one(Offering, social_map["laptop"]).fees = "Gratis."
        for walk_in in ("laptop", "digicafe", "stad_itsme"):  # stated; unknown access is never walk-in
            session.get_one(Offering, social_map[walk_in]).access = "walk_in"

    def search(selects: dict[str, str] = {}, checks: tuple[str, ...] = ()) -> tuple[list[str], str]:  # noqa: B006
        driver.get(f"{base}/kaart/{slug}")
        assert by_css(driver, "details.filterbox").get_attribute("open") is None  # folded until used
        by_css(driver, "details.filterbox summary").click()
        for name, value in selects.items():
            Select(by_css(driver, f"#{name}")).select_by_value(value)
        for name in checks:
            by_css(driver, f"#{name}").click()
        click_and_load(driver, "form.search button[type=submit]")
        for name, value in selects.items():
            assert f"{name}={value}" in driver.current_url
        assert by_css(driver, "details.filterbox").get_attribute("open") is not None  # shows what is applied
        return titles(driver), body_text(driver)

    found, text = search({"categorie": "e-overheid-en-itsme"})
    assert set(found) == {"Hulp bij itsme en e-loket", "Itsme-spreekuur in het stadhuis"}
    assert "Gefilterd: in de categorie E-overheid en itsme" in text
    found, text = search({"dag": "2", "dagdeel": "namiddag"})
    assert set(found) == {"Digicafé op woensdagnamiddag", "Laptop ontlenen"}
    assert "op woensdag · tussen 12:00 en 18:00" in text
    found, text = search({"taal": "fr"})
    assert found == ["Hulp bij itsme en e-loket"] and "in het Frans" in text
    found, text = search({"wijk": "stadsbreed"})
    assert found == ["Itsme-spreekuur in het stadhuis"]
    found, text = search(checks=("gratis",))
    assert found == ["Laptop ontlenen"] and "Gefilterd: gratis" in text
    found, text = search(checks=("binnenlopen",))
    assert "Hulp bij itsme en e-loket" not in found and len(found) == 3
    found, text = search(checks=("nu",))
    assert "Gefilterd: nu open" in text
    accessible(driver, "filters")


def test_offer_page_and_meld_een_fout(
    browser: tuple[Any, str], db: Database, fake_slack: FakeSlack, social_map: dict[str, int]
) -> None:
    driver, base = browser
    slug = turn_on(db, network_id(db))
    driver.get(f"{base}/kaart/{slug}?q=laptop+lenen")
    click_and_load(driver, "article.card h3 a")
    assert driver.current_url.endswith(f"/kaart/{slug}/aanbod/{social_map['laptop']}")
    text = body_text(driver)
    for part in ("Laptop ontlenen", "Bibliotheek Borgerhout", "Volgende keren open", "Laatst bevestigd", "Teststraat"):
        assert part in text, part
    osm = by_css(driver, "a[href^='https://www.openstreetmap.org/']")
    assert osm.text == "op de kaart (OpenStreetMap)"
    requests = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(r.startswith(base) for r in requests), requests  # nothing from another site
    assert driver.get_cookies() == []
    accessible(driver, "aanbodpagina")

    by_css(driver, "#melding").send_keys("Mijn nummer is 0470 12 34 56")
    click_and_load(driver, ".report button")
    assert "Dit lijkt een telefoonnummer" in body_text(driver)
    accessible(driver, "melding geweigerd")
    box = by_css(driver, "#melding")
    assert box.get_attribute("value") == "Mijn nummer is 0470 12 34 56"
    box.clear()
    box.send_keys("Op dinsdag is het gesloten.")
    click_and_load(driver, ".report button")
    assert "Bedankt voor je melding" in body_text(driver)
    accessible(driver, "bedankt")
    messages = fake_slack.wait_for("chat.postMessage", 2)
    assert {m.params["channel"] for m in messages} == {"UBIB", COORDINATOR}


def test_building_and_printing_a_slip(browser: tuple[Any, str], db: Database, social_map: dict[str, int]) -> None:
    from pypdf import PdfReader

    driver, base = browser
    slug = turn_on(db, network_id(db))
    driver.get(f"{base}/kaart/{slug}")
    by_css(driver, f"#kies-{social_map['laptop']}").click()
    by_css(driver, f"#kies-{social_map['itsme']}").click()
    click_and_load(driver, "#briefje button")
    assert "/briefje?" in driver.current_url
    accessible(driver, "briefje")
    assert len(all_css(driver, "img.qr")) == 2
    next_open = [e.text for e in all_css(driver, ".slipitem p") if e.text.startswith("Wanneer:")]
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27,
                                                      "paperHeight": 11.69, "preferCSSPageSize": True})  # fmt: skip
    reader = PdfReader(io.BytesIO(base64.b64decode(pdf["data"])))
    assert len(reader.pages) == 1  # one A4
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Laptop ontlenen" in text and "Hulp bij itsme en e-loket" in text
    for line in next_open:
        assert " ".join(line.split()) in text, (line, text)
    assert not re.search(r"\bU[A-Z0-9]{5,}\b", text) and "UBIB" not in text and "Terug naar zoeken" not in text


def _edit_token(db: Database, organisation: str) -> str:
    with db.transaction() as session:
        org = session.scalars(select(Organisation).where(Organisation.name == organisation)).one()
        return public_map.create_edit_link(session, org.network_id, org.id, COORDINATOR)[1]


def test_web_edit_link_valid_expired_revoked_and_another_organisation(
    browser: tuple[Any, str], db: Database, fake_slack: FakeSlack, social_map: dict[str, int]
) -> None:
    driver, base = browser
    token = _edit_token(db, "CAW onthaal")
    driver.get(f"{base}/bewerk/{token}")
    assert "Aanbod van CAW onthaal" in body_text(driver) and "Laptop ontlenen" not in body_text(driver)
    accessible(driver, "bewerk-overzicht")
    click_and_load(driver, "a.button")
    accessible(driver, "bewerk-formulier")
    by_css(driver, "#name").send_keys("Hulp bij Smartschool")
    by_css(driver, "#hours").send_keys("woensdag 25-27")
    by_css(driver, "#address").send_keys("Schoolstraat 3")
    click_and_load(driver, "form.offerform button")
    text = body_text(driver)
    assert "Kies minstens één categorie." in text and "een uur loopt van 0 tot 24" in text
    assert by_css(driver, "#name").get_attribute("value") == "Hulp bij Smartschool"
    accessible(driver, "bewerk-formulier met fouten")
    by_css(driver, "#cat-school-en-ouders").click()
    hours = by_css(driver, "#hours")
    hours.clear()
    hours.send_keys("wo 13-16")
    click_and_load(driver, "form.offerform button")
    assert "Bewaard" in body_text(driver) and "Hulp bij Smartschool" in body_text(driver)
    assert "Hulp bij Smartschool" in fake_slack.wait_for("chat.postMessage")[-1].params["text"]

    driver.get(f"{base}/bewerk/{token}/aanbod/{social_map['laptop']}")  # the library's offering
    assert "Pagina niet gevonden" in body_text(driver)

    with db.transaction() as session:
        caw = session.scalars(select(Organisation).where(Organisation.name == "CAW onthaal")).one()
        public_map.revoke_edit_links(session, caw.network_id, caw.id)
    driver.get(f"{base}/bewerk/{token}")
    assert "ingetrokken" in body_text(driver)
    accessible(driver, "ingetrokken link")

    expired = _edit_token(db, "Bibliotheek Borgerhout")
    with db.transaction() as session:
        for link in session.scalars(select(EditLink).where(EditLink.revoked_at.is_(None))):
            link.expires_at = utcnow() - timedelta(seconds=1)
    driver.get(f"{base}/bewerk/{expired}")
    assert "verlopen" in body_text(driver)
