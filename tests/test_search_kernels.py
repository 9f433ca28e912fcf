"""The search's dense loops in C (domain/search/_kernels.c) answer exactly as its NumPy steps
(domain/search/scoring.py), which answer alone where the module is not built: the same hits, scores to the
last bit, matched words, alternatives and filters, for hand-made and generated networks and questions
(with the networks' own words, filter words, neighbourhoods and limits). And the module refuses
arrays it cannot read instead of reading past them."""

from __future__ import annotations

import os
import random
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.referral_search import OfferingDoc, ReferralIndex, SearchOutcome
from domain.search import scoring
from tests.test_referral_search import DOCS, FR, MO, SA, TU, WE, op

try:
    from domain.search import _kernels as kernels
except ImportError:  # built by `pip install -e .` where a C compiler is (`make` does it); CI has one
    kernels = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    kernels is None and not os.environ.get("CI"), reason="the C loops are not built (no C compiler at install)"
)

NOWS = [datetime(2026, 12, 2, 10, 30), datetime(2026, 12, 5, 19, 0)]
FILTER_WORDS = ["", " op woensdag", " gratis", " vandaag", " in het Frans", " voor senioren", " zonder afspraak",
                " nu open", " morgenavond", " in Deurne", " voor jongeren in het Arabisch"]  # fmt: skip
AREAS = [None, "Hoboken", "Deurne", "Kiel", "Antwerpen"]


def test_the_c_loops_are_built() -> None:
    assert kernels is not None, "domain/search/_kernels.c did not build: `make clean test` shows the compiler's error"
    assert scoring.kernels is kernels  # and the search uses them


def _answer(outcome: SearchOutcome) -> tuple[Any, ...]:
    return (
        [(h.doc.id, h.score, h.matched_terms, h.city_wide) for h in outcome.hits],
        [(h.doc.id, h.score, h.matched_terms) for h in outcome.alternatives],
        outcome.is_gap, outcome.filters, outcome.unmet, outcome.subject, outcome.understood_terms,
    )  # fmt: skip


def _both(
    monkeypatch: pytest.MonkeyPatch, index: ReferralIndex, question: str, area: str | None, now: datetime,
    limit: int | None,
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:  # fmt: skip
    with monkeypatch.context() as patch:
        patch.setattr(scoring, "kernels", kernels)
        in_c = _answer(index.search(question, neighbourhood=area, now=now, limit=limit))
        patch.setattr(scoring, "kernels", None)
        in_numpy = _answer(index.search(question, neighbourhood=area, now=now, limit=limit))
    return in_c, in_numpy


def _big_network(size: int, seed: int) -> list[OfferingDoc]:
    """Offerings made of the hand-made ones' words, in four neighbourhoods and city-wide: so common that
    several words have more than scoring.POSTING_CAP offerings (the cap, with and without a neighbourhood)."""
    rng = random.Random(seed)
    sentences = [s for d in DOCS for s in d.description.split(". ") if s]
    hours = [(), (op(MO, "09:00", "12:00"),), (op(WE, "13:00", "16:00"), op(SA, "10:00", "12:00")),
             (op(TU, "18:00", "20:00"),), (op(FR, "09:00", "17:00"),)]  # fmt: skip
    made = []
    for i in range(size):
        base = rng.choice(DOCS)
        made.append(replace(
            base, id=f"d{i}", name=f"{base.name} {rng.choice(('', 'in de wijk', 'voor iedereen', 'op afspraak'))}",
            description=". ".join(rng.sample(sentences, k=rng.choice((1, 2, 3)))),
            area=rng.choice(("Hoboken", "Deurne", "Kiel", "Borgerhout", None)), openings=rng.choice(hours),
            languages=tuple(rng.sample(("nl", "fr", "ar", "en", "tr"), k=rng.choice((1, 2)))),
            target_groups=rng.choice(((), (), ("senioren",), ("jongeren",), ("nieuwkomers",))),
            fees=rng.choice((None, "Gratis", "€ 2")), access=rng.choice((None, "walk_in", "appointment")),
        ))  # fmt: skip
    return made


QUESTIONS = [
    "gsm hulp", "hulp met itsme voor mijn moeder van 80 jaar", "computerles voor jongeren", "laptop lenen",
    "formulieren invullen", "digitale hulp voor nieuwkomers", "solliciteren", "online bankieren", "wifi thuis",
    "whatsapp installeren op mijn smartphone", "belastingbrief", "tablet les", "yoga", "printen",
]  # fmt: skip


def test_the_hand_made_network_answers_the_same_in_c_and_in_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    index = ReferralIndex.build(DOCS)
    for n, question in enumerate(QUESTIONS):
        for words in FILTER_WORDS:
            for area in AREAS:
                in_c, in_numpy = _both(monkeypatch, index, question + words, area, NOWS[n % 2], None)
                assert in_c == in_numpy, (question + words, area)


def test_a_big_network_answers_the_same_in_c_and_in_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _big_network(1400, seed=3)
    index = ReferralIndex.build(docs)
    assert max(p[0].size for p in index._postings.values()) > scoring.POSTING_CAP  # the cap is exercised
    answered = 0
    for n, question in enumerate(QUESTIONS):
        for words in FILTER_WORDS[:6]:
            for area in AREAS:
                for limit in (None, 5):
                    in_c, in_numpy = _both(monkeypatch, index, question + words, area, NOWS[n % 2], limit)
                    assert in_c == in_numpy, (question + words, area, limit)
                    answered += bool(in_c[0])
    assert answered > 100  # most of these questions have answers: what is compared is rankings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(1, 60),
    picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=5),
    words=st.sampled_from(FILTER_WORDS),
    area=st.sampled_from(AREAS),
    limit=st.sampled_from([None, 1, 3, 100]),
)
def test_any_network_and_question_answer_the_same_in_c_and_in_numpy(
    monkeypatch: pytest.MonkeyPatch, seed: int, size: int, picks: list[int], words: str, area: str | None,
    limit: int | None,
) -> None:  # fmt: skip
    docs = _big_network(size, seed)
    vocabulary = sorted({w for d in docs for w in f"{d.name} {d.description}".lower().split()})
    question = " ".join(vocabulary[p % len(vocabulary)] for p in picks) + words
    index = ReferralIndex.build(docs)
    in_c, in_numpy = _both(monkeypatch, index, question, area, NOWS[seed % 2], limit)
    assert in_c == in_numpy, question


def test_order_keeps_the_best_first_and_ties_by_offering() -> None:
    scores = np.array([0.0, 2.0, 5.0, 2.0, 5.0, 0.01, 3.0])
    ranked = scores > 0.0
    groups, boost = np.ones(7), np.array([1.0, 1.0, 1.0, 1.3, 1.0, 1.0, 1.0])
    docs, values = kernels.order(scores, ranked, 3, groups, boost, 0.08, 0.8, 1.625)
    assert docs == [2, 4, 6] and values == [5.0, 5.0, 3.0]
    docs, values = kernels.order(scores, ranked, 10, groups, boost, 0.08, 0.8, 1.625)
    assert docs == [2, 4, 6, 3, 1]  # 0.01 is under 8 % of the best; 2.0 x 1.3 before 2.0
    assert scoring._ordered(scores, ranked, 10, groups, boost) == (docs, values)


def test_the_module_refuses_what_it_cannot_read() -> None:
    n = 4
    vals, creds = np.zeros(n), np.zeros(n)
    good = (np.array([0, 2], dtype=np.int32), np.array([1.0, 2.0]), 1.0, 1.0, False)
    assert kernels.match(vals, creds, [good], None, 40) == (2, 1)
    with pytest.raises(TypeError):  # offerings as int64: eight bytes, not four
        kernels.match(vals, creds, [(np.array([0, 2]), np.array([1.0, 2.0]), 1.0, 1.0, False)], None, 40)
    with pytest.raises(IndexError):  # an offering outside the index
        kernels.match(vals, creds, [(np.array([0, 9], dtype=np.int32), np.array([1.0, 2.0]), 1.0, 1.0, False)],
                      None, 40)  # fmt: skip
    with pytest.raises(ValueError):  # a mask of another length
        kernels.match(vals, creds, [good], np.ones(n + 1, dtype=bool), 40)
    with pytest.raises(ValueError):  # offerings and scores of different lengths
        kernels.match(vals, creds, [(good[0], np.array([1.0]), 1.0, 1.0, False)], None, 40)
    with pytest.raises(ValueError):  # every other slot of an array: not one block of memory
        kernels.match(np.zeros(2 * n)[::2], creds, [good], None, 40)
    read_only = np.zeros(n)
    read_only.flags.writeable = False
    with pytest.raises(ValueError):  # nothing may be written into it
        kernels.match(read_only, creds, [good], None, 40)
    ranked = np.zeros(n, dtype=bool)
    with pytest.raises(ValueError):
        kernels.rank(np.zeros(n), np.zeros(n + 1), ranked, [], [], None, None, None, [], 0.2, 0.5)
    with pytest.raises(ValueError):
        kernels.order(np.zeros(n), ranked, 3, np.ones(n - 1), None, 0.08, 0.8, 1.625)


def test_the_module_keeps_no_reference_to_what_it_reads() -> None:
    """A reference kept (or dropped one too many) on every call would leak a worker's memory (or crash it)."""
    import sys

    n = 50
    docs, scores = np.array([1, 7, 30], dtype=np.int32), np.array([2.0, 1.0, 0.5])
    mask = np.ones(n, dtype=bool)
    alts = [(docs, scores, 1.0, 1.0, False), (docs, scores, 0.5, 0.5, True)]
    wrong = [(docs.astype(np.int64), scores, 1.0, 1.0, False)]
    before = [sys.getrefcount(x) for x in (docs, scores, mask)]
    for _ in range(1000):
        vals, creds = np.zeros(n), np.zeros(n)
        kernels.match(vals, creds, alts, mask, 40)
        with pytest.raises(TypeError):
            kernels.match(vals, creds, wrong, None, 40)
        out, cover, ranked = np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)
        kernels.rank(out, cover, ranked, [(vals, creds, 1.0, 1.0)], [(docs, scores, 0.35)], mask, None, np.ones(n),
                     [creds], 0.2, 0.5)  # fmt: skip
        kernels.order(out, ranked, 2, np.ones(n), None, 0.08, 0.8, 1.625)
    assert [sys.getrefcount(x) for x in (docs, scores, mask)] == before
