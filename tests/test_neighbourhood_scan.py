"""The Digitaal Inclusieve Wijk scan: a network that meets some criteria and not others, and a city comparison."""

from __future__ import annotations

from datetime import time

from domain.neighbourhood_scan import (
    CRITERIA,
    Format,
    Neighbourhood,
    Pillar,
    ScanOffer,
    compare_neighbourhoods,
    scan_neighbourhood,
)
from domain.practical import Facility
from domain.schedule import Opening

MO, TU, WE, TH, FR, SA, SU = range(7)


def o(weekday: int, opens: str, closes: str) -> Opening:
    return Opening(weekday, time.fromisoformat(opens), time.fromisoformat(closes))


BIB = ScanOffer(
    "Open computerruimte",
    "Bib Deurne",
    frozenset({"toestel-en-internet"}),
    (o(TU, "10:00", "17:00"), o(WE, "13:00", "20:00"), o(SA, "10:00", "13:00")),
    frozenset({Facility.COMPUTERS, Facility.FREE_WIFI, Facility.PRINTER}),
    free=True,
)
DIGIPUNT = ScanOffer(
    "Digipunt",
    "Buurtwerk Ter Heide",
    frozenset({"smartphone-en-apps", "e-overheid-en-itsme"}),
    (o(MO, "09:00", "12:00"),),
    frozenset({Facility.CHARGING_POINT}),
    free=True,
    formats=frozenset({Format.ONE_TO_ONE}),
    own_device=True,
)
COURSE = ScanOffer(
    "Smartphonecursus",
    "CVO",
    frozenset({"smartphone-en-apps"}),
    (o(TH, "13:00", "16:00"),),
    free=False,
    formats=frozenset({Format.GROUP}),
)
CLOSED_DOWN = ScanOffer("Oude taalcafé-oefenkans", "Vzw X", formats=frozenset({Format.PRACTICE}), active=False)

DEURNE = (BIB, DIGIPUNT, COURSE, CLOSED_DOWN)


def test_a_network_that_meets_some_criteria_and_not_others() -> None:
    result = scan_neighbourhood(DEURNE, has_coordinator=True)
    met = {c.code: c.met for c in result.criteria}
    assert met == {
        "computer": True,
        "wifi": True,
        "printer": True,
        "oplaadpunt": True,
        "individueel": True,
        "e-overheid": True,  # the digipunt helps one to one, for free, with e-overheid-en-itsme
        "groep": True,
        "oefenkansen": False,  # the only practice offer is no longer active
        "aanspreekpunt": True,
    }
    assert result.met_count == 8
    assert result.criterion("computer").offers == ("Open computerruimte (Bib Deurne)",)
    assert result.criterion("individueel").offers == ("Digipunt (Buurtwerk Ter Heide)",)
    assert result.criterion("oefenkansen").missing == (
        "Geen oefenkansen binnen andere activiteiten (taalles, huiswerkklas, ontmoeting …)",
    )
    assert result.pillar_met(Pillar.ACCESS)
    assert not result.pillar_met(Pillar.PRACTICE)
    assert result.lines_nl()[0] == (
        "✅ Gratis computer met internet, ook 's avonds en in het weekend — Open computerruimte (Bib Deurne)"
    )
    assert result.lines_nl()[7] == (
        "❌ Oefenkansen binnen andere activiteiten — "
        "Geen oefenkansen binnen andere activiteiten (taalles, huiswerkklas, ontmoeting …)"
    )


def test_every_criterion_is_reported_in_a_fixed_order() -> None:
    result = scan_neighbourhood([], has_coordinator=False)
    assert [c.code for c in result.criteria] == [code for code, _, _ in CRITERIA]
    assert result.met_count == 0
    assert all(c.missing for c in result.criteria)
    assert result.criterion("aanspreekpunt").missing == ("Geen trekker of aanspreekpunt voor het netwerk",)
    assert {c.pillar for c in result.criteria} == set(Pillar)


def test_computer_access_needs_evening_and_weekend_and_may_combine_places() -> None:
    daytime = ScanOffer("Pc-hoek", "OCMW", openings=(o(MO, "09:00", "16:00"),),
                        facilities=frozenset({Facility.COMPUTERS}), free=True)  # fmt: skip
    result = scan_neighbourhood([daytime], True).criterion("computer")
    assert not result.met
    assert result.offers == ("Pc-hoek (OCMW)",)
    assert result.missing == (
        "Nergens 's avonds (na 18 uur) een computer met internet om gratis te gebruiken",
        "Nergens in het weekend een computer met internet om gratis te gebruiken",
    )
    evening = ScanOffer("Avondpc", "Buurthuis", openings=(o(TH, "18:00", "21:00"),),
                        facilities=frozenset({Facility.COMPUTERS}), free=True)  # fmt: skip
    weekend = ScanOffer("Zondagpc", "Bib", openings=(o(SU, "10:00", "12:00"),),
                        facilities=frozenset({Facility.COMPUTERS}), free=True)  # fmt: skip
    assert scan_neighbourhood([daytime, evening, weekend], True).criterion("computer").met


def test_unknown_or_paid_never_counts_as_free() -> None:
    unsure = ScanOffer("Pc's", "Vzw", openings=(o(SA, "10:00", "20:00"), o(MO, "09:00", "17:00")),
                       facilities=frozenset({Facility.COMPUTERS, Facility.CHARGING_POINT}))  # fmt: skip
    result = scan_neighbourhood([unsure], True)
    assert not result.criterion("computer").met
    assert result.criterion("computer").missing == ("Nergens een computer met internet om gratis te gebruiken",)
    assert result.criterion("computer").notes == ("Niet bekend of een computer met internet gratis is bij Pc's (Vzw)",)
    assert not result.criterion("oplaadpunt").met
    assert result.criterion("oplaadpunt").notes == ("Niet bekend of het oplaadpunt gratis is bij Pc's (Vzw)",)
    # a printer counts whether it is free or paid
    paid_printer = ScanOffer("Copyshop", facilities=frozenset({Facility.PRINTER}), free=False)
    assert scan_neighbourhood([paid_printer], True).criterion("printer").met


def test_individual_help_says_what_is_missing() -> None:
    paid = ScanOffer("Pc-dokter", formats=frozenset({Format.ONE_TO_ONE}), free=False, own_device=True)
    result = scan_neighbourhood([paid], True).criterion("individueel")
    assert not result.met
    assert result.missing == ("Individuele hulp is er, maar niet (zeker) gratis",)
    on_site = ScanOffer("Digihulp", formats=frozenset({Format.ONE_TO_ONE}), free=True, own_device=False)
    assert scan_neighbourhood([on_site], True).criterion("individueel").missing == (
        "Individuele hulp is er, maar niet met je eigen toestel",
    )
    assert scan_neighbourhood([paid, on_site], True).criterion("individueel").missing == (
        "Geen gratis individuele hulp die ook met je eigen toestel helpt",
    )


def test_help_with_government_services_needs_the_category() -> None:
    general = ScanOffer("Digihulp", categories=frozenset({"smartphone-en-apps"}),
                        formats=frozenset({Format.ONE_TO_ONE}), free=True, own_device=True)  # fmt: skip
    result = scan_neighbourhood([general], True)
    assert result.criterion("individueel").met
    assert not result.criterion("e-overheid").met
    assert result.criterion("e-overheid").missing == (
        "Geen gratis individuele hulp bij e-overheid, itsme of formulieren",
    )
    assert not result.pillar_met(Pillar.INDIVIDUAL)
    forms = ScanOffer("Hulp bij formulieren", "CAW", frozenset({"administratie-en-formulieren"}),
                      formats=frozenset({Format.ONE_TO_ONE}), free=True)  # fmt: skip
    assert scan_neighbourhood([general, forms], True).criterion("e-overheid").offers == ("Hulp bij formulieren (CAW)",)


def test_late_and_midnight_hours_count_as_evening() -> None:
    night = ScanOffer("Nachtwifi", openings=(o(SA, "20:00", "23:59"), o(MO, "08:00", "10:00")),
                      facilities=frozenset({Facility.FREE_WIFI}))  # fmt: skip
    assert scan_neighbourhood([night], True).criterion("wifi").met  # wifi labelled "gratis" is free by definition


def test_city_compares_its_neighbourhoods() -> None:
    practice = ScanOffer("Oefenen in de taalles", "Atlas", formats=frozenset({Format.PRACTICE}))
    comparison = compare_neighbourhoods(
        [
            Neighbourhood("Deurne", DEURNE, True),
            Neighbourhood("Borgerhout", (COURSE, practice), False),
        ]
    )
    assert comparison.met_in("groep") == ("Deurne", "Borgerhout")
    assert comparison.met_in("oefenkansen") == ("Borgerhout",)
    assert comparison.met_in("printer") == ("Deurne",)
    assert comparison.missing_everywhere() == ()
    lines = comparison.lines_nl()
    assert lines[2] == "Minstens één printer: ✅ Deurne · ❌ Borgerhout"
    assert lines[7] == "Oefenkansen binnen andere activiteiten: ❌ Deurne · ✅ Borgerhout"
    alone = compare_neighbourhoods([Neighbourhood("Merksem", (COURSE,), False)])
    assert "printer" in alone.missing_everywhere() and "groep" not in alone.missing_everywhere()


def test_without_offers_nothing_is_claimed_missing_in_the_neighbourhood() -> None:
    empty = scan_neighbourhood([CLOSED_DOWN], has_coordinator=True)
    assert empty.active_offers == 0 and scan_neighbourhood(DEURNE, True).active_offers == 3
    # an offer without a printer filled in: the scan only knows what is registered, and says so
    assert scan_neighbourhood([COURSE], True).criterion("printer").missing == ("Geen printer bekend in het aanbod",)
    lines = compare_neighbourhoods(
        [Neighbourhood("Deurne", DEURNE, True), Neighbourhood("Merksem", (), True)]
    ).lines_nl()
    assert lines[2] == "Minstens één printer: ✅ Deurne · ❔ Merksem (nog geen aanbod)"
    assert lines[8] == "Eén aanspreekpunt dat het aanbod in de wijk coördineert: ✅ Deurne · ✅ Merksem"
