"""Shared fixtures: a fresh database per test session on SQLite and PostgreSQL, settings, Prefect.

Every test that asks for ``db_session`` (or ``database_url``) runs once per database backend.
PostgreSQL is used when it answers at PEILING_TEST_POSTGRES_URL (default: 127.0.0.1:5432, user
postgres); under CI=true it must answer, elsewhere its tests are skipped with the reason.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import flask
import jinja2
import pytest
from sqlalchemy import make_url, text

from peiling import settings as peiling_settings
from peiling.models import Base, staff_accounts
from peiling.models.db import engine_for, make_engine, session_factory
from peiling.models.migrate import upgrade

CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get(
    "PEILING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _find_shared_data() -> Path:
    """Find shared/data/nl beside the project (or beside a folder above it)."""
    for parent in Path(__file__).resolve().parents[1:]:
        candidate = parent / "shared" / "data" / "nl"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "nl"


SHARED_DATA = _find_shared_data()

# Under pytest-xdist each worker is a test session of its own: its own databases (the names
# are unique), its own Prefect harness and Prefect home (nothing written under ~/.prefect by
# two processes at once), its own free ports.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if XDIST_WORKER:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix=f"peiling-prefect-{XDIST_WORKER}-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)

# Modules whose module-scoped set-up is too costly to repeat on every worker: their tests run
# on one worker (both databases, where the set-up serves both).
SHARED_SET_UP = ("tests/flows/test_deployments.py", "tests/packaging/test_wheel.py")
# Module-scoped fixtures that serve the tests of both databases, when they run on one worker:
# the tests asking for them do.
SHARED_FIXTURES = ("dead_run_server",)
BACKENDS = [b for b in os.environ.get("PEILING_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    """Group the tests of costly modules for `--dist loadgroup`; start the slow tests first.

    Slow tests first: a worker that draws one late would keep the whole run waiting for it.
    The order within each half stays as collected (grouped by database).
    """
    for item in items:
        module = item.nodeid.split("::")[0]
        if module in SHARED_SET_UP:
            item.add_marker(pytest.mark.xdist_group(module))
        for fixture in SHARED_FIXTURES:
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(fixture))
    if XDIST_WORKER:
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_collection_finish(session) -> None:
    """Put what collection built out of the garbage collector's way.

    After collection a worker holds some 650,000 objects (the imported modules, the test
    items) that live until it ends; every full collection walked them all again, about a
    quarter of a CPU second each time, a dozen times per worker and once more at its end.
    `gc.freeze()` moves them to the permanent generation: later collections look only at what
    the tests make. The oldest generation is then collected after 100 collections of the
    middle one instead of 10 (700 and 10 are Python's defaults): with the frozen objects no
    longer counted as old, it would otherwise run more often than before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(700, 10, 100)


def require_tool(available: bool, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail under CI=true."""
    if available:
        return
    if CI:
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Return the folder with the real CBS reference data, beside the project."""
    require_tool(SHARED_DATA.is_dir(), f"the shared reference data at {SHARED_DATA}")
    return SHARED_DATA


def _postgres_database(request) -> str:
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # any failure to connect means: no server here
        admin.dispose()
        require_tool(False, f"PostgreSQL at {POSTGRES_ADMIN_URL} ({exc.__class__.__name__})")
    name = f"peiling_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        engine_for.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """Create a fresh, migrated database for this test session and return its URL."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "peiling.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = _postgres_database(request)
    upgrade(url)
    return url


@pytest.fixture
def settings(database_url, tmp_path, monkeypatch):
    """Point this process's settings at the test database and a fresh data folder."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("PEILING_DATABASE_URL", database_url)
    monkeypatch.setenv("PEILING_DATA_DIR", str(data_dir))
    peiling_settings.reset()
    current = peiling_settings.override(
        database_url=database_url, data_dir=str(data_dir), secret_key="test-secret-key"
    )
    yield current
    peiling_settings.reset()


@pytest.fixture
def engine(database_url):
    """Return the shared engine of the test database; every table is emptied after the test."""
    engine = engine_for(database_url)
    yield engine
    _empty_all_tables(engine)


def _empty_all_tables(engine) -> None:
    """Delete every row, children first; on PostgreSQL also restart the id sequences.

    On PostgreSQL this is one round trip: DELETEs (a TRUNCATE of every table costs several
    times as much while the tables hold a handful of rows), and a TRUNCATE only of the tables
    whose triggers refuse a DELETE (the append-only audit log).
    """
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name != "postgresql":
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
            return
        if engine.url not in _CLEAN_UP:
            _CLEAN_UP[engine.url] = _clean_up_statements(conn, tables)
        conn.exec_driver_sql(_CLEAN_UP[engine.url])


_CLEAN_UP: dict = {}  # database URL -> the statements that empty it, looked up once


def _clean_up_statements(conn, tables: list[str]) -> str:
    """Return what empties these tables and restarts their id sequences, as one text."""
    guarded = conn.execute(
        text(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND (t.tgtype & 8) <> 0 AND c.relname = ANY(:tables)"
        ),
        {"tables": tables},
    ).scalars()
    guarded = sorted(guarded)
    sequences = conn.execute(
        text(
            "SELECT pg_get_serial_sequence(quote_ident(c.relname), a.attname)"
            " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
            " WHERE c.relkind = 'r' AND c.relname = ANY(:tables) AND a.attnum > 0"
        ),
        {"tables": tables},
    ).scalars()
    statements = [f"TRUNCATE {', '.join(guarded)} CASCADE"] if guarded else []
    statements += [f"DELETE FROM {table}" for table in tables if table not in guarded]
    statements += [f"ALTER SEQUENCE {name} RESTART" for name in sequences if name]
    return "; ".join(statements)


@pytest.fixture
def db_session(engine, settings):
    """Return a session on the test database; what the test commits is removed afterwards."""
    with session_factory(engine)() as session:
        yield session


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """Run flows against a temporary Prefect server for the whole test session."""
    import prefect.settings as prefect_settings
    import prefect.testing.utilities as harness
    from prefect.testing.utilities import prefect_test_harness

    from tests.prefect_server import QUIET, UNREAD_SERVICES, migrated_database, services_off

    # The harness puts its server's database in a new temporary folder: put a migrated copy
    # there first (tests/prefect_server.py, migrated_database).
    migrated = migrated_database(tmp_path_factory)

    def folder_with_database() -> str:
        folder = tempfile.mkdtemp(prefix="peiling-prefect-harness-")
        shutil.copyfile(migrated, Path(folder) / "prefect-test.db")
        return folder

    # No heartbeats from the flows these tests run in this process: a flow run waits up to a
    # second at its end for its heartbeat thread, and nothing here looks for heartbeats. The
    # runs of deployments and the dead-run test start processes of their own, with heartbeats.
    # The harness's server leaves out the services that work from the event stream or the clock
    # (no test here reads task runs, events or automations, or waits for a schedule); what the
    # tests read (flow runs, states, artifacts, concurrency limits) goes through its API. The
    # runs' log lines stay in this process (pytest shows them on a failure) and are not sent to
    # the server: no test reads them there.
    off = {**QUIET, **services_off(UNREAD_SERVICES + ("TRIGGERS",))}
    quiet = {getattr(prefect_settings, name): False for name in off}
    quiet[prefect_settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    quiet[prefect_settings.PREFECT_LOGGING_TO_API_ENABLED] = False
    make_folder, harness.mkdtemp = harness.mkdtemp, folder_with_database
    try:
        with (
            prefect_settings.temporary_settings(quiet),
            prefect_test_harness(server_startup_timeout=120),
        ):
            harness.mkdtemp = make_folder
            yield
    finally:
        harness.mkdtemp = make_folder


class _RememberingHasher(type(staff_accounts.HASHER)):
    """The production Argon2 hasher (same parameters) that works out each answer only once.

    An Argon2 hash or check costs a quarter of a CPU second by design; the tests create the
    same accounts with the same password and log them in hundreds of times. A repeated hash
    returns the first one (the salt is then shared, which no test looks at); a repeated check
    gives the first outcome, a refusal included.
    """

    _hashes: dict = {}
    _checks: dict = {}

    def hash(self, password, *, salt=None):
        if salt is not None:
            return super().hash(password, salt=salt)
        if password not in self._hashes:
            self._hashes[password] = super().hash(password)
        return self._hashes[password]

    def verify(self, hash, password):
        key = (hash, password)
        if key not in self._checks:
            try:
                self._checks[key] = super().verify(hash, password)
            except Exception as exc:  # the same refusal again on a repeated check
                self._checks[key] = exc
        outcome = self._checks[key]
        if isinstance(outcome, Exception):
            raise outcome.with_traceback(None)
        return outcome


_production = staff_accounts.HASHER
staff_accounts.HASHER = _RememberingHasher(
    time_cost=_production.time_cost,
    memory_cost=_production.memory_cost,
    parallelism=_production.parallelism,
    hash_len=_production.hash_len,
    salt_len=_production.salt_len,
    type=_production.type,
)


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every app this test process builds.

    Each test builds its own app, and each app would compile every template it renders
    again; the bucket is keyed by the template's name and the checksum of its source.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


flask.Flask.jinja_options = {**flask.Flask.jinja_options, "bytecode_cache": _SharedBytecode()}
