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
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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
        walk_the_readme(env)
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


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60, cwd=env["HOME"])
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def walk_the_readme(env: dict[str, str]) -> None:
    """The README's examples against the demo network: each shows something, in Dutch, no apology."""
    shown = {
        command: run_cli(env, "try", command)  # `try` finds the server on $PORT, as `serve` listens there
        for command in (
            "/verwijs laptop lenen",
            "/aanbod",
            "/nood",
            "/hiaten",
            "/kennis itsme activeren",
            "/activiteit lijst",
            "/netwerk uitnodiging Buurtwerk De Kiem",
            "/actie iets doen 31/02",
        )
    }
    for command, output in shown.items():
        assert "Sorry" not in output and output.strip(), command
    assert "resultaten voor “laptop lenen”" in shown["/verwijs laptop lenen"]
    form = shown["/aanbod"]
    assert "VENSTER: Aanbod registreren" in form and "Naam van het aanbod" in form and "[Bewaren]" in form
    assert "VENSTER: Nood melden" in shown["/nood"] and "(kies er één: Zelden, Maandelijks" in shown["/nood"]
    gaps = shown["/hiaten"]
    assert "1. School en ouders · tekort 4 punten" in gaps and "nood 20 punten · aanbod 16 punten" in gaps
    assert "🛠 In aanpak: Infosessie Smartschool voor ouders" in gaps
    assert "itsme activeren op een nieuwe smartphone" in shown["/kennis itsme activeren"]
    assert "Infosessie Smartschool voor ouders" in shown["/activiteit lijst"]
    assert "Uitnodiging voor Buurtwerk De Kiem" in shown["/netwerk uitnodiging Buurtwerk De Kiem"]
    assert "“31/02” is geen bestaande datum" in shown["/actie iets doen 31/02"]

    listed = run_cli(env, "vergaderingen", "--team", "TDEV")
    assert "Lerend netwerk november · Lerend netwerk Deurne (TDEV) · verslag gemaakt" in listed
    minutes = run_cli(env, "verslag", "--latest", "--team", "TDEV")
    assert "# Verslag: Lerend netwerk november" in minutes
    assert "- [ ] Flyer voor de Digiweek rondsturen" in minutes and "We doen mee aan de Digiweek" in minutes
    for method in ("GET", "POST"):  # the API's errors over real HTTP: JSON in Dutch, not Flask's HTML
        request = urllib.request.Request(f"http://127.0.0.1:{env['PORT']}/api/v1/organizations", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert (refused.value.code, refused.value.headers.get_content_type()) == (404, "application/json")
        assert json.loads(refused.value.read())["error"] == "not_found"
    report = run_cli(env, "rapport", "--team", "TDEV", "--from", "2026-01-01", "--to", "2030-12-31")
    assert "| 1 | School en ouders | 20 | 16 | 4 |" in report
