"""`peiling serve`: run the web app under gunicorn on the configured address."""

import click

from peiling.settings import get_settings


@click.command()
@click.option("--bind", default=None, help="host:port; default from PEILING_BIND or the base URL.")
@click.option("--workers", default=None, type=int, help="Worker processes (PEILING_WEB_WORKERS).")
def serve(bind: str | None, workers: int | None) -> None:
    """Serve the questionnaire with gunicorn (a production WSGI server)."""
    from peiling.webforms.server import run_gunicorn

    settings = get_settings()
    run_gunicorn(
        bind=bind or settings.effective_bind,
        workers=workers or settings.web_workers,
    )
