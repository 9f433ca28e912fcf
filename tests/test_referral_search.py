"""Referral search, as a partner would experience it: hand-made offerings, free Dutch questions."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.referral_search import (
    CATEGORIES,
    OfferingDoc,
    ReferralIndex,
    guess_categories,
)
from domain.schedule import Opening
from domain.search.analyzer import Analyzer
from domain.text_nl import words

BXL = ZoneInfo("Europe/Brussels")
MO, TU, WE, TH, FR, SA, SU = range(7)


def op(day: int, opens: str, closes: str) -> Opening:
    h1, m1 = map(int, opens.split(":"))
    h2, m2 = map(int, closes.split(":"))
    return Opening(day, time(h1, m1), time(h2, m2))


def doc(
    id: str,
    name: str,
    description: str,
    categories: tuple[str, ...],
    *,
    org: str = "Buurtwerk",
    area: str | None = "Hoboken",
    languages: tuple[str, ...] = ("nl",),
    openings: tuple[Opening, ...] = (),
    target_groups: tuple[str, ...] = (),
    extra: str = "",
) -> OfferingDoc:
    return OfferingDoc(
        id=id,
        name=name,
        description=description,
        organisation=org,
        categories=categories,
        target_groups=target_groups,
        languages=languages,
        openings=openings,
        area=area,
        extra_text=extra,
    )


DOCS = [
    doc(
        "pc-les",
        "Lessen over de computer",
        "In tien lessen leer je de basis: bestanden bewaren, surfen en een bericht versturen.",
        ("basisvaardigheden",),
        org="Dienstencentrum De Zon",
        openings=(op(TH, "09:00", "12:00"),),
    ),
    doc(
        "gsm-spreekuur",
        "Spreekuur smartphone en tablet",
        "Loop binnen met je vragen over je toestel: apps installeren, WhatsApp en de instellingen.",
        ("smartphone-en-apps",),
        org="Bibliotheek Hoboken",
        openings=(op(SA, "10:00", "12:00"),),
        languages=("nl", "fr"),
    ),
    doc(
        "tax",
        "Hulp bij je aangifte via MyMinfin",
        "Een medewerker vult samen met jou je aangifte personenbelasting in op Tax-on-web.",
        ("e-overheid-en-itsme", "administratie-en-formulieren"),
        org="Sociaal Huis Hoboken",
        openings=(op(TU, "09:00", "12:00"), op(WE, "13:30", "16:00")),
        languages=("nl", "fr", "ar"),
    ),
    doc(
        "print",
        "Printen en scannen in het buurthuis",
        "Iedereen kan hier gratis een document afdrukken of inscannen. Er is ook draadloos internet.",
        ("toestel-en-internet",),
        openings=(op(MO, "13:00", "17:00"), op(TU, "13:00", "17:00"), op(TH, "13:00", "17:00")),
    ),
    doc(
        "itsme",
        "itsme op je telefoon zetten",
        "Samen installeren we de itsme-app en koppelen we ze aan je eID. Breng je identiteitskaart mee.",
        ("e-overheid-en-itsme",),
        org="Digipunt Hoboken",
        openings=(op(WE, "14:00", "17:00"),),
        languages=("nl", "ar", "tr"),
    ),
    doc(
        "smartschool",
        "Smartschool voor ouders",
        "Ouders leren berichten, de agenda en het rapport van hun kind terugvinden op het schoolplatform.",
        ("school-en-ouders",),
        org="Huis van het Kind Hoboken",
        openings=(op(WE, "09:00", "11:00"),),
        languages=("nl", "ar"),
    ),
    doc(
        "cv",
        "Sollicitatietraining",
        "We maken samen je cv op en oefenen een sollicitatiegesprek. Ook online solliciteren komt aan bod.",
        ("werk-en-solliciteren",),
        org="Jobcentrum",
        area="Antwerpen",
        openings=(op(MO, "09:00", "12:00"),),
    ),
    doc(
        "phishing",
        "Valse berichten herkennen",
        "Infosessie over phishing en fraude: hoe herken je een nepmail of een vals sms-bericht van de bank?",
        ("veiligheid-online", "senioren"),
        org="Seniorenraad",
        openings=(op(TH, "14:00", "16:00"),),
    ),
    doc(
        "mutualiteit",
        "De app van je ziekenfonds",
        "Leer doktersbriefjes doorsturen en je terugbetalingen volgen in de app van je mutualiteit.",
        ("gezondheid-online",),
        org="CM",
        area="Antwerpen",
        openings=(op(TU, "10:00", "12:00"),),
    ),
    doc(
        "taal",
        "Praatcafe: Nederlands oefenen met de tablet",
        "Nieuwkomers oefenen hun Nederlands met taalapps op de tablet, samen met een taalcoach.",
        ("taal-en-digitaal",),
        org="Taalpunt",
        openings=(op(WE, "18:00", "20:00"),),
        target_groups=("anderstaligen",),
    ),
    doc(
        "repair",
        "Repair Cafe",
        "Breng je kapotte laptop of gsm mee: vrijwilligers proberen hem te herstellen.",
        ("toestel-en-internet",),
        openings=(op(SA, "13:00", "17:00"),),
    ),
    doc(
        "franstalig",
        "Aide numerique en francais: hulp met formulieren",
        "Vrijwilligers helpen in het Frans met online formulieren en brieven van de overheid.",
        ("administratie-en-formulieren",),
        languages=("fr", "nl"),
        openings=(op(FR, "13:00", "16:00"),),
    ),
    doc(
        "deurne-pc",
        "Computerles in Deurne",
        "Een cursus over de computer voor beginners in het districtshuis.",
        ("basisvaardigheden",),
        area="Deurne",
        openings=(op(WE, "13:00", "16:00"),),
    ),
]


@pytest.fixture(scope="module")
def index() -> ReferralIndex:
    return ReferralIndex.build(DOCS)


def ids(outcome: object) -> list[str]:
    return [h.doc.id for h in outcome.hits]  # type: ignore[attr-defined]


def top(index: ReferralIndex, query: str, n: int = 1, **kwargs: object) -> list[str]:
    return ids(index.search(query, neighbourhood=kwargs.pop("neighbourhood", "Hoboken"), **kwargs))[:n]  # type: ignore[arg-type]


def test_categories_are_the_twelve_in_order() -> None:
    assert list(CATEGORIES)[:3] == ["toestel-en-internet", "basisvaardigheden", "smartphone-en-apps"]
    assert len(CATEGORIES) == 12
    assert CATEGORIES["veiligheid-online"] == "Veilig online"


def test_compound_query_finds_offering_written_in_words(index: ReferralIndex) -> None:
    assert top(index, "computerles") == ["pc-les"]


def test_synonyms_gsm_finds_smartphone(index: ReferralIndex) -> None:
    assert top(index, "vragen over mijn gsm") == ["gsm-spreekuur"]


def test_typo_is_tolerated(index: ReferralIndex) -> None:
    outcome = index.search("ittsme", neighbourhood="Hoboken")
    assert ids(outcome)[0] == "itsme"
    assert "itsme" in outcome.understood_terms


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("belastingbrief invullen", "tax"),
        ("tax on web", "tax"),
        ("iets afprinten", "print"),
        ("digitale sleutel op gsm zetten", "itsme"),
        ("schoolapp van mijn zoon", "smartschool"),
        ("cv opmaken", "cv"),
        ("verdachte mail gekregen", "phishing"),
        ("mutualiteitsapp", "mutualiteit"),
        ("laptop stuk", "repair"),
        ("nederlands leren voor anderstaligen", "taal"),
    ],
)
def test_domain_vocabulary_bridges_wording(index: ReferralIndex, query: str, expected: str) -> None:
    assert top(index, query) == [expected]


def test_weekday_and_part_of_day_filter(index: ReferralIndex) -> None:
    outcome = index.search("computerhulp woensdagnamiddag formulieren", neighbourhood="Hoboken")
    assert outcome.filters.weekdays == frozenset({WE})
    assert outcome.filters.part_of_day == (time(12, 0), time(18, 0))
    hours = [h.doc.openings for h in outcome.hits]
    assert hours and all(any(o.weekday == WE and o.overlaps(time(12), time(18)) for o in ops) for ops in hours)


def test_time_filter_restricts_and_names_the_nearest_when_nothing_fits(index: ReferralIndex) -> None:
    # issue 11: a written day is a filter, never a boost; what fits otherwise comes as an alternative
    outcome = index.search("repair cafe op maandag", neighbourhood="Hoboken")
    assert outcome.filters.weekdays == frozenset({MO})
    assert not outcome.is_gap and outcome.hits == ()
    assert outcome.filtered_out and outcome.unmet == frozenset({"day"})
    assert outcome.alternatives[0].doc.id == "repair"


def test_language_filter_in_het_frans(index: ReferralIndex) -> None:
    outcome = index.search("hulp met formulieren in het Frans", neighbourhood="Hoboken")
    assert outcome.filters.languages == frozenset({"fr"})
    assert ids(outcome)[0] == "franstalig"
    assert all("fr" in h.doc.languages for h in outcome.hits)


def test_language_adjective_forms(index: ReferralIndex) -> None:
    outcome = index.search("arabischtalige mama en smartschool", neighbourhood="Hoboken")
    assert outcome.filters.languages == frozenset({"ar"})
    assert "ouders" in outcome.filters.target_groups
    assert ids(outcome)[0] == "smartschool"


def test_open_now_uses_brussels_time(index: ReferralIndex) -> None:
    # Saturday 10:30 in Brussels is 09:30 UTC (winter time)
    now = datetime(2025, 1, 11, 9, 30, tzinfo=ZoneInfo("UTC"))
    outcome = index.search("nu open gsm hulp", neighbourhood="Hoboken", now=now)
    assert outcome.filters.open_now
    assert ids(outcome) == ["gsm-spreekuur"]


def test_nonsense_and_out_of_domain_are_gaps(index: ReferralIndex) -> None:
    for query in ["cursus excel voor gevorderden", "loodgieter gezocht", "workshop videomontage voor vlogs", "xqzt"]:
        outcome = index.search(query, neighbourhood="Hoboken")
        assert outcome.is_gap, query
        assert outcome.hits == ()


def test_generic_words_alone_do_not_drag_in_noise(index: ReferralIndex) -> None:
    for query in ["cursus", "hulp", "digitaal", "iemand die kan helpen", "online les"]:
        assert index.search(query, neighbourhood="Hoboken").is_gap, query


def test_other_neighbourhoods_are_dropped_and_city_wide_kept(index: ReferralIndex) -> None:
    outcome = index.search("computerles", neighbourhood="Hoboken")
    assert "deurne-pc" not in ids(outcome)
    cv = index.search("solliciteren", neighbourhood="Hoboken")
    assert ids(cv)[0] == "cv" and cv.hits[0].city_wide


def test_neighbourhood_written_in_text(index: ReferralIndex) -> None:
    outcome = index.search("computerles in Deurne")
    assert outcome.filters.neighbourhood == "Deurne"
    assert ids(outcome)[0] == "deurne-pc"
    assert "pc-les" not in ids(outcome)


def test_without_neighbourhood_all_areas_are_searched(index: ReferralIndex) -> None:
    assert {"pc-les", "deurne-pc"} <= set(ids(index.search("computerles")))


def test_own_neighbourhood_before_city_wide_at_equal_relevance() -> None:
    a = doc("city", "Hulp bij solliciteren", "Online solliciteren.", ("werk-en-solliciteren",), area="Antwerpen")
    b = doc("local", "Hulp bij solliciteren", "Online solliciteren.", ("werk-en-solliciteren",), area="Kiel")
    idx = ReferralIndex.build([a, b])
    assert ids(idx.search("solliciteren", neighbourhood="Kiel")) == ["local", "city"]


def test_target_group_boost(index: ReferralIndex) -> None:
    idx = ReferralIndex.build(
        [
            doc("gen", "Gsm-les", "Leer werken met je smartphone.", ("smartphone-en-apps",)),
            doc("sen", "Gsm-les voor senioren", "Leer werken met je smartphone.", ("smartphone-en-apps", "senioren")),
        ]
    )
    assert ids(idx.search("70-jarige wil leren werken met zijn gsm"))[0] == "sen"
    assert ids(idx.search("gsm les"))[0] == "gen"


def test_bring_along_sentences_do_not_make_an_offering_about_them(index: ReferralIndex) -> None:
    hits = ids(index.search("identiteitskaart", neighbourhood="Hoboken"))
    assert hits[0] == "itsme"  # still found, eID is part of what they do...
    idx = ReferralIndex.build(
        [
            doc("eid", "Nieuwe pincode voor je identiteitskaart", "Aan het loket.", ("e-overheid-en-itsme",)),
            doc("laptop", "Laptop lenen", "Neem je identiteitskaart mee.", ("toestel-en-internet",)),
        ]
    )
    outcome = idx.search("identiteitskaart kwijt")
    assert ids(outcome)[0] == "eid"


def test_understood_terms_and_matched_terms(index: ReferralIndex) -> None:
    outcome = index.search("hulp bij belastingaangifte", neighbourhood="Hoboken")
    assert outcome.understood_terms == ("belastingen",)
    assert outcome.hits[0].matched_terms == ("belastingen",)


def test_limit_and_len(index: ReferralIndex) -> None:
    assert len(index) == len(DOCS)
    assert len(index.search("computer", limit=1).hits) == 1


def test_empty_index_is_a_gap() -> None:
    outcome = ReferralIndex.build([]).search("itsme")
    assert outcome.is_gap and outcome.hits == ()


def test_unknown_custom_category_is_indexed() -> None:
    idx = ReferralIndex.build([doc("x", "Fietsherstelplaats", "Fietsen herstellen.", ("fietsen-maken",))])
    assert ids(idx.search("fietsen maken")) == ["x"]


def test_guess_categories() -> None:
    assert guess_categories("mijn itsme werkt niet meer")[0][0] == "e-overheid-en-itsme"
    assert guess_categories("hulp bij solliciteren en cv")[0][0] == "werk-en-solliciteren"
    assert guess_categories("oma van 80 wil whatsapp leren")[:2] == [
        ("smartphone-en-apps", 1.0),
        ("senioren", pytest.approx(guess_categories("oma van 80 wil whatsapp leren")[1][1])),
    ]
    assert guess_categories("loodgieter gezocht") == []


def test_relative_days_resolve_against_the_clock_in_brussels(index: ReferralIndex) -> None:
    tuesday_late = datetime(2025, 1, 14, 22, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 Tuesday in Brussels
    outcome = index.search("morgenavond nederlands oefenen", neighbourhood="Hoboken", now=tuesday_late)
    assert outcome.filters.weekdays == frozenset({WE})
    assert outcome.filters.part_of_day == (time(17, 0), time(22, 0))
    assert ids(outcome)[0] == "taal"
    assert index.search("'s morgens computerles", neighbourhood="Hoboken").filters.weekdays == frozenset()


def test_compound_with_a_day_keeps_its_subject(index: ReferralIndex) -> None:
    outcome = index.search("zaterdagcursus gsm", neighbourhood="Hoboken")
    assert outcome.filters.weekdays == frozenset({SA})
    assert ids(outcome)[0] == "gsm-spreekuur"


def test_language_as_spoken_by_helper(index: ReferralIndex) -> None:
    outcome = index.search("iemand die Frans spreekt voor formulieren", neighbourhood="Hoboken")
    assert outcome.filters.languages == frozenset({"fr"})
    assert outcome.understood_terms == ("formulieren invullen",)
    assert ids(outcome)[0] == "franstalig"


def test_off_domain_object_makes_a_gap_even_if_the_verb_matches(index: ReferralIndex) -> None:
    assert index.search("fiets herstellen", neighbourhood="Hoboken").is_gap
    assert not index.search("laptop herstellen", neighbourhood="Hoboken").is_gap


def test_a_short_stem_is_no_part_of_a_compound() -> None:
    """"koppelen" (pairing itsme to an eID) is not "kop" + "lenen", nor "koptelefoon" a telephone: a compound
    part shorter than five letters counts only as written, never as the stem of another word."""
    analyzer = Analyzer()
    assert analyzer.parts_of("koppelen") is None
    assert analyzer.parts_of("koptelefoon") is None
    assert analyzer.parts_of("stapelen") is None
    assert analyzer.parts_of("laptopuitleen") == ("laptop", "uitleen")  # parts as written still split
    idx = ReferralIndex.build([
        doc("itsme", "itsme op je telefoon zetten", "Samen installeren we de itsme-app en koppelen we ze aan je eID.",
            ("e-overheid-en-itsme",)),
        doc("bib", "Laptop lenen", "Wie thuis geen computer heeft, leent een laptop voor vier weken.",
            ("toestel-en-internet",)),
    ])  # fmt: skip
    assert ids(idx.search("laptop lenen")) == ["bib"]
    assert ids(idx.search("itsme koppelen")) == ["itsme"]


def test_the_noun_ending_ing_is_no_bank_and_werking_no_job() -> None:
    """"-ing" ends Dutch nouns ("werking", "betalingen"): it is no compound part, though the vocabulary knows
    ING as a bank; "jeugdwerking" and "tienerwerking" are youth work as such."""
    analyzer = Analyzer()
    assert analyzer.parts_of("werking") is None and analyzer.parts_of("meisjeswerking") is None
    idx = ReferralIndex.build([
        doc("meisjes", "Meisjeswerking", "Elke woensdag een werking voor meisjes van 12 tot 16 jaar.", ("jongeren",)),
        doc("bank", "Hulp bij online bankieren", "We helpen je met de app van je bank, zoals ING of KBC.",
            ("administratie-en-formulieren",)),
        doc("vdab", "Werkwinkel", "Vacatures zoeken en solliciteren met een begeleider.", ("werk-en-solliciteren",)),
        doc("jeugd", "Tienerwerking De Kade", "Gamen, koken en huiswerk maken met leeftijdsgenoten.", ("jongeren",)),
    ])  # fmt: skip
    assert ids(idx.search("hulp met de bankapp")) == ["bank"]
    assert ids(idx.search("werk zoeken")) == ["vdab"]
    assert ids(idx.search("jeugdwerk in de buurt"))[0] == "jeugd"


def test_words_that_name_a_phone_setting_only_in_a_question_do_not_tag_offerings() -> None:
    """"contacten", "agenda", "meldingen", "toegankelijkheid" and "netwerken" name a phone's settings or
    LinkedIn when a partner asks; in an offering they say "neem contact op", "onze agenda", "een melding
    doen bij de stad", "een netwerk van vrijwilligers"."""
    idx = ReferralIndex.build([
        doc("voorlezen", "Voorleesuur in de bib", "Verhalen voor kleuters. Neem contact op met de balie of bekijk "
            "onze agenda. Nieuwe contacten leggen met andere ouders. Het gebouw is toegankelijk.",
            ("school-en-ouders",)),
        doc("buurt", "Buurtvrijwilligers", "Een netwerk van vrijwilligers helpt bij een melding doen bij de stad.",
            ("administratie-en-formulieren",)),
        doc("gsm", "Je smartphone instellen", "Lettergrootte, beltoon, wekker en contacten op je gsm.",
            ("smartphone-en-apps",)),
        doc("li", "LinkedIn voor werkzoekenden", "Maak je online profiel met profielfoto.", ("werk-en-solliciteren",)),
    ])  # fmt: skip
    assert ids(idx.search("contacten en agenda op mijn gsm")) == ["gsm"]
    assert ids(idx.search("meldingen uitzetten")) == ["gsm"]
    assert ids(idx.search("netwerken voor werk")) == ["li"]
    assert ids(idx.search("hulp met linkedin")) == ["li"]


def test_at_home_and_long_term_are_read_from_what_an_offering_says_of_them() -> None:
    """A building "toegankelijk met rolstoel" is no home visit, and "tot 16 jaar" or "elke maand" no long-term
    loan; "bij je thuis" and "langdurige bruikleen" are. "Van thuis uit" in a question is online, not at home.
    ("thuis" alone still counts both ways: offerings say "helpen ouderen thuis" as often as "voor thuis".)"""
    idx = ReferralIndex.build([
        doc("bib", "Laptop lenen", "Leen een laptop. Toegankelijk met rolstoel. Voor kinderen tot 16 jaar, elke "
            "maand nieuwe toestellen.", ("toestel-en-internet",)),
        doc("huis", "Digihulp aan huis", "Een vrijwilliger komt bij je thuis helpen met je tablet.", ("senioren",)),
        doc("lang", "Laptop in langdurige bruikleen", "Een laptop voor een heel schooljaar.", ("toestel-en-internet",)),
    ])  # fmt: skip
    assert ids(idx.search("digitale hulp aan huis")) == ["huis"]  # not the library "toegankelijk met rolstoel"
    assert ids(idx.search("laptop voor lange tijd lenen"))[0] == "lang"
    concepts = set(Analyzer().doc_terms(list(words("Voor kinderen tot 16 jaar, elke maand nieuwe toestellen."))))
    assert "C:langdurig" not in concepts and "C:aan-huis" not in set(Analyzer().doc_terms(list(words("met rolstoel"))))
    assert [u.label for u in idx._parser.parse("workshop van thuis uit").units if u.label == "hulp aan huis"] == []


def test_reading_news_is_no_literacy_support() -> None:
    """Support for people who read with difficulty is what an offering says it is ("voor wie moeilijk leest"),
    not any offering that reads something ("vacatures lezen", "nieuws lezen")."""
    idx = ReferralIndex.build([
        doc("werk", "Digitaal naar werk", "Vacatures lezen en solliciteren op de computer.", ("werk-en-solliciteren",)),
        doc("basis", "Digitale basis voor wie moeilijk leest", "Computerles in eenvoudige taal.",
            ("basisvaardigheden",)),
    ])  # fmt: skip
    assert ids(idx.search("iemand die moeite heeft met lezen")) == ["basis"]


def test_working_by_appointment_is_no_help_to_book_one() -> None:
    """"Op afspraak" says how to get in; helping to book an appointment online is what an offering says
    ("een online afspraak boeken", "afspraken maken via de app")."""
    idx = ReferralIndex.build([
        doc("loket", "Hulp met de eBox", "Op afspraak of zonder afspraak: antwoorden op je vragen over de eBox.",
            ("e-overheid-en-itsme",)),
        doc("dokter", "Naar de dokter, maar dan online", "Een online afspraak boeken bij je huisarts.",
            ("gezondheid-online",)),
    ])  # fmt: skip
    assert ids(idx.search("hulp om een afspraak te maken")) == ["dokter"]


def test_google_maps_is_no_folder() -> None:
    """"maps" and "mappen" share a stem: Google Maps is for finding the way, folders are for files."""
    idx = ReferralIndex.build([
        doc("gsm", "Gsm-les", "De weg vinden met Google Maps en de app van De Lijn.", ("smartphone-en-apps",)),
        doc("pc", "Computerles", "Bestanden bewaren en in mappen zetten.", ("basisvaardigheden",)),
    ])  # fmt: skip
    assert ids(idx.search("bestanden ordenen in mappen")) == ["pc"]
    assert ids(idx.search("google maps op mijn gsm")) == ["gsm"]


def test_by_appointment_in_a_question_is_a_wish_about_access() -> None:
    idx = ReferralIndex.build(DOCS)
    units = {u.label: u.role for u in idx._parser.parse("hulp met itsme op afspraak").units}
    assert units.get("op afspraak") == "weak" and "afspraak maken" not in units
    assert "afspraak maken" in {u.label for u in idx._parser.parse("online een afspraak maken").units}


def test_a_letterbox_number_is_no_bus_and_a_ticket_no_device_to_buy() -> None:
    """In a Belgian address "bus 3" is a letterbox number; "boodschappen online kopen" is no device to buy."""
    idx = ReferralIndex.build([
        doc("cafe", "Digicafé", "Hulp met je gsm. Kerkstraat 12 bus 3. Boodschappen online kopen oefenen we ook.",
            ("smartphone-en-apps",)),
        doc("lijn", "De Lijn-app", "Met de bus en tram: een ticket in de app van De Lijn.", ("smartphone-en-apps",)),
        doc("pc", "Tweedehands laptops", "Opgeknapte laptops met korting.", ("toestel-en-internet",)),
    ])  # fmt: skip
    hits = idx.search("hulp met de bus en tram app").hits
    assert hits[0].doc.id == "lijn"  # the Digicafé may follow as a general help point, not as a mobility app
    assert all("apps voor onderweg" not in h.matched_terms for h in hits if h.doc.id == "cafe")
    assert ids(idx.search("goedkope laptop kopen")) == ["pc"]


def test_a_shelter_is_no_childcare() -> None:
    """"Opvang" is childcare when a partner asks for it; in an offering it may be a night shelter."""
    idx = ReferralIndex.build([
        doc("caw", "Digitale hulp in de nachtopvang", "Opvang voor daklozen, met hulp bij je eBox.",
            ("e-overheid-en-itsme",)),
        doc("hvhk", "Kinderopvang online zoeken", "Samen zoek je een crèche via het loket.", ("school-en-ouders",)),
    ])  # fmt: skip
    for question in ("kinderopvang zoeken", "opvang zoeken voor mijn kind"):
        hits = idx.search(question).hits
        assert hits[0].doc.id == "hvhk"  # the shelter's help desk may follow as general help, not as childcare
        assert all("kinderopvang" not in h.matched_terms for h in hits if h.doc.id == "caw")
