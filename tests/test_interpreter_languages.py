"""A language is searchable both as the language a service is given in and as "met tolk" (issue 16):
the language filter keeps an offer with an interpreter for that language, and one without neither."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from domain.referral_search import OfferingDoc, ReferralIndex
from domain.schedule import Opening

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def doc(id: str, name: str, **kw: object) -> OfferingDoc:
    base: dict[str, object] = {
        "description": "Hulp bij brieven en online formulieren.",
        "organisation": "CAW",
        "categories": ("administratie-en-formulieren",),
        "languages": ("nl",),
        "access": "walk_in",
        "openings": (Opening(0, time(9), time(12)),),
    }
    base.update(kw)
    return OfferingDoc(id=id, name=name, **base)  # type: ignore[arg-type]


INDEX = ReferralIndex.build(
    [
        doc("tolk", "Hulp bij formulieren met tolk", interpreter_languages=("tr",)),
        doc("turks", "Hulp bij formulieren in het Turks", languages=("nl", "tr")),
        doc("enkel-nl", "Hulp bij formulieren"),
    ]
)


def test_an_interpreter_language_meets_the_language_filter_and_a_dutch_only_offer_does_not() -> None:
    outcome = INDEX.search("hulp bij formulieren in het Turks", now=NOW)
    assert {hit.doc.id for hit in outcome.hits} == {"tolk", "turks"}
    assert outcome.filters.languages == frozenset({"tr"})


def test_without_an_interpreter_for_that_language_nothing_fits() -> None:
    outcome = INDEX.search("hulp bij formulieren in het Bulgaars", now=NOW)
    assert outcome.hits == ()
