"""Imports every model module so `Base.metadata` knows all tables (Alembic, tests)."""

from storage import meeting_models, models  # noqa: F401
