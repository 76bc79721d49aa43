"""One database session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from peiling.models.db import engine_for, session_factory


def init_app(app: Flask) -> None:
    """Attach the session handling to an app."""
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """Return the session of this request, opening it on first use."""
    if "db_session" not in g:
        engine = engine_for(current_app.config["DATABASE_URL"])
        g.db_session = session_factory(engine)()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except DBAPIError:  # the connection died (a database restart): drop it from the pool
            session.invalidate()
