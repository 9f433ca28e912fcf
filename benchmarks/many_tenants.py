"""Many tenants on one deployment: 500 networks of 200 offerings on one database, a Zipf-like mix of
`/verwijs` requests across them, the process's RSS over time and the per-process cache hit rate.

The database is a scratch one: a new database on the PostgreSQL server of DATABASE_URL /
--database-url, else a temporary SQLite file. The region is one workspace (team TREGIO) whose
networks each own a channel, so the tenant middleware resolves every request by its channel.
Networks and organisations are created with the product's models and storage.networks; the 100,000
offerings are inserted in bulk (200 per network, drawn from 2,000 generated ones, one statement each,
then the product's `bump_catalog_version`): adding them one by one would take longer than the
benchmark may.
The seeding runs in a child process, so the RSS printed is that of a process that only serves.

Requests go through the whole app in this process (Flask test client, signed slash commands); the
network of each request is drawn with weights 1/rank^1.1 (a few busy networks, a long tail), the
question from the 64 questions. Bounded by --seconds and --requests. The cache hit rate comes from
the `stats()` (a mapping with `hits` and `misses`, optionally `size`) of any cache object of the
app's storage/plugin modules; when the app exposes none it prints "n/a". Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/many_tenants.py [--networks 500] [--offerings 200] [--seconds 60]
      [--requests 6000] [--database-url URL] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

from _common import (
    QUERIES,
    SIGNING_SECRET,
    command_body,
    has_cards,
    latency_line,
    offering_fields,
    rss_mb,
    scratch_database,
    signed_headers,
)

TEAM, USER = "TREGIO", "UREGIO"


def build(url: str, networks: int, offerings: int) -> None:
    from storage.db import Database
    from storage.models import Offering, Organisation
    from storage.networks import bump_catalog_version, create_network

    db, rng = Database(url), random.Random(5)
    templates = [offering_fields(rng, i, None) for i in range(min(2000, networks * offerings))]  # reused: fast
    for k in range(networks):
        with db.transaction() as session:
            net = create_network(session, team_id=TEAM, name=f"Lerend netwerk {k:03d}", coordinator_user_id=USER,
                                 channel_id=f"C{k:04d}", neighbourhood=f"Wijk {k:03d}")  # fmt: skip
            orgs = [Organisation(network_id=net.id, hsds_id=f"org-{net.id}-{j}", name=f"Partner {j} van wijk {k:03d}")
                    for j in range(max(2, offerings // 20))]  # fmt: skip
            session.add_all(orgs)  # the coordinator is a member already
            session.flush()
            rows = [{**rng.choice(templates), "network_id": net.id, "organisation_id": rng.choice(orgs).id,
                     "hsds_id": f"svc-{net.id}-{i}", "area": f"Wijk {k:03d}" if rng.random() < 0.8 else None}
                    for i in range(offerings)]  # fmt: skip
            session.execute(Offering.__table__.insert(), rows)
            bump_catalog_version(session, net.id)
    db.dispose()


def cache_stats() -> str:
    """The hit rate of the app's search caches (the catalogue snapshots /verwijs reads): any object of a
    storage/plugin class (not the generic VersionedCache they are built on) with a `stats()` method
    returning a mapping with `hits` and `misses` (and optionally `size`), summed over those in use."""
    hits = misses = size = caches = 0
    gc.unfreeze()  # the caches were alive when a snapshot build froze what lived (storage.search_index): list them too
    for obj in gc.get_objects():
        cls = type(obj)
        module = cls.__dict__.get("__module__")
        ours = isinstance(module, str) and module.startswith(("storage.", "plugin."))
        if ours and cls.__name__ != "VersionedCache" and callable(getattr(cls, "stats", None)):
            numbers = obj.stats()
            if int(numbers["hits"]) + int(numbers["misses"]) == 0:
                continue  # a cache this benchmark does not use (the public pages', the API's)
            hits, misses = hits + int(numbers["hits"]), misses + int(numbers["misses"])
            size, caches = size + int(numbers.get("size", 0)), caches + 1
    if not caches:
        return "n/a (the app's caches expose no stats())"
    return f"{100 * hits / max(1, hits + misses):.1f} % ({hits} hits, {misses} misses, {size} scopes held)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--networks", type=int, default=500)
    parser.add_argument("--offerings", type=int, default=200, help="offerings per network (200)")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured seconds at most (60)")
    parser.add_argument("--requests", type=int, default=6000, help="measured requests at most (6000)")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between RSS lines (10)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 networks of 20 offerings, 2 s")
    args = parser.parse_args(argv)
    if args.quick:
        args.networks, args.offerings, args.seconds, args.every = 10, 20, 2.0, 1.0

    from plugin.app import create_app, shutdown
    from plugin.config import Settings
    from tests.fake_slack import FakeSlack

    fake = FakeSlack()
    fake.team_id = TEAM
    fake.start()
    with scratch_database(args.database_url, "tenants", args.quick) as url, tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            pool.apply(build, (url, args.networks, args.offerings))
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{kind}: {args.networks} networks × {args.offerings} offerings seeded in "
              f"{time.perf_counter() - t0:.1f} s (in a child process)")  # fmt: skip
        settings = Settings(signing_secret=SIGNING_SECRET, bot_token="xoxb-bench", slack_api_url=fake.api_url,
                            database_url=url, instance_path=Path(tmp))  # fmt: skip
        app = create_app(settings)
        client, response_url = app.test_client(), fake.response_url("regio")
        rng = random.Random(3)
        ranks = list(range(args.networks))
        rng.shuffle(ranks)  # which network is busiest is not its creation order
        weights = [1 / (r + 1) ** 1.1 for r in range(args.networks)]
        seen: set[int] = set()
        total = repeat = non200 = nocards = 0
        window: list[float] = []
        without: set[str] = set()
        print(f"RSS {rss_mb():.0f} MB before the first request; Zipf-like mix (weights 1/rank^1.1) over "
              f"{args.networks} networks, at most {args.seconds:g} s or {args.requests} requests")  # fmt: skip
        try:
            start = time.monotonic()
            next_line = start + args.every
            while total < args.requests and time.monotonic() - start < args.seconds:
                network = ranks[rng.choices(range(args.networks), weights)[0]]
                body = command_body(rng.choice(QUERIES), TEAM, f"C{network:04d}", USER, response_url)
                t = time.perf_counter()
                response = client.post("/slack/events", data=body.encode(), headers=signed_headers(body))
                window.append((time.perf_counter() - t) * 1000)
                total += 1
                repeat += network in seen
                seen.add(network)
                non200 += response.status_code != 200
                nocards += response.status_code == 200 and not has_cards(response.data)
                if response.status_code != 200 or not has_cards(response.data):
                    without.add(f"{parse_qs(body)['text'][0]!r} (HTTP {response.status_code})")
                if time.monotonic() >= next_line:
                    next_line = time.monotonic() + args.every
                    print(f"  {time.monotonic() - start:5.1f} s: {total:5d} requests, {len(seen):3d} networks "
                          f"touched, RSS {rss_mb():4.0f} MB; last {len(window)}: {latency_line(window)}")  # fmt: skip
                    window = []
            elapsed = time.monotonic() - start
            print(f"{total} requests in {elapsed:.1f} s ({total / elapsed:.0f} req/s, one thread), {len(seen)} "
                  f"networks touched; {non200} non-200, {nocards} without result cards; RSS at the end "
                  f"{rss_mb():.0f} MB")  # fmt: skip
            if without:
                print("  answered without result cards:", ", ".join(sorted(without)[:10]))
            print(f"cache hit rate: {cache_stats()}; an unbounded per-process cache would hit "
                  f"{100 * repeat / max(1, total):.1f} % (requests to a network seen before)")  # fmt: skip
        finally:
            shutdown(app)
            fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
