"""exports: record the language, division and unit an export was made with

Revision ID: 0003_export
Revises: 0002_web
Create Date: 2026-11-29 19:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_export"
down_revision = "0002_web"
branch_labels = None
depends_on = None

COLUMNS = (("lang", 8), ("division", 16), ("unit", 16))


def upgrade() -> None:
    with op.batch_alter_table("export_record") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("export_record") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
