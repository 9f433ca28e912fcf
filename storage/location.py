"""Where the database is: DATABASE_URL, else a SQLite file in the instance folder (LEREND_NETWERK_INSTANCE).

The one rule that plugin/config.py (every setting of the app, read from the environment there) and the
Alembic environment (storage/migrations/env.py, run by a developer's `alembic` command without the app)
share, so storage/ never imports plugin/. The caller hands in the environment; nothing here reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

DATABASE_URL = "DATABASE_URL"
INSTANCE = "LEREND_NETWERK_INSTANCE"
SQLITE_FILE = "lerend-netwerk.sqlite3"


def instance_path(environ: Mapping[str, str]) -> Path:
    return Path(environ.get(INSTANCE, "instance")).resolve()


def database_url(environ: Mapping[str, str]) -> str:
    return environ.get(DATABASE_URL) or f"sqlite:///{instance_path(environ) / SQLITE_FILE}"
