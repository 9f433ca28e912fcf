"""Room for encrypted Slack tokens: the installation store's token columns grow from 200 to 1000 characters

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=sa.String(1000), existing_type=sa.String(200))


def downgrade() -> None:
    # On PostgreSQL this fails while an encrypted token longer than 200 characters is stored:
    # delete those installations (and install the app again) before downgrading.
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=sa.String(200), existing_type=sa.String(1000))
