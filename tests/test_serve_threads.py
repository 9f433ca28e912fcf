"""`lerend-netwerk serve` runs gunicorn with WEB_CONCURRENCY workers of WEB_THREADS request threads each
(README: *End to end*: a second thread per worker only takes turns with the first for Python's lock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from plugin import cli
from plugin.config import ConfigError, Settings, load_settings


def test_the_workers_and_their_threads_come_from_the_environment() -> None:
    assert (load_settings({}).web_workers, load_settings({}).web_threads) == (2, 1)
    assert load_settings({"WEB_THREADS": "3"}).web_threads == 3
    assert load_settings({"WEB_CONCURRENCY": "5"}).web_workers == 5
    for name in ("WEB_THREADS", "WEB_CONCURRENCY"):
        for wrong in ("0", "-1", "65", "veel", "٣"):
            with pytest.raises(ConfigError, match=name):
                load_settings({name: wrong})


@pytest.mark.parametrize("threads", [None, "3"])
def test_serve_hands_them_to_gunicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: str | None) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    captured: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execve", lambda _exe, argv, _env: captured.append(list(argv)))
    monkeypatch.setenv("LEREND_NETWERK_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    if threads is None:
        monkeypatch.delenv("WEB_THREADS", raising=False)
    else:
        monkeypatch.setenv("WEB_THREADS", threads)
    result = CliRunner().invoke(cli.main, ["serve", "--dev"])
    assert result.exit_code == 0, result.output
    [argv] = captured
    assert argv[argv.index("--threads") + 1] == (threads or str(Settings.web_threads))
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert argv[argv.index("--workers") + 1] == "3"
