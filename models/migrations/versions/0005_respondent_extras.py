"""respondent: the furthest page reached, who submitted, and forwarded invitations

Revision ID: 0005_respondent
Revises: 0004_staff
Create Date: 2026-11-29 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_respondent"
down_revision = "0004_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("furthest_page", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_response_submitted_by_id_invitation", "invitation", ["submitted_by_id"], ["id"]
        )
    with op.batch_alter_table("invitation") as batch:
        batch.add_column(sa.Column("forwarded_from_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_invitation_forwarded_from_id_invitation",
            "invitation",
            ["forwarded_from_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("invitation") as batch:
        batch.drop_constraint("fk_invitation_forwarded_from_id_invitation", type_="foreignkey")
        batch.drop_column("forwarded_from_id")
    with op.batch_alter_table("response") as batch:
        batch.drop_constraint("fk_response_submitted_by_id_invitation", type_="foreignkey")
        batch.drop_column("submitted_by_id")
        batch.drop_column("furthest_page")
