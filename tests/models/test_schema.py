"""Migrations: they build the schema the models describe, on SQLite and PostgreSQL alike."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from peiling.models import Base
from peiling.models.db import make_engine
from peiling.models.migrate import current_revision, downgrade, head_revision, upgrade


def test_migrated_database_matches_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_database_is_at_the_newest_revision(engine):
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_and_upgrade_again(database_url, tmp_path):
    # Run on a copy for SQLite; on PostgreSQL on the session database, restored afterwards.
    url = database_url
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
        upgrade(url)
    downgrade(url, "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    try:
        assert {t.name for t in Base.metadata.sorted_tables} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
