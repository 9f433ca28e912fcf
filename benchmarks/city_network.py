"""A city network linked to nine neighbourhoods of 1,000 offerings each: in-process `/verwijs` latency,
index build time of one 1,000-offering network, and the process's RSS after warm-up.

The networks are built with the product's storage functions (storage.networks, storage.catalog,
storage.network_links) in a scratch database (a temporary SQLite file, or a new database on the
PostgreSQL server of DATABASE_URL / --database-url). `/verwijs` goes through the whole app in this
process: signed slash commands (slack_sdk's SignatureVerifier) posted to /slack/events with Flask's
test client, so Bolt's verification, the middleware, the search and the rendering all count. Every
answer is checked to be a 200 with result cards. Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/city_network.py [--offerings 1000] [--requests 400] [--database-url URL] [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import (
    NEIGHBOURHOODS,
    QUERIES,
    SIGNING_SECRET,
    command_body,
    has_cards,
    latency_line,
    rss_mb,
    scratch_database,
    seed_offerings,
    signed_headers,
)

TEAM, CITY_CHANNEL, USER = "TSTAD", "CSTAD", "USTAD"


def build(url: str, offerings: int) -> tuple[int, list[int]]:
    """The city network (channel CSTAD) and nine linked neighbourhoods (channels CWIJK0..8)."""
    from storage.db import Database
    from storage.network_links import link_to_city, make_city_wide
    from storage.networks import create_network, ensure_member

    db = Database(url)
    rng = random.Random(11)
    with db.transaction() as session:
        city = create_network(session, team_id=TEAM, name="Lerend netwerk Stad Antwerpen", coordinator_user_id=USER,
                              channel_id=CITY_CHANNEL)  # fmt: skip
        ensure_member(session, city, USER)
        make_city_wide(session, city.id)
        seed_offerings(session, city.id, max(10, offerings // 20), rng, None)  # a few city-wide offerings of its own
        city_id, wijken = city.id, []
    for k, name in enumerate(NEIGHBOURHOODS):
        with db.transaction() as session:  # one transaction per neighbourhood, as partners fill them over time
            wijk = create_network(session, team_id=TEAM, name=f"Lerend netwerk {name}", coordinator_user_id=USER,
                                  channel_id=f"CWIJK{k}", neighbourhood=name)  # fmt: skip
            ensure_member(session, wijk, USER)
            seed_offerings(session, wijk.id, offerings, rng, name)
            link_to_city(session, wijk.id, city_id)
            wijken.append(wijk.id)
    db.dispose()
    return city_id, wijken


def index_build_ms(url: str, network_id: int, repeat: int = 3) -> tuple[float, float]:
    """The product's catalog snapshot (index + cards) for one network, built from the database by a fresh
    cache: median wall time and median CPU time of this process (less sensitive to other load)."""
    from storage.db import Database
    from storage.search_index import SearchIndexCache, search_scope

    db, times, cpu = Database(url), [], []
    for _ in range(repeat):
        with db.transaction() as session:
            scope = search_scope(session, network_id)
            t0, c0 = time.perf_counter(), time.process_time()
            SearchIndexCache().snapshot(session, scope)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    db.dispose()
    return statistics.median(times), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=1000, help="offerings per neighbourhood (1000)")
    parser.add_argument("--requests", type=int, default=400, help="measured /verwijs requests (400)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--quick", action="store_true", help="smoke run: 15 offerings per neighbourhood, 30 requests")
    args = parser.parse_args(argv)
    if args.quick:
        args.offerings, args.requests = 15, 30

    from plugin.app import create_app, shutdown
    from plugin.config import Settings
    from tests.fake_slack import FakeSlack

    fake = FakeSlack()
    fake.team_id = TEAM
    fake.start()
    with scratch_database(args.database_url, "city", args.quick) as url, tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(1) as pool:  # so this process's RSS is a worker's
            city_id, wijken = pool.apply(build, (url, args.offerings))
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{kind}: city network + {len(wijken)} linked neighbourhoods × {args.offerings} offerings "
              f"built with storage.catalog in {time.perf_counter() - t0:.1f} s")  # fmt: skip

        settings = Settings(signing_secret=SIGNING_SECRET, bot_token="xoxb-bench", slack_api_url=fake.api_url,
                            database_url=url, instance_path=Path(tmp))  # fmt: skip
        app = create_app(settings)
        client, fake_url = app.test_client(), fake.response_url("city")
        try:

            def verwijs(text: str, channel: str) -> tuple[float, int, bool]:
                body = command_body(text, TEAM, channel, USER, fake_url)
                t = time.perf_counter()
                response = client.post("/slack/events", data=body.encode(), headers=signed_headers(body))
                return (time.perf_counter() - t) * 1000, response.status_code, has_cards(response.data)

            rss_start = rss_mb()
            first_wijk, _, _ = verwijs("laptop lenen", "CWIJK0")
            first_city, _, _ = verwijs("laptop lenen", CITY_CHANNEL)
            print(f"first /verwijs after start: a neighbourhood {first_wijk:.0f} ms, the city network "
                  f"({len(wijken)} × {args.offerings} offerings) {first_city:.0f} ms")  # fmt: skip
            for query in QUERIES[:10]:  # warm-up
                verwijs(query, CITY_CHANNEL)
            rss_warm = rss_mb()
            ms, non200, nocards, without = [], 0, 0, set()
            cpu_start = time.process_time()
            for n in range(args.requests):
                elapsed, status, cards = verwijs(QUERIES[n % len(QUERIES)], CITY_CHANNEL)
                ms.append(elapsed)
                non200 += status != 200
                nocards += status == 200 and not cards
                if status != 200 or not cards:
                    without.add(f"{QUERIES[n % len(QUERIES)]!r} (HTTP {status})")
            cpu_per_request = (time.process_time() - cpu_start) * 1000 / len(ms)
            print(f"city /verwijs, in-process (Flask test client, signed), {len(ms)} requests over "
                  f"{min(len(QUERIES), args.requests)} questions: {latency_line(ms)}, "
                  f"mean {statistics.fmean(ms):.1f} ms, CPU {cpu_per_request:.1f} ms "
                  f"per request (target p95 ≤ 30 ms); {non200} non-200, "
                  f"{nocards} without result cards")  # fmt: skip
            if without:
                print("  answered without result cards:", ", ".join(sorted(without)))
            print(f"RSS of this process: {rss_start:.0f} MB before the first request, {rss_warm:.0f} MB after "
                  f"warm-up, {rss_mb():.0f} MB at the end (target ≤ 250 MB per worker)")  # fmt: skip
            wall, cpu = index_build_ms(url, wijken[0])
            print(f"index build, one neighbourhood of {args.offerings} offerings (storage.search_index snapshot "
                  f"by a fresh cache, median of 3): {wall:.0f} ms, CPU {cpu:.0f} ms (target ≤ 300 ms)")  # fmt: skip
        finally:
            shutdown(app)
            fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
