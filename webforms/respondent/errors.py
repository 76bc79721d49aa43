"""Plain pages for errors: link not valid (404), too many attempts (429), expired form (400)."""

from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError

from peiling.webforms.respondent import bp
from peiling.webforms.respondent.recovery import csrf_failed


@bp.app_errorhandler(404)
def not_found(_error):
    """Show the same plain page for any unknown address or link."""
    return render_template("not_found.html"), 404


@bp.app_errorhandler(405)
def not_allowed(_error):
    """Show the plain page for a method the address does not take."""
    return render_template("not_found.html"), 405


@bp.app_errorhandler(CSRFError)
def expired_form(error):
    """Recover from an expired or missing CSRF token without losing the typed answers."""
    return csrf_failed(error)
