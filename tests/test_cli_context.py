"""The command line reads its settings and opens its database once per run, through click's context."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from plugin import cli_context
from plugin.cli import main
from plugin.config import Settings
from storage.db import Database
from tests.meeting_helpers import cli_runner


class Opened:
    """Records every database the CLI opens and whether it was disposed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.databases: list[Database] = []
        self.disposed: list[Database] = []
        real_open, real_dispose = cli_context.open_database, Database.dispose

        def open_database(settings: Settings) -> Database:
            db = real_open(settings)
            self.databases.append(db)
            return db

        def dispose(db: Database) -> None:
            self.disposed.append(db)
            real_dispose(db)

        monkeypatch.setattr(cli_context, "open_database", open_database)
        monkeypatch.setattr(Database, "dispose", dispose)


def test_a_command_opens_one_database_with_the_apps_timeouts_and_disposes_it_at_the_end(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = cli_runner(settings, monkeypatch)
    opened = Opened(monkeypatch)
    result = runner.invoke(main, ["vergaderingen", "--team", "TNIEMAND"])
    assert result.exit_code == 0, result.output
    assert result.output == "Nog geen overleg in werkruimte TNIEMAND. Plan er een met `/agenda`.\n"
    [database] = opened.databases
    assert database.timeouts.statement_ms == settings.db_statement_timeout_ms
    assert opened.disposed == [database]


def test_the_database_is_disposed_when_the_command_fails_too(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = cli_runner(settings, monkeypatch)
    opened = Opened(monkeypatch)
    result = runner.invoke(main, ["verslag", "--meeting", "999999"])
    assert result.exit_code == 1
    assert "Geen overleg met id 999999." in result.output
    assert len(opened.disposed) == 1 and opened.databases == []  # verslag reads without timeouts


def test_commands_that_need_no_database_open_none(
    settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = cli_runner(settings, monkeypatch)
    opened = Opened(monkeypatch)
    result = runner.invoke(main, ["db", "current"])
    assert result.exit_code == 0, result.output
    assert opened.databases == [] and opened.disposed == []


def test_help_needs_no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings are read on first use: a broken environment does not stand in the way of --help."""
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "niet-een-getal")
    result = CliRunner().invoke(main, ["vergaderingen", "--help"])
    assert result.exit_code == 0, result.output
    assert "--team" in result.output


def test_one_context_for_the_whole_run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[cli_context.CliContext] = []

    @main.command("probe-context", hidden=True)
    @click.pass_obj
    def probe(cli: cli_context.CliContext) -> None:
        seen.append(cli)
        assert cli.settings is cli.settings and cli.db is cli.db

    try:
        result = cli_runner(settings, monkeypatch).invoke(main, ["probe-context"])
    finally:
        main.commands.pop("probe-context")
    assert result.exit_code == 0, result.output
    [context] = seen
    assert isinstance(context, cli_context.CliContext)
    assert "db" not in vars(context)  # closed: the database was disposed and forgotten
