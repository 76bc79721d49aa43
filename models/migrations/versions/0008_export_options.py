"""exports: record the weighting, CSV dialect, contents and real codes an export was made with

Revision ID: 0008_export_options
Revises: 0007_subscriptions
Create Date: 2026-11-29 23:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_export_options"
down_revision = "0007_subscriptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("export_record") as batch:
        batch.add_column(sa.Column("weights", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("dialect", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("contents", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("real_codes", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("export_record") as batch:
        for name in ("real_codes", "contents", "dialect", "weights"):
            batch.drop_column(name)
