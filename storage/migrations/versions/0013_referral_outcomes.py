"""The referral loop: the outcome the receiving organisation answers, the referral it continues,
and the direct messages that carry the outcome buttons

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("outcome_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("told_outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("messages", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_referrals_parent_id_referrals"), "referrals", ["parent_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_referrals_parent_id_to_organisation_id"), ["parent_id", "to_organisation_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_referrals_parent_id_to_organisation_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_referrals_parent_id_referrals"), type_="foreignkey")
        for column in ("messages", "parent_id", "told_outcome", "outcome_at", "outcome_by", "outcome"):
            batch_op.drop_column(column)
