"""subscriptions: staff who get a link to every new export of a survey

Revision ID: 0007_subscriptions
Revises: 0006_shared_response
Create Date: 2026-11-29 23:20:00
"""

import sqlalchemy as sa
from alembic import op

import peiling.models.base

revision = "0007_subscriptions"
down_revision = "0006_shared_response"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("survey_key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_export_subscription_staff_user_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_subscription")),
        sa.UniqueConstraint(
            "staff_user_id",
            "survey_key",
            name=op.f("uq_export_subscription_staff_user_id_survey_key"),
        ),
    )
    with op.batch_alter_table("export_subscription", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_subscription_staff_user_id"), ["staff_user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("export_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_subscription_staff_user_id"))
    op.drop_table("export_subscription")
