"""Run the app under gunicorn, configured from code so one command serves it."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from peiling.webforms.redact import install, redact


class RedactingLogger(Logger):
    """Gunicorn's logger with link tokens replaced by [token] in access and error lines."""

    def setup(self, cfg) -> None:
        """Set up the logs as gunicorn does, then filter tokens out of the error log."""
        super().setup(cfg)
        install(self.error_log, self.access_log)

    def atoms(self, resp, req, environ, request_time) -> dict:
        """Return the access log fields with tokens redacted (request line, path, referrer)."""
        found = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in found.items()
        }


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from peiling.webforms import create_app

        return create_app()


def run_gunicorn(bind: str, workers: int = 2, threads: int = 4, **options) -> None:
    """Serve the app with gunicorn until stopped; options are further gunicorn settings."""
    _Server(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "logger_class": "peiling.webforms.server.RedactingLogger",
            "timeout": 60,
            **options,
        }
    ).run()
