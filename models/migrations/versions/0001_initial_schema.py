"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 07:03:32.675387
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import peiling.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_key", sa.String(length=64), nullable=False),
        sa.Column(
            "waves",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
    )
    op.create_table(
        "merger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("old_code", sa.String(length=16), nullable=False),
        sa.Column("old_name", sa.String(length=200), nullable=False),
        sa.Column("new_code", sa.String(length=16), nullable=False),
        sa.Column("new_name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merger")),
        sa.UniqueConstraint("old_code", "date", name=op.f("uq_merger_old_code_date")),
    )
    with op.batch_alter_table("merger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merger_new_code"), ["new_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_merger_old_code"), ["old_code"], unique=False)

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("safety_region_code", sa.String(length=16), nullable=True),
        sa.Column("safety_region", sa.String(length=100), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_successor_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("code", name=op.f("uq_organisation_code")),
    )
    op.create_table(
        "questionnaire_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_version")),
        sa.UniqueConstraint(
            "survey_key", "version", name=op.f("uq_questionnaire_version_survey_key_version")
        ),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("opted_out_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_contact_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint(
            "organisation_id", "email", name=op.f("uq_contact_organisation_id_email")
        ),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "wave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("questionnaire_version_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "reminder_days",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response_unit", sa.String(length=16), nullable=False),
        sa.Column("created_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["questionnaire_version_id"],
            ["questionnaire_version.id"],
            name=op.f("fk_wave_questionnaire_version_id_questionnaire_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave")),
        sa.UniqueConstraint("survey_key", "label", name=op.f("uq_wave_survey_key_label")),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("token_salt", sa.String(length=64), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_opened_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_opened_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_invitation_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["wave_id"], ["wave.id"], name=op.f("fk_invitation_wave_id_wave")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_invitation_token_digest")),
        sa.UniqueConstraint("wave_id", "contact_id", name=op.f("uq_invitation_wave_id_contact_id")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitation_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "mail_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("smtp_code", sa.Integer(), nullable=True),
        sa.Column("smtp_reply", sa.Text(), nullable=True),
        sa.Column("claimed_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"], ["invitation.id"], name=op.f("fk_mail_log_invitation_id_invitation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_log")),
        sa.UniqueConstraint(
            "invitation_id", "kind", "round", name=op.f("uq_mail_log_invitation_id_kind_round")
        ),
    )
    with op.batch_alter_table("mail_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_log_invitation_id"), ["invitation_id"], unique=False
        )

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("unit_key", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column(
            "answers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current_page", sa.String(length=64), nullable=True),
        sa.Column("started_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", peiling.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation_id"], ["invitation.id"], name=op.f("fk_response_invitation_id_invitation")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_response_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(["wave_id"], ["wave.id"], name=op.f("fk_response_wave_id_wave")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
        sa.UniqueConstraint("wave_id", "unit_key", name=op.f("uq_response_wave_id_unit_key")),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_invitation_id"), ["invitation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_response_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_response_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "answer_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("question_key", sa.String(length=128), nullable=False),
        sa.Column(
            "old_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "new_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("changed_at", peiling.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitation.id"],
            name=op.f("fk_answer_change_invitation_id_invitation"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_answer_change_response_id_response")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_change")),
    )
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_change_response_id"), ["response_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_change_response_id"))

    op.drop_table("answer_change")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_wave_id"))
        batch_op.drop_index(batch_op.f("ix_response_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_response_invitation_id"))

    op.drop_table("response")
    with op.batch_alter_table("mail_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_log_invitation_id"))

    op.drop_table("mail_log")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_wave_id"))
        batch_op.drop_index(batch_op.f("ix_invitation_contact_id"))

    op.drop_table("invitation")
    op.drop_table("wave")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_organisation_id"))

    op.drop_table("contact")
    op.drop_table("questionnaire_version")
    op.drop_table("organisation")
    with op.batch_alter_table("merger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merger_old_code"))
        batch_op.drop_index(batch_op.f("ix_merger_new_code"))

    op.drop_table("merger")
    op.drop_table("export_record")
