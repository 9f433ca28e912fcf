"""What every `lerend-netwerk` command gets from the group: the settings and a database, made once per run.

The group callback in plugin/cli.py puts one `CliContext` on click's context; commands take it with
`@click.pass_obj`. Settings are read from the environment on first use (so `--help` never needs them), the
database is opened on first use and disposed when the command ends (`ctx.call_on_close`).
"""

from __future__ import annotations

from functools import cached_property

import click

from plugin.config import Settings, load_settings, open_database
from storage.db import Database


class CliContext:
    @cached_property
    def settings(self) -> Settings:
        return load_settings()

    @cached_property
    def db(self) -> Database:
        """The database as the Slack app opens it: with its statement, lock and SQLite busy timeouts."""
        return open_database(self.settings)

    @cached_property
    def unbounded_db(self) -> Database:
        """The database without statement or lock timeouts, for the long operator commands (imports, reports)."""
        return Database(self.settings.database_url)

    def close(self) -> None:
        for name in ("db", "unbounded_db"):
            opened = self.__dict__.pop(name, None)
            if opened is not None:
                opened.dispose()


def attach(ctx: click.Context) -> CliContext:
    """The group's callback: one CliContext for the whole run, closed when the run ends."""
    if not isinstance(ctx.obj, CliContext):
        ctx.obj = CliContext()
        ctx.call_on_close(ctx.obj.close)
    return ctx.obj
