"""Rules of the public page (domain.public_map) and its guards (plugin.web.guard), tested directly."""

from __future__ import annotations

from datetime import datetime, time

from domain.dates_nl import BRUSSELS
from domain.public_map import CITY_WIDE, Controls, OfferFacts, how_to_get_in, is_free, passes
from domain.schedule import Opening
from domain.search.phrases import filter_phrases
from plugin.web.guard import FORM_TOKEN_MAX_AGE, FormSigner, RateLimiter
from plugin.web.present import safe_web_url
from plugin.web.search import engine_filters

WEDNESDAY_AFTERNOON = [Opening(2, time(13, 30), time(16, 30))]


def facts(**changes: object) -> OfferFacts:
    base: dict[str, object] = {
        "categories": ("basisvaardigheden",), "languages": ("nl", "ar"), "openings": tuple(WEDNESDAY_AFTERNOON),
        "area": "Borgerhout", "fees": "Gratis.", "access": "walk_in",
    }  # fmt: skip
    return OfferFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_free_only_without_a_price_and_unknown_is_not_free() -> None:
    assert is_free("Gratis.") and is_free("Kost niets") and is_free("gratis voor iedereen")
    assert not is_free("Gratis voor werkzoekenden; anders 1,50 euro per lesuur.")
    assert not is_free("Gratis met bibkaart; 50 euro waarborg") and not is_free("€ 2") and not is_free(None)
    assert not is_free("")
    # free only for some, or only for part of it: not what "gratis" promises a client
    assert not is_free("Gratis voor leden.") and not is_free("Lidgeld 10 per jaar, de lessen zijn gratis")
    assert not is_free("Nieuwe codes: gratis; een nieuwe eID volgens het stedelijke tarief")


def test_how_to_get_in_says_vraag_na_when_not_known_and_never_walk_in_without_hours() -> None:
    assert how_to_get_in("walk_in", WEDNESDAY_AFTERNOON) == "Vrij binnenlopen"
    assert how_to_get_in("walk_in", []) == "vraag na"
    assert how_to_get_in("appointment", []) == "Op afspraak"
    assert how_to_get_in("", WEDNESDAY_AFTERNOON) == "vraag na"
    assert not passes(facts(openings=()), Controls(walk_in=True), datetime(2026, 12, 2, 14, tzinfo=BRUSSELS))


def test_each_control_filters_with_the_schedule_rules() -> None:
    wednesday_2pm = datetime(2026, 12, 2, 14, 0, tzinfo=BRUSSELS)
    thursday = datetime(2026, 12, 3, 14, 0, tzinfo=BRUSSELS)
    offer = facts()
    assert passes(offer, Controls(), thursday)
    assert passes(offer, Controls(open_now=True), wednesday_2pm)
    assert not passes(offer, Controls(open_now=True), thursday)
    assert passes(offer, Controls(weekday=2, part_of_day="namiddag"), thursday)
    assert not passes(offer, Controls(weekday=2, part_of_day="voormiddag"), thursday)
    assert not passes(offer, Controls(weekday=1), thursday)
    assert passes(offer, Controls(part_of_day="namiddag"), thursday)  # any day
    assert passes(offer, Controls(language="ar"), thursday) and not passes(offer, Controls(language="fr"), thursday)
    assert passes(offer, Controls(category="basisvaardigheden"), thursday)
    assert not passes(offer, Controls(category="jongeren"), thursday)
    assert passes(offer, Controls(area="borgerhout"), thursday)
    assert not passes(offer, Controls(area=CITY_WIDE), thursday)
    assert passes(facts(area=None), Controls(area=CITY_WIDE), thursday)
    assert passes(offer, Controls(free=True), thursday) and not passes(facts(fees=None), Controls(free=True), thursday)


def test_controls_are_named_in_dutch_in_the_words_of_verwijs() -> None:
    controls = Controls(category="jongeren", weekday=2, part_of_day="avond", open_now=True, language="tr",
                        area=CITY_WIDE, free=True, walk_in=True)  # fmt: skip
    named = list(filter_phrases(engine_filters(controls), {"jongeren": "Jongeren"}).values())
    assert named == [
        "op woensdag", "tussen 17:00 en 22:00", "nu open", "in het Turks", "in de categorie Jongeren", "gratis",
        "zonder afspraak",
    ]  # fmt: skip
    assert filter_phrases(engine_filters(Controls()), {}) == {}


def test_form_tokens_are_bound_to_form_subject_and_time() -> None:
    signer = FormSigner.from_secret("geheim")
    token = signer.issue("fout", "1:2", now=1_000_000)
    assert signer.verify("fout", "1:2", token, now=1_000_100)
    assert signer.verify("fout", "1:3", token, now=1_000_100) is None
    assert signer.verify("bewerk", "1:2", token, now=1_000_100) is None
    assert signer.verify("fout", "1:2", token, now=1_000_000 + FORM_TOKEN_MAX_AGE + 1) is None
    assert FormSigner.from_secret("ander").verify("fout", "1:2", token, now=1_000_100) is None
    assert signer.verify("fout", "1:2", "rommel", now=1_000_100) is None
    assert signer.issue("fout", "1:2") != signer.issue("fout", "1:2")  # a fresh nonce each time


def test_rate_limiter_counts_per_client_within_its_window() -> None:
    limiter = RateLimiter(2, 60)
    assert limiter.allow("a", now=0) and limiter.allow("a", now=1)
    assert not limiter.allow("a", now=2)
    assert limiter.allow("b", now=2)
    assert limiter.allow("a", now=61)


def test_only_http_addresses_become_links() -> None:
    assert safe_web_url("https://bib.example.be/x") == "https://bib.example.be/x"
    assert safe_web_url("www.bib.example.be") == "https://www.bib.example.be"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>", "https://x.be/\"onload",
                    "//evil.example", "mailto:a@b.be", None, ""):  # fmt: skip
        assert safe_web_url(hostile) is None, hostile


def test_browser_tests_skip_locally_without_chromium_but_fail_in_ci(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from tests import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/bestaat/niet/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        browser.require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI they must run"):
        browser.require_chromium()
