"""Imports every model module so `Base.metadata` knows all tables (Alembic, tests)."""

from storage import activity_models, knowledge_models, meeting_models, models, outreach_models, web_models  # noqa: F401
