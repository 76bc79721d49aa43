"""Routes of the respondent side."""

from flask import render_template

from peiling.webforms.respondent.blueprint import bp


@bp.get("/")
def index():
    """Explain that the questionnaire opens from a personal link."""
    return render_template("index.html")


@bp.get("/healthz")
def healthz():
    """Answer a health check."""
    return {"status": "ok"}
