"""`lerend-netwerk serve` runs gunicorn with an access log that never records a query string: OAuth's
`code` and `state`, and what a visitor typed into the public map's search, stay out of the log; and with
gunicorn's own error pages (a request it cannot read) in Dutch (plugin/gunicorn_conf.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from plugin import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_logs_paths_without_query_strings_and_answers_unreadable_requests_in_dutch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    captured: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execve", lambda _exe, argv, _env: captured.append(list(argv)))
    env = {"PORT": str(port), "LEREND_NETWERK_INSTANCE": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}"}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli.main, ["serve", "--dev"])
    assert result.exit_code == 0, result.output
    [argv] = captured
    log = tmp_path / "access.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, *argv[1:]], stdout=out, stderr=subprocess.STDOUT,
                                  env={**os.environ, **env}, cwd=tmp_path)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"http://127.0.0.1:{port}/healthz?code=GEHEIM-123&state=STAAT-456"
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        # what gunicorn answers itself, before the app sees the request, is Dutch too and repeats nothing
        for request, status in ((b"GET /" + b"x" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                                (b"GET / HTTP/1.1\r\nHost: x\r\nKapot\r\n\r\n", 400)):  # fmt: skip
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(request)
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
            head, _, page = answer.decode().partition("\r\n\r\n")
            assert head.startswith(f"HTTP/1.1 {status} "), head
            assert "X-Content-Type-Options: nosniff" in head and "Content-Security-Policy: default-src 'none'" in head
            assert 'lang="nl"' in page and ("te lang" if status == 414 else "niet gelezen") in page, page
            assert "xxxx" not in page and "Kapot" not in page and "Invalid" not in page
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in text, text
    assert "GEHEIM-123" not in text and "STAAT-456" not in text
