"""shared response: the version each answer change was based on, coordinators, page assignments

Revision ID: 0006_shared_response
Revises: 0005_respondent
Create Date: 2026-11-29 23:00:00
"""

import sqlalchemy as sa
from alembic import op

import peiling.models.base

revision = "0006_shared_response"
down_revision = "0005_respondent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answer_change") as batch:
        batch.add_column(sa.Column("based_on_version", sa.Integer(), nullable=True))
        batch.create_index(
            "ix_answer_change_response_key", ["response_id", "question_key"], unique=False
        )
    op.create_table(
        "coordinator",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=320), nullable=False),
        sa.Column("set_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_coordinator_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_coordinator_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_coordinator")),
    )
    op.create_table(
        "page_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("page_key", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=320), nullable=False),
        sa.Column("assigned_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_page_assignment_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_page_assignment_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["wave.id"], name=op.f("fk_page_assignment_wave_id_wave")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_assignment")),
        sa.UniqueConstraint(
            "wave_id",
            "organisation_id",
            "page_key",
            name=op.f("uq_page_assignment_wave_id_organisation_id_page_key"),
        ),
    )
    with op.batch_alter_table("page_assignment") as batch:
        batch.create_index(
            batch.f("ix_page_assignment_organisation_id"), ["organisation_id"], unique=False
        )
        batch.create_index(batch.f("ix_page_assignment_wave_id"), ["wave_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("page_assignment") as batch:
        batch.drop_index(batch.f("ix_page_assignment_wave_id"))
        batch.drop_index(batch.f("ix_page_assignment_organisation_id"))
    op.drop_table("page_assignment")
    op.drop_table("coordinator")
    with op.batch_alter_table("answer_change") as batch:
        batch.drop_index("ix_answer_change_response_key")
        batch.drop_column("based_on_version")
