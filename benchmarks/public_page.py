"""The public social map's search page: server time and page size on a 1,000-offering network.

One run: a scratch database (a temporary SQLite file, or a new database on the server of --database-url)
seeded like benchmarks/e2e_throughput.py (one network, 1,000 offerings of ~60 organisations, seeded
random, with benchmarks/_common.py), its public page turned on,
then the app (in process, through its WSGI stack, no network) answers GET /kaart/<slug> for 30
realistic questions, with and without filter controls, and the browsing page without a question.
Prints p50/p95/p99 of the server time (wall clock; the CPU time too, as other load on a shared
machine stretches the wall clock) against the target (p95 <= 50 ms) and the largest page's
size (HTML + the one stylesheet; no images, no scripts) against the target (<= 100 KB). The
rate limiter is lifted for the run. Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/public_page.py [--rounds 5] [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

from _common import QUERIES, scratch_database, seed_offerings

TEAM_ID = "TKAART"

TARGET_P95_MS = 50.0
TARGET_KB = 100.0
CONTROLS = [
    {},
    {"nu": "1"},
    {"dag": "2", "dagdeel": "namiddag"},
    {"categorie": "toestel-en-internet", "gratis": "1"},
    {"taal": "ar", "binnenlopen": "1"},
    {"wijk": "stadsbreed"},
]


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def seed(url: str, offerings: int) -> str:
    """One network (workspace TKAART, Borgerhout) with `offerings` offerings, built with storage.catalog."""
    from storage.db import Database
    from storage.networks import create_network

    db = Database(url)
    with db.transaction() as session:
        net = create_network(session, team_id=TEAM_ID, name="Lerend netwerk Borgerhout", coordinator_user_id=None,
                             neighbourhood="Borgerhout")  # fmt: skip
        seed_offerings(session, net.id, offerings, random.Random(7), "Borgerhout")
    db.dispose()
    return f"seeded: 1 network, {offerings} offerings"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    parser.add_argument("--offerings", type=int, default=1000)
    args = parser.parse_args(argv)

    from plugin.app import create_app, shutdown
    from plugin.config import Settings
    from plugin.web.guard import RateLimiter
    from storage import public_map
    from storage.networks import find_network_by_name

    with scratch_database(args.database_url, "kaart") as url, tempfile.TemporaryDirectory() as tmp:
        print(seed(url, args.offerings))
        app = create_app(Settings(signing_secret="bench", database_url=url, instance_path=Path(tmp) / "instance"))
        app.extensions["lerend_netwerk.web_search_limiter"] = RateLimiter(10**9, 60)
        db = app.extensions["lerend_netwerk.db"]
        with db.transaction() as session:
            network = find_network_by_name(session, TEAM_ID, None)
            assert network is not None
            slug = public_map.set_public(session, network.id, True, None).slug
        client = app.test_client()
        paths = [
            f"/kaart/{slug}?" + urlencode({**({"q": q} if q else {}), **c})
            for q in ["", *QUERIES[:30]]
            for c in CONTROLS
        ]
        for path in paths[:5]:  # warm up: the search index is built once
            assert client.get(path).status_code == 200
        times: list[float] = []
        cpu: list[float] = []
        biggest, biggest_path = 0, ""
        for _ in range(args.rounds):
            for path in paths:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                body = response.get_data()
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                if len(body) > biggest:
                    biggest, biggest_path = len(body), path
        css = client.get("/kaart/static/kaart.css")
        css_size = len(css.get_data())
        css.close()
        shutdown(app)
    p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
    size_kb = (biggest + css_size) / 1024
    print(f"{len(times)} search pages ({len(paths)} different URLs x {args.rounds}), {args.offerings} offerings")
    print(f"server time: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, mean {statistics.mean(times):.1f} ms")
    cpu50, cpu95 = percentile(cpu, 50), percentile(cpu, 95)
    print(f"CPU time per page (less sensitive to other load on the machine): p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms")
    print(f"  target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'NOT met'}")
    html_kb, css_kb = biggest / 1024, css_size / 1024
    print(f"largest page: {html_kb:.1f} KB HTML + {css_kb:.1f} KB CSS = {size_kb:.1f} KB ({biggest_path})")
    print(f"  target <= {TARGET_KB:.0f} KB without images: {'met' if size_kb <= TARGET_KB else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
