"""The practical side of an offer: what to bring, how to sign up, access, interpreters, facilities,
places left, closures and school holidays

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 07:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = (
    ("required_documents", sa.JSON(), True, None),
    ("documents_letter_from", sa.String(length=200), True, None),
    ("documents_other", sa.JSON(), False, "[]"),
    ("sign_up_method", sa.String(length=20), True, None),
    ("sign_up_contact", sa.String(length=300), True, None),
    ("wheelchair", sa.String(length=10), True, None),
    ("access_features", sa.JSON(), False, "[]"),
    ("access_details", sa.String(length=200), True, None),
    ("interpreter_languages", sa.JSON(), False, "[]"),
    ("facilities", sa.JSON(), True, None),
    ("capacity_available", sa.Integer(), True, None),
    ("capacity_maximum", sa.Integer(), True, None),
    ("capacity_unit", sa.String(length=20), True, None),
    ("capacity_updated_at", sa.DateTime(timezone=True), True, None),
    ("closures", sa.JSON(), False, "[]"),
    ("closure_alert", sa.Text(), True, None),
    ("closure_since", sa.Date(), True, None),
    ("closure_until", sa.Date(), True, None),
    ("follows_school_holidays", sa.Boolean(), False, sa.false()),
)


def upgrade() -> None:
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        for name, type_, nullable, default in COLUMNS:
            server_default = sa.text("'[]'") if default == "[]" else default
            batch_op.add_column(sa.Column(name, type_, nullable=nullable, server_default=server_default))


def downgrade() -> None:
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        for name, *_ in reversed(COLUMNS):
            batch_op.drop_column(column_name=name)
