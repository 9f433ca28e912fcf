"""Filters restrict: every hit meets every filter, written in the question or passed by a caller."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from domain.referral_search import OfferingDoc, ReferralIndex, SearchFilters
from domain.schedule import Opening, is_open
from domain.search.filters import open_now
from domain.search.phrases import filter_phrases

BXL = ZoneInfo("Europe/Brussels")
MO, TU, WE, TH, FR, SA, SU = range(7)


def doc(id: str, name: str, **kw: object) -> OfferingDoc:
    base: dict[str, object] = {
        "description": "Hulp met je smartphone en apps.",
        "organisation": "Buurtwerk",
        "categories": ("smartphone-en-apps",),
        "area": "Kiel",
        "languages": ("nl",),
    }
    base.update(kw)
    return OfferingDoc(id=id, name=name, **base)  # type: ignore[arg-type]


DOCS = [
    doc("ma", "Gsm-hulp op maandag", openings=(Opening(MO, time(9), time(12)),), access="walk_in", fees="Gratis"),
    doc(
        "wo-av",
        "Gsm-hulp woensdagavond",
        openings=(Opening(WE, time(18), time(20)),),
        languages=("nl", "ar"),
        access="walk_in",
        fees="2 euro",
    ),
    doc(
        "afspraak",
        "Gsm-hulp op afspraak",
        openings=(Opening(MO, time(8), time(16)),),
        by_appointment=True,
        access="appointment",
    ),
    doc("senioren", "Gsm-hulp voor senioren", target_groups=("senioren",), openings=(Opening(TH, time(14), time(16)),)),
    doc("jongeren", "Gsm-hulp voor jongeren", target_groups=("jongeren",), openings=(Opening(TH, time(14), time(16)),)),
    doc("onbekend", "Gsm-hulp zonder uren", languages=()),
]


def ids(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.doc.id for h in outcome.hits]


INDEX = ReferralIndex.build(DOCS)
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BXL)


def test_without_filters_everything_that_fits_is_found() -> None:
    assert set(ids(INDEX.search("gsm hulp", now=MONDAY_10))) == {d.id for d in DOCS}


def test_weekday_part_of_day_language_and_target_group_restrict() -> None:
    assert ids(INDEX.search("gsm hulp op woensdag")) == ["wo-av"]
    assert set(ids(INDEX.search("gsm hulp 's avonds"))) == {"wo-av"}
    assert ids(INDEX.search("gsm hulp in het Arabisch")) == ["wo-av"]
    # an offer for another group is left out, offers for everyone stay
    found = set(ids(INDEX.search("gsm hulp voor senioren")))
    assert "jongeren" not in found and {"senioren", "ma", "wo-av"} <= found


def test_open_now_respects_hours_days_and_appointments() -> None:
    found = ids(INDEX.search("gsm hulp nu open", now=MONDAY_10))
    assert found == ["ma"]  # "afspraak" has hours now, but nobody walks in on an appointment service
    assert is_open(DOCS[2].openings, MONDAY_10) and not open_now(DOCS[2], MONDAY_10)
    night = INDEX.search("gsm hulp nu open", now=datetime(2026, 11, 30, 4, 25, tzinfo=BXL))
    assert night.hits == () and not night.is_gap and night.unmet == {"open_now"}
    assert [h.doc.id for h in night.alternatives][0] == "ma"


def test_unknown_is_never_a_match() -> None:
    # no hours: not open on Sunday; no languages: not Arabic; no cost: not known to be free
    assert "onbekend" not in ids(INDEX.search("gsm hulp op zondag"))
    sunday = INDEX.search("gsm hulp op zondag")
    assert sunday.hits == () and sunday.filtered_out
    assert "onbekend" not in ids(INDEX.search("gsm hulp", filters=SearchFilters(languages=frozenset({"ar"}))))
    assert ids(INDEX.search("gsm hulp", filters=SearchFilters(free=True))) == ["ma"]
    assert set(ids(INDEX.search("gsm hulp", filters=SearchFilters(walk_in=True)))) == {"ma", "wo-av"}


def test_caller_filters_and_written_filters_add_up() -> None:
    both = INDEX.search("gsm hulp op maandag", filters=SearchFilters(walk_in=True))
    assert ids(both) == ["ma"]
    assert both.filters.weekdays == {MO} and both.filters.walk_in
    only_category = INDEX.search("gsm hulp", filters=SearchFilters(category="basisvaardigheden"))
    assert only_category.hits == () and not only_category.is_gap


def test_nearest_alternatives_are_for_another_moment_only() -> None:
    outcome = INDEX.search("gsm hulp op zondag")
    assert outcome.unmet == {"day"}
    assert {h.doc.id for h in outcome.alternatives} <= {"ma", "wo-av", "afspraak", "senioren", "jongeren"}
    # another language is no alternative for someone who needs Tigrinya
    tigrinya = INDEX.search("gsm hulp in het Tigrinya")
    assert tigrinya.hits == () and tigrinya.alternatives == () and not tigrinya.is_gap
    assert tigrinya.subject == "gsm hulp"


def test_only_filters_lists_what_meets_them_or_says_nothing() -> None:
    assert set(ids(INDEX.search("donderdag"))) == {"senioren", "jongeren"}
    sunday = INDEX.search("zondag")
    assert sunday.hits == () and not sunday.is_gap


def test_a_search_page_can_browse_by_filters_alone() -> None:
    # a public search page's controls without typed text: what meets them, best known first
    found = INDEX.search("", filters=SearchFilters(category="smartphone-en-apps", walk_in=True))
    assert set(ids(found)) == {"ma", "wo-av"} and not found.is_gap
    assert INDEX.search("").is_gap  # nothing asked, nothing answered


def test_vandaag_leaves_out_a_session_that_already_ended_today() -> None:
    morning = doc("ochtend", "Computerles in de voormiddag", openings=(Opening(WE, time(9), time(12)),))
    afternoon = doc("namiddag", "Computerles in de namiddag", openings=(Opening(WE, time(13), time(17)),))
    index = ReferralIndex.build([morning, afternoon])
    at_ten = datetime(2026, 12, 2, 10, 0, tzinfo=BXL)  # a Wednesday
    at_three = datetime(2026, 12, 2, 15, 0, tzinfo=BXL)
    assert [h.doc.id for h in index.search("computerles vandaag", now=at_ten).hits] == ["ochtend", "namiddag"]
    later = index.search("computerles vandaag", now=at_three)
    assert [h.doc.id for h in later.hits] == ["namiddag"]  # this morning's session is over: not "vandaag"
    # a plain weekday keeps meaning the weekly hours: next Wednesday's morning still counts
    weekly = index.search("computerles woensdag", now=at_three)
    assert {h.doc.id for h in weekly.hits} == {"ochtend", "namiddag"}
    evening = datetime(2026, 12, 2, 18, 0, tzinfo=BXL)
    nothing_left = index.search("computerles vandaag", now=evening)
    assert nothing_left.hits == () and not nothing_left.is_gap  # both ended: no false "vandaag"
    assert {h.doc.id for h in nothing_left.alternatives} == {"ochtend", "namiddag"} and nothing_left.unmet == {"day"}
    # and the answer says "vandaag", not "op woensdag" (there are Wednesday sessions, just none left today)
    assert filter_phrases(nothing_left.filters)["day"] == "vandaag (woensdag)"
    assert filter_phrases(index.search("computerles morgen", now=at_three).filters)["day"] == "morgen (donderdag)"
    assert filter_phrases(weekly.filters)["day"] == "op woensdag"
    both = index.search("computerles vandaag of maandag", now=at_three)
    assert filter_phrases(both.filters)["day"] == "op maandag of vandaag (woensdag)"
