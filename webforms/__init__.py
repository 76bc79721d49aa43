"""The web app: the respondent's questionnaire and the staff area, built by create_app."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from peiling.settings import get_settings
from peiling.webforms import database, i18n, optout, security, staff
from peiling.webforms.questions import render

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app from the settings; a test may pass its own config on top."""
    settings = get_settings()
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=settings.effective_secret_key,
        DATABASE_URL=settings.effective_database_url,
        BASE_URL=settings.base_url,
        CONTACT_EMAIL=settings.contact_email,
        TOKEN_RATE_LIMIT=settings.token_rate_limit,
        STAFF_REQUIRE_TOTP=settings.staff_require_totp,
        STAFF_IDLE_MINUTES=settings.staff_idle_minutes,
        LOGIN_RATE_LIMIT=settings.login_rate_limit,
        LOGIN_MAX_DELAY=4.0,
        SESSION_COOKIE_NAME="peiling_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_https,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=4 * 3600,
        WTF_CSRF_SSL_STRICT=settings.is_https,
        MAX_CONTENT_LENGTH=512 * 1024,
        TRUSTED_PROXIES=0,
    )
    if config:
        app.config.update(config)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind N reverse proxies: take the client address (for throttling) and the scheme
        # from the X-Forwarded-* headers they add; without proxies never trust those headers.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    database.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    render.init_app(app)
    csrf.init_app(app)

    from peiling.webforms.respondent import bp as respondent_bp

    app.register_blueprint(respondent_bp)
    app.register_blueprint(optout.bp)
    staff.init_app(app)
    # A mail client's one-click unsubscribe (RFC 8058) carries no CSRF token; the view itself
    # checks the token of its form for every other POST.
    csrf.exempt(optout.opt_out)
    return app
