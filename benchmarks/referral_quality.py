"""Referral quality: nDCG@5, hit@3 and gap honesty of the search engine next to a plain BM25 baseline.

Metrics as in shared/data/README.md:
- nDCG@5 over answerable queries (DCG = sum over i<5 of (2^grade - 1) / log2(i + 2), divided by the
  DCG of the ideal ordering of the judged grades);
- hit@3: share of answerable queries with a grade-2 service among the first three results;
- gap honesty: share of unanswerable queries (empty `relevant`) answered with no result at all.

Run:  .venv/bin/python benchmarks/referral_quality.py [--sample PATH --queries PATH] [--verbose]
Without --sample/--queries it prints the public set (shared/data) and the own set (benchmarks/data)
side by side, each with the BM25 baseline.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from domain import hsds  # noqa: E402
from domain.referral_search import CATEGORIES, OfferingDoc, ReferralIndex  # noqa: E402
from storage import migrate  # noqa: E402
from storage.catalog import offerings  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.hsds_io import import_organisations  # noqa: E402
from storage.networks import create_network  # noqa: E402
from storage.search_index import offering_doc  # noqa: E402

DEFAULT_SAMPLE = ROOT.parent / "shared" / "data" / "public_sample.json"
DEFAULT_QUERIES = ROOT.parent / "shared" / "data" / "public_queries.json"
OWN_SAMPLE = ROOT / "benchmarks" / "data" / "own_sample.json"  # written and graded apart from the engine
OWN_QUERIES = ROOT / "benchmarks" / "data" / "own_queries.json"

Searcher = Callable[[str, str | None], list[str]]


def load_docs(path: Path) -> list[OfferingDoc]:
    """Offerings of an HSDS file as the app indexes them: imported with `lerend-netwerk import`'s
    code into a temporary SQLite database and read back, with their HSDS ids as doc ids."""
    with path.open(encoding="utf-8") as f:
        organisations = hsds.parse_document(json.load(f))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        db = Database(url)
        try:
            with db.transaction() as session:
                network = create_network(session, team_id="TBENCH", name="Benchmark", coordinator_user_id=None)
                import_organisations(session, network, organisations)
                return [
                    replace(offering_doc(o), id=o.hsds_id) for o in offerings(session, network.id, statuses=("active",))
                ]
        finally:
            db.dispose()


def load_queries(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return list(json.load(f))


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------


def dcg(grades: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:5]))


def ndcg_at_5(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True))
    if ideal == 0:
        return 0.0
    return dcg([relevant.get(sid, 0) for sid in ranked[:5]]) / ideal


def hit_at_3(ranked: Sequence[str], relevant: dict[str, int]) -> bool:
    return any(relevant.get(sid, 0) == 2 for sid in ranked[:3])


def evaluate(search: Searcher, queries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ndcgs: list[float] = []
    hits: list[bool] = []
    gaps: list[bool] = []
    per_query: list[tuple[str, str, float | None, bool | None, list[str]]] = []
    for q in queries:
        ranked = search(q["query"], q.get("neighbourhood"))
        relevant = {str(k): int(v) for k, v in (q.get("relevant") or {}).items()}
        if relevant:
            n = ndcg_at_5(ranked, relevant)
            h = hit_at_3(ranked, relevant)
            ndcgs.append(n)
            hits.append(h)
            per_query.append((q["id"], q["query"], n, h, ranked))
        else:
            gaps.append(not ranked)
            per_query.append((q["id"], q["query"], None, not ranked, ranked))
    return {
        "ndcg@5": sum(ndcgs) / len(ndcgs) if ndcgs else float("nan"),
        "hit@3": sum(hits) / len(hits) if hits else float("nan"),
        "gap_honesty": sum(gaps) / len(gaps) if gaps else float("nan"),
        "answerable": len(ndcgs),
        "unanswerable": len(gaps),
        "per_query": per_query,
    }


# ---------------------------------------------------------------------------------------------
# Baseline: plain BM25, no stemming, over name + description + organisation + category labels
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _plain_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


class PlainBM25:
    """The reviewers' baseline: k1=1.2, b=0.75, returns every document with a score above zero."""

    def __init__(self, docs: Sequence[OfferingDoc], k1: float = 1.2, b: float = 0.75) -> None:
        self.docs = list(docs)
        self.k1, self.b = k1, b
        self.tfs: list[Counter[str]] = []
        self.lengths: list[int] = []
        df: Counter[str] = Counter()
        for doc in self.docs:
            labels = " ".join(CATEGORIES.get(c, c.replace("-", " ")) for c in doc.categories)
            toks = _plain_tokens(" ".join([doc.name, doc.description, doc.organisation, labels]))
            tf = Counter(toks)
            self.tfs.append(tf)
            self.lengths.append(len(toks))
            df.update(tf.keys())
        n = len(self.docs)
        self.avg = sum(self.lengths) / n if n else 1.0
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def search(self, query: str, neighbourhood: str | None = None) -> list[str]:
        terms = _plain_tokens(query)
        scored: list[tuple[float, str]] = []
        for doc, tf, length in zip(self.docs, self.tfs, self.lengths, strict=True):
            s = 0.0
            for t in terms:
                f = tf.get(t, 0)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
            if s > 0:
                scored.append((s, doc.id))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [sid for _, sid in scored]


def run_set(sample: Path, queries_path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str], int, int]:
    """Both engines on one set: (results by engine, offering names, offerings, queries)."""
    docs = load_docs(sample)
    queries = load_queries(queries_path)
    index = ReferralIndex.build(docs)
    baseline = PlainBM25(docs)

    def engine(query: str, neighbourhood: str | None) -> list[str]:
        outcome = index.search(query, neighbourhood=neighbourhood)
        return [hit.doc.id for hit in outcome.hits]

    results = {"lerend-netwerk": evaluate(engine, queries), "bm25-baseline": evaluate(baseline.search, queries)}
    return results, {d.id: d.name for d in docs}, len(docs), len(queries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, help="one set only: an HSDS file (default: the public and own sets)")
    parser.add_argument("--queries", type=Path, help="that set's graded questions")
    parser.add_argument("--verbose", "-v", action="store_true", help="per-query results")
    args = parser.parse_args(argv)

    if args.sample or args.queries:
        sets = [("given", args.sample or DEFAULT_SAMPLE, args.queries or DEFAULT_QUERIES)]
    else:
        sets = [("public", DEFAULT_SAMPLE, DEFAULT_QUERIES), ("own", OWN_SAMPLE, OWN_QUERIES)]
    print(f"{'set':<8} {'engine':<16} {'nDCG@5':>8} {'hit@3':>8} {'gap honesty':>12}  size")
    for label, sample, queries_path in sets:
        results, names, n_docs, n_queries = run_set(sample, queries_path)
        ours = results["lerend-netwerk"]
        size = (
            f"{n_docs} offerings, {n_queries} questions "
            f"({ours['answerable']} answerable, {ours['unanswerable']} not) — {sample.name}"
        )
        for name, r in results.items():
            print(
                f"{label:<8} {name:<16} {r['ndcg@5']:>8.3f} {r['hit@3']:>8.3f} {r['gap_honesty']:>12.3f}"
                f"  {size if name == 'lerend-netwerk' else ''}"
            )
        if args.verbose:
            for qid, text, n, h, ranked in ours["per_query"]:
                score = f"nDCG={n:.2f} hit={'y' if h else 'n'}" if n is not None else f"gap={'ok' if h else 'NO'}"
                print(f"\n{qid} {text!r}: {score}")
                for sid in ranked[:6]:
                    print(f"    {names.get(sid, sid)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
