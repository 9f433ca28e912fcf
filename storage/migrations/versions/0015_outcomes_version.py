"""networks.outcomes_version: bumped with every answer to a referral to one of the network's offerings,
so each instance knows with the tenant's one statement whether its *vaak geholpen* marks are stale

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("networks") as batch_op:
        batch_op.add_column(sa.Column("outcomes_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("networks") as batch_op:
        batch_op.drop_column("outcomes_version")
