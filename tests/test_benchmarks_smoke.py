"""The benchmarks cannot rot: each runs in its tiny `--quick` mode (few offerings, a second of load)
and must finish and print its numbers with every answer a 200. Nothing here looks at timings.

The four run at the same time, as subprocesses; city_network and many_tenants use the PostgreSQL
server of TEST_DATABASE_URL when it is set (each in a scratch database of its own).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
DEADLINE_S = 180


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")}
    server = os.environ.get("TEST_DATABASE_URL")
    runs = {
        "e2e_throughput": [],  # SQLite only: its PostgreSQL side is the same code on another scratch database
        "city_network": ["--database-url", server] if server else [],
        "many_tenants": ["--database-url", server] if server else [],
        "instructions_verwijs": [],  # valgrind: on every machine of this workplace
    }
    logs = tmp_path_factory.mktemp("bench")
    procs = {}
    for name, extra in runs.items():
        with (logs / name).open("w") as log:  # the child keeps its own copy of the descriptor
            procs[name] = subprocess.Popen(
                [sys.executable, str(BENCHMARKS / f"{name}.py"), "--quick", *extra],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=BENCHMARKS.parent,
            )
    deadline = time.monotonic() + DEADLINE_S
    try:
        for name, proc in procs.items():
            code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            assert code == 0, f"{name} exited with {code}:\n{(logs / name).read_text()[-3000:]}"
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()  # the benchmark stops its own servers on SIGTERM
                proc.wait(timeout=30)
    return {name: (logs / name).read_text() for name in procs}


def test_e2e_throughput_checks_every_question_and_measures_both_sides(outputs: dict[str, str]) -> None:
    out = outputs["e2e_throughput"]
    check = re.search(r"check: (\d+) answers: (\d+) cards, (\d+) no cards, (\d+) non-200", out)
    assert check, out
    assert int(check[1]) >= 60 and int(check[4]) == 0 and int(check[2]) > int(check[1]) // 2, out
    for side in ("bare Bolt (ack only)", "Lerend Netwerk"):
        numbers = r"\s+(\d+)" + r"\s+[\d.]+" * 5 + r"\s+(\d+)\s+(\d+)"  # requests, 5 figures, errors, non-200
        row = re.search(rf"^{re.escape(side)}{numbers}", out, re.M)
        assert row, out
        assert int(row[1]) > 0 and int(row[2]) == 0 and int(row[3]) == 0, out  # requests; no errors, no non-200
    assert re.search(r"ratio app/bare \d+\.\d+", out), out


def test_city_network_prints_latency_rss_and_index_build(outputs: dict[str, str]) -> None:
    out = outputs["city_network"]
    assert "city network + 9 linked neighbourhoods" in out, out
    assert re.search(r"city /verwijs.*: p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms.*; 0 non-200", out), out
    assert re.search(r"RSS of this process: \d+ MB", out), out
    assert re.search(r"index build, one neighbourhood of \d+ offerings .*: \d+ ms", out), out


def test_many_tenants_prints_rss_over_time_and_hit_rate(outputs: dict[str, str]) -> None:
    out = outputs["many_tenants"]
    total = re.search(r"^(\d+) requests in .*; 0 non-200", out, re.M)
    assert total and int(total[1]) > 0, out
    assert re.search(r"RSS \d+ MB before the first request", out), out
    assert re.search(r"cache hit rate: (n/a|[\d.]+ %)", out), out


def test_instructions_are_counted_for_both_sides(outputs: dict[str, str]) -> None:
    out = outputs["instructions_verwijs"]
    if "valgrind is not installed" in out:
        pytest.skip("valgrind is not installed")
    app = re.search(r"Lerend Netwerk \(SQLite, 60 offerings\): ([\d.]+) M", out)
    bare = re.search(r"bare Bolt app \(only ack\): +([\d.]+) M", out)
    assert app and bare and float(app[1]) > float(bare[1]) > 0, out
