"""web: attempt counters for throttling personal-link attempts per client address

Revision ID: 0002_web
Revises: 0001
Create Date: 2026-11-29 07:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_web"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_count",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("window_no", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_no", name=op.f("pk_throttle_count")),
    )


def downgrade() -> None:
    op.drop_table("throttle_count")
