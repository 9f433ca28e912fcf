"""What an index keeps between searches (the own-neighbourhood factors per neighbourhood, a general help
point's share per set of groups asked, a common term's best offerings) must not make an answer depend on
what was asked before: every answer of a long-used index equals that of a new one, score for score."""

from __future__ import annotations

from datetime import datetime

from domain.referral_search import ReferralIndex, SearchOutcome
from tests.test_referral_search import DOCS

NOW = datetime(2026, 12, 2, 10, 30)
QUESTIONS = [
    ("gsm hulp", "Hoboken"),
    ("gsm hulp voor senioren", "Deurne"),
    ("computerles voor jongeren", None),
    ("hulp met itsme voor mijn moeder van 80 jaar", "Hoboken"),
    ("formulieren invullen in het Frans", "Deurne"),
    ("digitale hulp voor nieuwkomers", "Antwerpen"),
    ("laptop lenen", "Hoboken"),
    ("solliciteren op woensdag", None),
]


def _answer(outcome: SearchOutcome) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(h.doc.id, h.score, h.matched_terms) for h in outcome.hits] + [
        (h.doc.id, h.score, ("alternative",)) for h in outcome.alternatives
    ]


def test_an_index_answers_as_a_new_one_whatever_was_asked_before() -> None:
    used = ReferralIndex.build(DOCS)
    for question, area in QUESTIONS + QUESTIONS[::-1] + QUESTIONS:
        fresh = ReferralIndex.build(DOCS).search(question, neighbourhood=area, now=NOW)
        again = used.search(question, neighbourhood=area, now=NOW)
        assert _answer(again) == _answer(fresh), (question, area)
        assert again.is_gap == fresh.is_gap and again.filters == fresh.filters
