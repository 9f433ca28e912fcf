"""An offering's access route may be unknown (an import that does not say), instead of "walk in"

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        batch_op.alter_column("access", existing_type=sa.String(length=20), nullable=True)


def downgrade() -> None:
    # before this revision an unknown access was stored as walk-in
    op.execute("UPDATE offerings SET access = 'walk_in' WHERE access IS NULL")
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        batch_op.alter_column("access", existing_type=sa.String(length=20), nullable=False)
