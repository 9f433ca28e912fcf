"""Search latency on a synthetic city: 10,000 offerings generated from the vocabularies (seeded).

Prints the index build time and p50/p95/p99 of ~2,000 varied queries run in-process.
Target: p95 <= 20 ms. Numbers only; nothing here asserts on timing.

Run:  .venv/bin/python benchmarks/search_latency.py [--docs 10000] [--queries 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time as clock
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from domain.referral_search import OfferingDoc, ReferralIndex  # noqa: E402
from domain.schedule import Opening  # noqa: E402
from domain.vocabulary_nl import (  # noqa: E402
    ANTWERP_AREAS,
    CATEGORIES,
    CONCEPTS,
    LANGUAGES,
    TARGET_GROUPS,
)

_FORMATS = ["Cursus", "Workshop", "Spreekuur", "Inloop", "Lessenreeks", "Infosessie", "Hulp bij", "Oefenmoment"]
_FILLER = (
    "Vrijwilligers helpen je stap voor stap. Je kan langskomen zonder afspraak of vooraf bellen. "
    "We werken in kleine groepen en nemen de tijd voor je vragen. Koffie staat klaar."
).split(". ")
_ORGS = ["Bibliotheek", "Buurtwerk", "Dienstencentrum", "OCMW", "Digipunt", "Jeugdhuis", "Huis van het Kind", "vzw"]
_QUERY_EXTRAS = [
    "hulp bij",
    "waar kan ik terecht voor",
    "iemand die helpt met",
    "cursus",
    "gratis",
    "voor mijn moeder",
    "in het arabisch",
    "woensdagnamiddag",
    "op zaterdag",
    "nu open",
    "dinsdagavond",
    "voor senioren",
    "in Deurne",
    "",
    "",
    "",
]


def _term(rng: random.Random, concept_terms: Sequence[str]) -> str:
    return rng.choice(concept_terms)


def make_docs(n: int, rng: random.Random) -> list[OfferingDoc]:
    """Offerings whose texts mix two or three concepts of the vocabulary with filler sentences."""
    concepts = [c for c in CONCEPTS if not c.weak]
    slugs = list(CATEGORIES)
    areas = [a for a in ANTWERP_AREAS[:12]] + ["Antwerpen"]
    langs = sorted(set(LANGUAGES.values()))
    groups = list(TARGET_GROUPS)
    docs: list[OfferingDoc] = []
    for i in range(n):
        picked = rng.sample(concepts, k=rng.choice((1, 2, 3)))
        main = picked[0]
        name = f"{rng.choice(_FORMATS)} {_term(rng, main.terms)}"
        sentences = [
            f"We helpen met {_term(rng, c.terms)} en {_term(rng, rng.choice(concepts).terms)}." for c in picked
        ]
        sentences += rng.sample(_FILLER, k=2)
        cats = tuple(dict.fromkeys([s for s, _ in main.categories][:2] or [rng.choice(slugs)]))
        openings = tuple(
            Opening(day, time(start, 0), time(start + rng.choice((2, 3, 4)), 0))
            for day in rng.sample(range(7), k=rng.choice((0, 1, 2, 3)))
            for start in [rng.choice((9, 10, 13, 14, 18))]
        )
        docs.append(
            OfferingDoc(
                id=f"svc-{i:05d}",
                name=name,
                description=" ".join(sentences),
                organisation=f"{rng.choice(_ORGS)} {rng.choice(areas)}",
                categories=cats,
                target_groups=tuple(rng.sample(groups, k=rng.choice((0, 0, 1)))),
                languages=tuple(["nl", *rng.sample(langs, k=rng.choice((0, 1, 2)))]),
                openings=openings,
                by_appointment=rng.random() < 0.3,
                area=rng.choice(areas),
                extra_text="Geen kosten. Open voor alle inwoners.",
            )
        )
    return docs


def make_queries(n: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """Questions of one to three concept terms plus request words, filters and the odd typo."""
    concepts = [c for c in CONCEPTS if not c.weak]
    areas = [a for a in ANTWERP_AREAS[:12]]
    queries: list[tuple[str, str | None]] = []
    for _ in range(n):
        parts = [_term(rng, c.terms) for c in rng.sample(concepts, k=rng.choice((1, 1, 2, 3)))]
        if rng.random() < 0.15:
            w = parts[0]
            if len(w) >= 6:
                j = rng.randrange(1, len(w) - 1)
                parts[0] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        if rng.random() < 0.1:
            parts = [rng.choice(["loodgieter", "yoga", "rijles", "zwemles", "kapper"]), "gezocht"]
        text = " ".join([rng.choice(_QUERY_EXTRAS), *parts]).strip()
        queries.append((text, rng.choice(areas + [None])))
    return queries


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    docs = make_docs(args.docs, rng)
    queries = make_queries(args.queries, rng)

    t0 = clock.perf_counter()
    index = ReferralIndex.build(docs)
    build_s = clock.perf_counter() - t0
    print(f"index build: {len(index)} offerings in {build_s:.2f} s")

    now = datetime(2025, 3, 12, 14, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    for text, area in queries[:20]:  # warm-up: lazy typo index, caches
        index.search(text, neighbourhood=area, now=now)
    latencies: list[float] = []
    cpu: list[float] = []
    gaps = 0
    for text, area in queries:
        t, c = clock.perf_counter(), clock.thread_time()
        outcome = index.search(text, neighbourhood=area, now=now)
        latencies.append((clock.perf_counter() - t) * 1000)
        cpu.append((clock.thread_time() - c) * 1000)
        gaps += outcome.is_gap
    for label, values in (("wall", latencies), ("cpu ", cpu)):
        print(
            f"{len(queries)} queries, {label}: p50 {percentile(values, 50):.2f} ms, "
            f"p95 {percentile(values, 95):.2f} ms, p99 {percentile(values, 99):.2f} ms, "
            f"max {max(values):.2f} ms, mean {statistics.fmean(values):.2f} ms"
        )
    print(f"({gaps} answered as gaps; cpu time is what the search costs when the machine is shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
