"""End to end: signed `/verwijs` commands through gunicorn, next to a bare Bolt app that only acks.

Per database (a temporary SQLite file; and a scratch database on the PostgreSQL server of
DATABASE_URL or --database-url when one is given), in one run:
  1. a network (team TBENCH, channel CBENCH, Borgerhout) with 1,000 offerings, built with storage.catalog;
  2. benchmarks/bare_bolt_app.py and Lerend Netwerk (`plugin.wsgi:app`), each under gunicorn (2 workers,
     gthread, the threads per worker of `lerend-netwerk serve`: WEB_THREADS); the fake Slack Web API answers auth.test;
  3. a check: each of the 64 questions twice, each on a new connection, four at a time (so both
     workers build their index): every answer must be a 200 with result cards;
  4. after 2 s of the same load per side that are not counted (each side at its steady state),
     16 keep-alive connections for 12 s per side, in 4 rounds of 3 s that alternate the sides (bare, app,
     app, bare, ...: on a shared machine its ups and downs then fall on both), cycling through the
     questions signed with slack_sdk's SignatureVerifier: wrk with a Lua script (bodies pre-signed just
     before each run, well within Slack's 5-minute window) when `wrk` is installed, else a multi-process
     Python client signing every request;
  5. prints req/s over all rounds, p50/p95/p99 (the median of the rounds'), the gunicorn processes' CPU per
     request (/proc), non-200 answers and answers without result cards, and the ratio app/bare (all
     rounds, and per round). Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/e2e_throughput.py [--seconds 12] [--rounds 4] [--connections 16]
      [--warmup 2] [--database-url URL] [--client auto|wrk|python] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _common import (
    HOST,
    QUERIES,
    ROOT,
    SIGNING_SECRET,
    command_body,
    cpu_seconds,
    has_cards,
    percentile,
    process_tree,
    scratch_database,
    seed_channel_network,
    serve_threads,
    signed_headers,
    start_gunicorn,
    stop,
    wait_ready,
)

from domain.search.scoring import kernels

TEAM, CHANNEL = "TBENCH", "CBENCH"
USERS = [f"UBENCH{i:02d}" for i in range(8)]
LUA = Path(__file__).with_name("verwijs_load.lua")


def post(conn: http.client.HTTPConnection, body: str) -> tuple[int, bytes]:
    conn.request("POST", "/slack/events", body=body.encode(), headers=signed_headers(body))
    response = conn.getresponse()
    return response.status, response.read()


def check(port: int, bodies: list[tuple[str, str]]) -> str:
    """Every question on a new connection, four at a time (so every worker serves some and builds its
    index): counts answers with cards, without cards, non-200."""

    def one(item: tuple[str, str]) -> tuple[str, int, bytes]:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            return (item[1], *post(conn, item[0]))
        finally:
            conn.close()

    counts, problems = {"cards": 0, "no cards": 0, "non-200": 0}, []
    with ThreadPoolExecutor(4) as pool:
        for query, status, data in pool.map(one, bodies):
            kind = "non-200" if status != 200 else "cards" if has_cards(data) else "no cards"
            counts[kind] += 1
            if kind != "cards" and len(problems) < 5:
                problems.append(f"\n  {query!r}: HTTP {status} {data[:120]!r}")
    return f"{len(bodies)} answers: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "".join(problems)


def _client(port: int, bodies: list[str], conns: int, start: float, end: float, offset: int) -> list[tuple]:
    """One process of the Python client: `conns` threads with a keep-alive connection each.
    Returns (ms or None for a socket error, status, with cards, start of the body) per request."""
    import threading

    rows: list[tuple] = []  # list.append is atomic

    def run(k: int) -> None:
        conn, i = http.client.HTTPConnection(HOST, port, timeout=10), offset + k * 97
        time.sleep(max(0.0, start - time.time()))
        while time.time() < end:
            i += 1
            t0 = time.perf_counter()
            try:
                status, data = post(conn, bodies[i % len(bodies)])
                rows.append(((time.perf_counter() - t0) * 1000, status, has_cards(data), data[:100]))
            except (OSError, http.client.HTTPException):
                rows.append((None, 0, False, b""))
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rows


def load(port: int, bodies: list[str], args: argparse.Namespace, cards: bool, workdir: Path) -> dict[str, Any]:
    """Requests, req/s, percentiles, errors, non-200 answers (with samples), answers without cards."""
    if args.wrk:
        ts = int(time.time())  # Bolt accepts a timestamp up to 5 minutes old: the run takes seconds
        requests = workdir / "requests.tsv"
        requests.write_text("".join(f"{ts}\t{signed_headers(b, ts)['X-Slack-Signature']}\t{b}\n" for b in bodies))
        argv = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.round_seconds}s", "--timeout", "10s", "-s",
                str(LUA), f"http://{HOST}:{port}/slack/events", "--", str(requests),
                "cards" if cards else "-"]  # fmt: skip
        out = subprocess.run(argv, capture_output=True, text=True, timeout=args.round_seconds + 60).stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
        n, us, p50, p95, p99, errors, non200, nocards = (int(x) for x in line.split()[1:])
        bad = out.split(line, 1)[1].strip("\n")
        return dict(requests=n, rps=n / (us / 1e6), p50=p50 / 1000, p95=p95 / 1000, p99=p99 / 1000,
                    errors=errors, non200=non200, nocards=nocards, bad=bad)  # fmt: skip
    procs = min(4, args.connections)
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        pool.map(time.sleep, [0.3] * procs)  # the interpreters have started
        start = time.time() + 0.5
        shares = [(port, bodies, args.connections // procs + (k < args.connections % procs), start,
                   start + args.round_seconds, k * 101) for k in range(procs)]  # fmt: skip
        rows = [row for part in pool.starmap(_client, shares) for row in part]
    ms = [r[0] for r in rows if r[0] is not None]
    bad = [f"  HTTP {status} {data!r}" for m, status, _c, data in rows if m is not None and status != 200]
    return dict(requests=len(ms), rps=len(ms) / args.round_seconds, p50=percentile(ms, 50), p95=percentile(ms, 95),
                p99=percentile(ms, 99), errors=len(rows) - len(ms), non200=len(bad),
                nocards=sum(1 for m, status, c, _d in rows if status == 200 and not c), bad="\n".join(bad[:3]))


def combined(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One side over all rounds: requests and CPU summed, req/s over the whole time, and each percentile the
    median of the rounds' (wrk gives percentiles, not latencies)."""
    requests = sum(r["requests"] for r in rounds)
    seconds = sum(r["requests"] / r["rps"] for r in rounds if r["rps"])
    out: dict[str, Any] = dict(requests=requests, rps=requests / seconds if seconds else 0.0,
                               cpu=1000 * sum(r["cpu_s"] for r in rounds) / max(1, requests))  # fmt: skip
    for key in ("p50", "p95", "p99"):
        out[key] = statistics.median(r[key] for r in rounds)
    for key in ("errors", "non200", "nocards"):
        out[key] = sum(r[key] for r in rounds)
    out["bad"] = "\n".join(r["bad"] for r in rounds if r["bad"])[:1200]
    return out


def run_database(label: str, server_url: str | None, args: argparse.Namespace, fake: Any, workdir: Path) -> None:
    with scratch_database(server_url, "e2e", args.quick) as url:
        t0 = time.perf_counter()
        seed_channel_network(url, TEAM, CHANNEL, USERS, args.offerings)
        print(f"\n== {label}: {args.offerings} offerings, seeded in {time.perf_counter() - t0:.1f} s ==")
        env = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_CMD_ARGS",
               "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")}  # fmt: skip
        env.update(SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_BOT_TOKEN="xoxb-bench", SLACK_API_URL=fake.api_url,
                   DATABASE_URL=url, LEREND_NETWERK_INSTANCE=str(workdir / "instance"))  # fmt: skip
        response_url = fake.response_url("bench")
        bodies = [command_body(q, TEAM, CHANNEL, USERS[n % len(USERS)], response_url) for n, q in enumerate(QUERIES)]
        pool = [command_body(q, TEAM, CHANNEL, u, response_url) for q in QUERIES for u in USERS]
        random.Random(7).shuffle(pool)
        sides, bare, app = {}, None, None
        try:
            bare = start_gunicorn("bare_bolt_app:app", env, args.workers, workdir / "bare.log", "--pythonpath",
                                  str(ROOT / "benchmarks"), threads=args.threads)  # fmt: skip
            app = start_gunicorn("plugin.wsgi:app", env, args.workers, workdir / "app.log", threads=args.threads)
            wait_ready(*bare, workdir / "bare.log")
            wait_ready(*app, workdir / "app.log")
            print("check:", check(app[1], list(zip(bodies, QUERIES, strict=True)) * (1 if args.quick else 2)))
            time.sleep(args.settle)
            servers = {"bare Bolt (ack only)": bare, "Lerend Netwerk": app}
            if args.warmup:  # the same load, not counted: each side at its steady state before the rounds
                warm = argparse.Namespace(**{**vars(args), "round_seconds": args.warmup})
                for name, (_proc, port) in servers.items():
                    load(port, pool, warm, name == "Lerend Netwerk", workdir)
            rounds: list[dict[str, dict[str, Any]]] = []
            for r in range(args.rounds):  # alternating, so that the machine's ups and downs fall on both sides
                rounds.append({})
                for name in list(servers) if r % 2 == 0 else list(reversed(servers)):
                    proc, port = servers[name]
                    pids = process_tree(proc.pid)
                    cpu = cpu_seconds(pids)
                    rounds[-1][name] = load(port, pool, args, name == "Lerend Netwerk", workdir)
                    rounds[-1][name]["cpu_s"] = cpu_seconds(pids) - cpu
            sides = {name: combined([r[name] for r in rounds]) for name in servers}
        finally:
            for server in (bare, app):
                if server is not None:
                    stop(server[0])
        print(f"{'side':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'CPU ms/req':>11}"
              f"{'errors':>7}{'non-200':>8}{'no cards':>9}")  # fmt: skip
        for name, r in sides.items():
            print(f"{name:<22}{r['requests']:>9}{r['rps']:>9.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['p99']:>8.1f}"
                  f"{r['cpu']:>11.2f}{r['errors']:>7}{r['non200']:>8}"
                  f"{r['nocards'] if name == 'Lerend Netwerk' else '-':>9}")  # fmt: skip
            if r["bad"]:
                print(r["bad"])
        a, b = sides["Lerend Netwerk"], sides["bare Bolt (ack only)"]
        ratio = a["rps"] / b["rps"] if b["rps"] else float("nan")
        per_round = [r["Lerend Netwerk"]["rps"] / max(r["bare Bolt (ack only)"]["rps"], 1e-9) for r in rounds]
        print("ratio per round:", " ".join(f"{x:.3f}" for x in per_round))
        target = 0.5 if label == "SQLite" else 0.4
        print(f"ratio app/bare {ratio:.3f} (target ≥ {target}: {'met' if ratio >= target else 'MISSED'}); "
              f"app p99 {a['p99']:.1f} ms (target ≤ 30 ms: {'met' if a['p99'] <= 30 else 'MISSED'})")  # fmt: skip


def _interrupt(signum: int, frame: Any) -> None:  # SIGTERM: `finally` stops the servers
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=12, help="measured seconds per side, all rounds (12)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds, each side in turn (4)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of the same load per side, not counted (2)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=serve_threads(), help="per worker (default: as serve)")
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--settle", type=float, default=2.0, help="idle seconds after the check (2)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="PostgreSQL server too")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--quick", action="store_true", help="smoke run: 60 offerings, 4 connections, 1 s")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.warmup, args.connections, args.offerings, args.settle = 1, 1, 0, 4, 60, 0.0
    if args.client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install -y wrk)")
    args.wrk = args.client != "python" and shutil.which("wrk") is not None
    args.round_seconds = max(1, args.seconds // max(1, args.rounds))
    client = "wrk, Lua cycling pre-signed bodies" if args.wrk else "Python http.client, 4 processes, signs each"
    print(f"load: {args.connections} keep-alive connections, {args.rounds} rounds of {args.round_seconds} s per side "
          f"(bare, app, app, bare, ...), {len(QUERIES)} questions "
          f"× {len(USERS)} users; client: {client}; gunicorn {args.workers} workers gthread × {args.threads} threads; "
          f"search loops: {'C' if kernels is not None else 'NumPy (domain/search/_kernels.c not built)'}")  # fmt: skip

    from tests.fake_slack import FakeSlack

    signal.signal(signal.SIGTERM, _interrupt)
    fake = FakeSlack()
    fake.team_id = TEAM
    fake.start()
    workdir = Path(tempfile.mkdtemp(prefix="lerend-e2e-"))
    try:
        run_database("SQLite", None, args, fake, workdir)
        if args.database_url and not args.database_url.startswith("sqlite"):
            run_database("PostgreSQL", args.database_url, args, fake, workdir)
        else:
            print("\n(PostgreSQL: set DATABASE_URL or --database-url to a server to measure it too)")
    finally:
        fake.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
