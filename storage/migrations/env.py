"""Alembic environment: the database URL comes from the app's settings, never from alembic.ini.

`lerend-netwerk db …`, `serve` and the tests hand it in (storage/migrate.py); a developer's own `alembic`
command finds it as the app does (storage/location.py: DATABASE_URL, else the instance's SQLite file).
"""

from __future__ import annotations

import os

from alembic import context

import storage.all_models  # noqa: F401  (registers every table on Base.metadata)
from storage import location
from storage.base import Base
from storage.db import build_engine
from storage.migrations.env_filters import include_object

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    return location.database_url(os.environ)  # the alembic CLI, run by a developer


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = build_engine(_database_url())
    with engine.connect() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
