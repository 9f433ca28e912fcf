"""Nothing lost, nothing twice: one founding network per workspace, unique network names and agenda
positions, and the outbox of messages for Slack

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _renumber_duplicate_positions() -> None:
    """Before the unique constraint: a meeting whose points share a position gets them numbered 1..n."""
    conn = op.get_bind()
    clashing: list[int] = list(
        conn.execute(
            sa.text("SELECT DISTINCT meeting_id FROM agenda_points GROUP BY meeting_id, position HAVING count(*) > 1")
        ).scalars()
    )
    for meeting_id in clashing:
        ids: list[int] = list(
            conn.execute(
                sa.text("SELECT id FROM agenda_points WHERE meeting_id = :m ORDER BY position, id"), {"m": meeting_id}
            ).scalars()
        )
        for offset, point_id in enumerate(ids, start=1):  # out of the way first, then 1..n
            conn.execute(sa.text("UPDATE agenda_points SET position = :p WHERE id = :i"), {"p": -offset, "i": point_id})
        for offset, point_id in enumerate(ids, start=1):
            conn.execute(sa.text("UPDATE agenda_points SET position = :p WHERE id = :i"), {"p": offset, "i": point_id})


def _fill_name_keys() -> None:
    """Networks of the same name in one workspace (made by earlier races) keep their data: the later ones
    get their number in the name, so the coordinator can tell them apart."""
    conn = op.get_bind()
    seen: set[tuple[str, str]] = set()
    rows = conn.execute(sa.text("SELECT id, team_id, name FROM networks ORDER BY id")).all()
    for network_id, team, stored_name in rows:
        team_id, name = str(team), str(stored_name)  # both NOT NULL text columns
        key = " ".join(name.split()).lower()[:120]
        if (team_id, key) in seen:
            name = f"{name[:100]} ({network_id})"
            key = " ".join(name.split()).lower()[:120]
        seen.add((team_id, key))
        values = {"n": name, "k": key, "i": network_id}
        conn.execute(sa.text("UPDATE networks SET name = :n, name_key = :k WHERE id = :i"), values)


def upgrade() -> None:
    # Only operations SQLite does in place: copying `networks` (batch mode) would cascade-delete the rows of
    # every table below it while foreign keys are on.
    op.add_column("networks", sa.Column("founding_team_id", sa.String(length=32), nullable=True))
    op.add_column("networks", sa.Column("name_key", sa.String(length=120), server_default="", nullable=False))
    _fill_name_keys()
    op.execute(
        "UPDATE networks SET founding_team_id = team_id WHERE id IN (SELECT min(id) FROM networks GROUP BY team_id)"
    )
    op.create_index("uq_networks_team_id_name_key", "networks", ["team_id", "name_key"], unique=True)
    op.create_index("uq_networks_founding_team_id", "networks", ["founding_team_id"], unique=True)

    _renumber_duplicate_positions()
    op.create_index("uq_agenda_points_meeting_id_position", "agenda_points", ["meeting_id", "position"], unique=True)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("blocks", sa.JSON(), nullable=True),
        sa.Column("posted_channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("tell_user_id", sa.String(length=32), nullable=True),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_outbox_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("network_id", "key", name=op.f("uq_outbox_network_id_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_index("uq_agenda_points_meeting_id_position", table_name="agenda_points")
    op.drop_index("uq_networks_founding_team_id", table_name="networks")
    op.drop_index("uq_networks_team_id_name_key", table_name="networks")
    op.drop_column("networks", "name_key")  # SQLite ≥ 3.35 drops a column in place
    op.drop_column("networks", "founding_team_id")
