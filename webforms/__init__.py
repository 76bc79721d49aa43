"""The web app: the respondent's questionnaire (and later a staff area), built by create_app."""

from __future__ import annotations

from flask import Flask

from peiling.settings import get_settings
from webforms import database, optout


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app from the settings; a test may pass its own config on top."""
    settings = get_settings()
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=settings.effective_secret_key,
        DATABASE_URL=settings.effective_database_url,
        BASE_URL=settings.base_url,
        CONTACT_EMAIL=settings.contact_email,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_https,
    )
    if config:
        app.config.update(config)

    database.init_app(app)

    from webforms.respondent import bp as respondent_bp

    app.register_blueprint(respondent_bp)
    app.register_blueprint(optout.bp)
    return app
