"""Where one `/verwijs` request spends its time: a 1,000-offering network, signed slash commands posted
in-process with Flask's test client (Bolt's verification, the middleware, the search and the rendering
all count), timed, then once more under cProfile. Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/profile_verwijs.py [--offerings 1000] [--requests 300] [--top 30]
      [--database-url URL] [--city]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from _common import (
    QUERIES,
    SIGNING_SECRET,
    command_body,
    has_cards,
    latency_line,
    scratch_database,
    seed_channel_network,
    signed_headers,
)

TEAM, CHANNEL, USER = "TPROF", "CPROF", "UPROF"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)

    from plugin.app import create_app, shutdown
    from plugin.config import Settings
    from tests.fake_slack import FakeSlack

    fake = FakeSlack()
    fake.team_id = TEAM
    fake.start()
    with scratch_database(args.database_url, "prof", True) as url, tempfile.TemporaryDirectory() as tmp:
        seed_channel_network(url, TEAM, CHANNEL, [USER], args.offerings)
        settings = Settings(signing_secret=SIGNING_SECRET, bot_token="xoxb-bench", slack_api_url=fake.api_url,
                            database_url=url, instance_path=Path(tmp))  # fmt: skip
        app = create_app(settings)
        client, fake_url = app.test_client(), fake.response_url("prof")
        bodies = [command_body(q, TEAM, CHANNEL, USER, fake_url) for q in QUERIES]

        def verwijs(n: int) -> tuple[float, bool]:
            body = bodies[n % len(bodies)]
            t = time.perf_counter()
            response = client.post("/slack/events", data=body.encode(), headers=signed_headers(body))
            return (time.perf_counter() - t) * 1000, response.status_code == 200 and has_cards(response.data)

        try:
            t0 = time.perf_counter()
            verwijs(0)
            print(f"first request: {(time.perf_counter() - t0) * 1000:.0f} ms")
            for n in range(len(bodies)):
                verwijs(n)
            statements: list[str] = []
            from sqlalchemy import event

            def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
                statements.append(" ".join(statement.split())[:110])

            event.listen(app.extensions["lerend_netwerk.db"].engine, "before_cursor_execute", count)
            verwijs(1)
            event.remove(app.extensions["lerend_netwerk.db"].engine, "before_cursor_execute", count)
            print(f"statements of one request ({len(statements)}):", *statements, sep="\n  ")
            import gc

            in_gc, began = [0.0, 0], [0.0]

            def collecting(phase: str, _info: dict[str, int]) -> None:
                if phase == "start":
                    began[0] = time.process_time()
                else:
                    in_gc[0] += time.process_time() - began[0]
                    in_gc[1] += 1

            gc.callbacks.append(collecting)
            cpu = time.process_time()
            timed = [verwijs(n) for n in range(args.requests)]
            cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
            gc.callbacks.remove(collecting)
            print(f"garbage collector: {in_gc[1]} passes, {in_gc[0] * 1000 / args.requests:.2f} ms CPU per request")
            ms = [t for t, _ok in timed]
            print(f"{args.requests} requests: {latency_line(ms)}, mean {statistics.fmean(ms):.2f} ms, "
                  f"CPU {cpu_ms:.2f} ms/request (this process), "
                  f"{sum(1 for _t, ok in timed if not ok)} without cards")
            profile = cProfile.Profile()
            profile.enable()
            for n in range(args.requests):
                verwijs(n)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
            if os.environ.get("PROFILE_DUMP"):
                profile.dump_stats(os.environ["PROFILE_DUMP"])
        finally:
            shutdown(app)
            fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
