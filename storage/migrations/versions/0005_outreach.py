"""The coordinator's outreach list (/netwerk partners): statuses, contacts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outreach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("contact_user_id", sa.String(length=32), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_outreach_network_id_networks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_outreach_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach")),
        sa.UniqueConstraint("network_id", "organisation_id", name=op.f("uq_outreach_network_id_organisation_id")),
    )
    op.create_table(
        "outreach_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_outreach_contacts_network_id_networks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_outreach_contacts_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_contacts")),
    )
    with op.batch_alter_table("outreach_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_contacts_network_id"),
            ["network_id", "organisation_id", "contacted_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_contacts_network_id"))

    op.drop_table("outreach_contacts")
    op.drop_table("outreach")
