"""Engines and sessions: one engine per database URL and process, sessions made from it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine)
    return engine


# A pooled connection unused this long is tested before use (a database restart leaves dead
# ones behind); busy connections are not, so a request under load costs no extra round trip.
PING_AFTER_IDLE_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection on checkout only when it has been idle for a while."""

    @event.listens_for(engine, "checkin")
    def _note_idle(_dbapi_connection, record) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool drops every connection made before now and tries a fresh one.
            raise exc.InvalidatePoolError(f"idle connection failed its ping: {error}") from error


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """Return the shared engine of this process for a database URL."""
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a sessionmaker bound to an engine; objects stay usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """Open a session on the configured database; commit on success, roll back on error."""
    if url is None:
        from peiling.settings import get_settings

        url = get_settings().effective_database_url
    with session_factory(engine_for(url))() as session, session.begin():
        yield session
