"""Alembic migrations describe exactly the models: no table or column lives outside a migration."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage.all_models  # noqa: F401
from storage.base import Base
from storage.db import Database
from storage.migrations.env_filters import include_object


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
