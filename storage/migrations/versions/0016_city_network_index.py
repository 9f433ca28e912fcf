"""An index on networks.city_network_id: the tenant's one statement finds a city network's linked
neighbourhoods by index on every request, never by reading the whole table (issue 18)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 02:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("networks") as batch_op:
        batch_op.create_index(batch_op.f("ix_networks_city_network_id"), ["city_network_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("networks") as batch_op:
        batch_op.drop_index(batch_op.f("ix_networks_city_network_id"))
