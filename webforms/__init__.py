"""The web app: the respondent's questionnaire and the staff area, built by create_app."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from peiling.limits import FORM_MAX_BYTES
from peiling.settings import get_settings
from peiling.webforms import database, i18n, optout, redact, security, staff
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
        # Under https the __Host- prefix makes browsers refuse the cookie unless it is Secure,
        # host-only and path /: no other host (a sibling subdomain, an http man-in-the-middle)
        # can plant a session of its own. See docs/security.md.
        SESSION_COOKIE_NAME=("__Host-" if settings.is_https else "") + "peiling_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_https,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=4 * 3600,
        # The CSRF token (bound to the session) and SameSite cookies stop cross-site posts; a
        # Referer check would refuse every save, as Referrer-Policy: no-referrer sends none.
        WTF_CSRF_SSL_STRICT=False,
        MAX_CONTENT_LENGTH=FORM_MAX_BYTES,
        TRUSTED_PROXIES=settings.trusted_proxies,
    )
    if config:
        app.config.update(config)
    # "/r//x" is not an address of ours: no redirect to an absolute URL merging the slashes.
    app.url_map.merge_slashes = False
    if app.config.get("TRUSTED_PROXIES"):
        # Behind N reverse proxies: take the client address (for throttling) and the scheme
        # from the X-Forwarded-* headers they add; without proxies never trust those headers.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    redact.install(app.logger, logging.getLogger("werkzeug"))
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
    csrf.exempt(optout.outdated)
    return app
