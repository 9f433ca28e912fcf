"""Search filters respect closures and school holidays: not "nu open" while closed, "vandaag"/"morgen"
skip a closed date, a plain weekday keeps using the weekly hours."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.closures import closed_period, temporary_closure
from domain.referral_search import OfferingDoc, ReferralIndex
from domain.schedule import Opening
from domain.search.filters import open_now

BXL = ZoneInfo("Europe/Brussels")
MO, TU = 0, 1
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BXL)
CHRISTMAS_MONDAY = datetime(2026, 12, 28, 10, 0, tzinfo=BXL)  # kerstvakantie 2026-2027


def doc(id: str, name: str, **kw: object) -> OfferingDoc:
    base: dict[str, object] = {
        "description": "Hulp met je smartphone en apps.",
        "organisation": "Buurtwerk",
        "categories": ("smartphone-en-apps",),
        "languages": ("nl",),
        "access": "walk_in",
        "openings": (Opening(MO, time(9), time(12)), Opening(TU, time(9), time(12))),
    }
    base.update(kw)
    return OfferingDoc(id=id, name=name, **base)  # type: ignore[arg-type]


OPEN = doc("open", "Gsm-hulp altijd")
CLOSED_TODAY = doc("dicht", "Gsm-hulp inventaris", closures=(closed_period(date(2026, 11, 30), date(2026, 11, 30)),))
WORKS = doc("werken", "Gsm-hulp verbouwing", closures=(temporary_closure("Verbouwing", date(2026, 11, 1)),))
HOLIDAYS = doc("school", "Gsm-hulp in de school", follows_school_holidays=True)
INDEX = ReferralIndex.build([OPEN, CLOSED_TODAY, WORKS, HOLIDAYS])


def ids(question: str, now: datetime) -> set[str]:
    return {h.doc.id for h in INDEX.search(question, now=now).hits}


def test_an_offer_closed_today_is_not_open_now() -> None:
    assert open_now(OPEN, MONDAY_10) and not open_now(CLOSED_TODAY, MONDAY_10) and not open_now(WORKS, MONDAY_10)
    assert ids("gsm hulp nu open", MONDAY_10) == {"open", "school"}
    assert ids("gsm hulp nu open", CHRISTMAS_MONDAY) == {"open", "dicht"}  # the school holidays close one


def test_vandaag_and_morgen_respect_closures_but_a_weekday_uses_the_weekly_hours() -> None:
    assert ids("gsm hulp vandaag", MONDAY_10) == {"open", "school"}
    assert ids("gsm hulp morgen", MONDAY_10) == {"open", "dicht", "school"}  # closed on Monday only
    assert ids("gsm hulp op maandag", MONDAY_10) == {"open", "dicht", "werken", "school"}
    assert ids("gsm hulp vandaag", CHRISTMAS_MONDAY) == {"open", "dicht"}
