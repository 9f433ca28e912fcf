"""Imports every model module so `Base.metadata` knows all tables (Alembic, tests)."""

from storage import (  # noqa: F401
    activity_models,
    knowledge_models,
    meeting_models,
    models,
    outbox_models,
    outreach_models,
    web_models,
)
