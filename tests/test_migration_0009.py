"""Migration 0009: a question reported twice by one person is kept once, and the step can be undone."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage import migrate
from storage.db import Database
from storage.networks import create_network


def test_duplicate_reports_are_merged_and_the_migration_goes_down_and_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url)
    db = Database(url)
    with db.transaction() as session:
        create_network(session, team_id="T", name="Netwerk", coordinator_user_id="U", channel_id="C")
    db.dispose()
    command.downgrade(migrate.alembic_config(url), "0006")
    db = Database(url)
    with db.transaction() as session:
        for user, query in (("U1", "Loodgieter"), ("U1", " loodgieter  "), ("U2", "loodgieter"), ("U1", "kraan")):
            session.execute(
                text(
                    "INSERT INTO unmet_questions (network_id, user_id, query, categories, created_at) "
                    "VALUES (1, :user, :query, '[]', '2026-12-01 10:00:00')"
                ),
                {"user": user, "query": query},
            )
    db.dispose()
    migrate.upgrade(url)
    db = Database(url)
    with db.transaction() as session:
        rows = session.execute(text("SELECT user_id, query_key FROM unmet_questions ORDER BY id")).all()
    db.dispose()
    assert [tuple(r) for r in rows] == [("U1", "loodgieter"), ("U2", "loodgieter"), ("U1", "kraan")]
    assert migrate.current_revision(url) == migrate.head_revision()
