"""One database session per request, closed when the request ends."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from peiling.models.db import engine_for, session_factory


def init_app(app: Flask) -> None:
    """Attach the session handling to an app."""
    app.teardown_appcontext(_close_session)


def get_session(*, read_only: bool = False) -> Session:
    """Return the session of this request, opening it on first use.

    read_only (on first use): the request only reads, so its statements run without a
    transaction, sparing the database a BEGIN and a ROLLBACK round trip. Never for a request
    that may write: each statement would stand on its own.
    """
    if "db_session" not in g:
        url = current_app.config["DATABASE_URL"]
        engine = _reading_engine(url) if read_only else engine_for(url)
        g.db_session = session_factory(engine)()
    return g.db_session


@lru_cache(maxsize=8)
def _reading_engine(url: str) -> Engine:
    """Return the shared engine of a URL in autocommit mode (the same pool of connections)."""
    return engine_for(url).execution_options(isolation_level="AUTOCOMMIT")


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except DBAPIError:  # the connection died (a database restart): drop it from the pool
            session.invalidate()
