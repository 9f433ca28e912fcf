"""The social map on the web: public page per network, edit links, error reports, used form tokens

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "public_maps",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        _fk("public_maps", "network_id", "networks", "CASCADE"),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_public_maps")),
        sa.UniqueConstraint("slug", name=op.f("uq_public_maps_slug")),
    )
    op.create_table(
        "edit_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        _fk("edit_links", "network_id", "networks", "CASCADE"),
        _fk("edit_links", "organisation_id", "organisations", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edit_links")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_edit_links_token_sha256")),
    )
    with op.batch_alter_table("edit_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_edit_links_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_edit_links_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "error_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        _fk("error_reports", "network_id", "networks", "CASCADE"),
        _fk("error_reports", "offering_id", "offerings", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_reports")),
    )
    with op.batch_alter_table("error_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_error_reports_network_id"), ["network_id"], unique=False)
    op.create_table(
        "used_form_tokens",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_used_form_tokens")),
    )


def downgrade() -> None:
    op.drop_table("used_form_tokens")
    op.drop_table("error_reports")
    op.drop_table("edit_links")
    op.drop_table("public_maps")
