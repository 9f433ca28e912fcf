"""Instructions per `/verwijs`, counted by valgrind's callgrind: a figure that does not move with what else the
machine is doing, where whole-run timings on a shared machine move by half (see the README).

The 1,000-offering network is seeded first, natively, into a temporary SQLite file. Then, each under
`valgrind --tool=callgrind --instr-atstart=no`: Lerend Netwerk (`plugin.app.create_app`) and the bare Bolt
app of the end-to-end benchmark (benchmarks/bare_bolt_app.py), each through Flask's test client with
signed requests cycling through the 64 questions; after a warm-up (the index built, every question
asked twice), instrumentation is switched on for N requests only (`callgrind_control -i on/off`).
Prints instructions per request of both and their ratio (the test client's own work is in both).
Numbers only; nothing asserts. Without valgrind it says so and stops.

Run:  .venv/bin/python benchmarks/instructions_verwijs.py [--requests 256] [--offerings 1000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import QUERIES, ROOT, SIGNING_SECRET, command_body, scratch_database, seed_channel_network, signed_headers

TEAM, CHANNEL, USER = "TINSTR", "CINSTR", "UINSTR"


def inner(side: str, database: str, requests: int) -> None:
    """Under valgrind: warm up, then count `requests` requests only."""
    from tests.fake_slack import FakeSlack

    fake = FakeSlack()
    fake.team_id = TEAM
    fake.start()
    os.environ.update(SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url)
    if side == "app":
        from plugin.app import create_app, shutdown
        from plugin.config import Settings

        settings = Settings(signing_secret=SIGNING_SECRET, bot_token="xoxb-bench", slack_api_url=fake.api_url,
                            database_url=f"sqlite:///{database}", instance_path=Path(database).parent)  # fmt: skip
        app = create_app(settings)
    else:
        import bare_bolt_app

        app = bare_bolt_app.app
    client = app.test_client()
    bodies = [command_body(q, TEAM, CHANNEL, USER, fake.response_url("instr")) for q in QUERIES]
    signed = [(b.encode(), signed_headers(b)) for b in bodies]

    def ask(n: int) -> None:
        for i in range(n):
            body, headers = signed[i % len(signed)]
            client.post("/slack/events", data=body, headers=headers)

    ask(2 * len(signed))
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
    ask(requests)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=False)
    if side == "app":
        shutdown(app)
    fake.stop()


def count(side: str, database: str, requests: int, workdir: Path) -> float:
    out = workdir / f"callgrind.{side}"
    argv = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}", sys.executable,
            __file__, "--inner", side, "--database", database, "--requests", str(requests)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=1800, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind run of {side} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1)) / requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=256)
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="smoke run: 60 offerings, 8 requests")
    parser.add_argument("--inner", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        inner(args.inner, args.database, args.requests)
        return 0
    if args.quick:
        args.offerings, args.requests = 60, 8
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind is not installed (apt-get install -y valgrind): no instruction counts")
        return 0
    with scratch_database(None, "instr", True) as url, tempfile.TemporaryDirectory(prefix="lerend-instr-") as tmp:
        seed_channel_network(url, TEAM, CHANNEL, [USER], args.offerings)
        database = str(Path(tmp) / "verwijs.sqlite3")
        shutil.copy(url.removeprefix("sqlite:///"), database)
        app = count("app", database, args.requests, Path(tmp))
        bare = count("bare", database, args.requests, Path(tmp))
    print(f"instructions per /verwijs, in-process through Flask's test client, {args.requests} requests counted:")
    print(f"  Lerend Netwerk (SQLite, {args.offerings:,} offerings): {app / 1e6:.2f} M")
    print(f"  bare Bolt app (only ack):                 {bare / 1e6:.2f} M")
    print(f"  ratio bare/app: {bare / app:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
