"""A reported question counts once per person; the minutes' messages are remembered

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _key(query: object) -> str:
    """As storage.catalog.question_key: lower-cased, spaces collapsed (kept here so the migration stays fixed)."""
    return " ".join((query if isinstance(query, str) else "").lower().split())[:500]


def upgrade() -> None:
    with op.batch_alter_table("unmet_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("query_key", sa.String(length=500), nullable=True))
    conn = op.get_bind()
    questions = sa.table(
        "unmet_questions",
        sa.column("id", sa.Integer()),
        sa.column("network_id", sa.Integer()),
        sa.column("user_id", sa.String()),
        sa.column("query", sa.String()),
        sa.column("query_key", sa.String()),
    )
    seen: set[tuple[object, object, str]] = set()  # (network id, user id, question key) as the database gives them
    rows = conn.execute(
        sa.select(questions.c.id, questions.c.network_id, questions.c.user_id, questions.c.query).order_by(
            questions.c.id
        )
    )
    for row_id, network_id, user_id, query in list(rows):
        key = _key(query)
        if (network_id, user_id, key) in seen:  # the same person reported it twice: it counted twice
            conn.execute(sa.delete(questions).where(questions.c.id == row_id))
            continue
        seen.add((network_id, user_id, key))
        conn.execute(sa.update(questions).where(questions.c.id == row_id).values(query_key=key))
    with op.batch_alter_table("unmet_questions", schema=None) as batch_op:
        batch_op.alter_column("query_key", existing_type=sa.String(length=500), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_unmet_questions_network_id_user_id_query_key"), ["network_id", "user_id", "query_key"]
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_ts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("minutes_ts")
    with op.batch_alter_table("unmet_questions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_unmet_questions_network_id_user_id_query_key"), type_="unique")
        batch_op.drop_column("query_key")
