"""`lerend-netwerk serve` runs gunicorn with WEB_THREADS request threads per worker (README: *A lean request
path*: more threads than the waits need only take turns for Python's lock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from plugin import cli
from plugin.config import ConfigError, Settings, load_settings


def test_the_threads_per_worker_come_from_the_environment() -> None:
    assert load_settings({}).web_threads == Settings.web_threads
    assert load_settings({"WEB_THREADS": "3"}).web_threads == 3
    for wrong in ("0", "-1", "65", "veel", "٣"):
        with pytest.raises(ConfigError, match="WEB_THREADS"):
            load_settings({"WEB_THREADS": wrong})


@pytest.mark.parametrize("threads", [None, "3"])
def test_serve_hands_them_to_gunicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: str | None) -> None:
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
