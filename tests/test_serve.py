"""`lerend-netwerk serve --dev`, called by its path without an activated venv, serves /healthz."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from plugin.config import dev_signing_secret

SCRIPT = Path(sys.executable).with_name("lerend-netwerk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dev_secret_is_created_once_and_reused(tmp_path: Path) -> None:
    first = dev_signing_secret(tmp_path / "instance")
    assert len(first) == 32
    assert dev_signing_secret(tmp_path / "instance") == first
    assert oct((tmp_path / "instance" / "dev-signing-secret").stat().st_mode)[-3:] == "600"


def test_serve_dev_starts_without_slack_credentials(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PORT": str(port),
        "LEREND_NETWERK_INSTANCE": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(
        [str(SCRIPT), "serve", "--dev"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=tmp_path,
    )
    try:
        health = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    health = (response.status, json.loads(response.read()))
                    break
            except OSError:
                time.sleep(0.2)
        assert health == (200, {"status": "ok", "database": True})
        with sqlite3.connect(tmp_path / "serve.sqlite3") as conn:  # make run turns the demo's public page on
            slug = conn.execute("SELECT slug FROM public_maps WHERE enabled").fetchone()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/kaart/{slug}?q=laptop", timeout=5) as response:
            assert response.status == 200 and "Laptop" in response.read().decode()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=15)[0].decode()
    secret = (tmp_path / "instance" / "dev-signing-secret").read_text().strip()
    assert f"Dev signing secret: {secret}" in output
    assert "Demo network" in output
    assert f"Sociale kaart van het demonetwerk (publiek): http://localhost:{port}/kaart/{slug}" in output
