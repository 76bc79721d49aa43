"""Run the app under gunicorn, configured from code so one command serves it."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


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


def run_gunicorn(bind: str, workers: int = 2, threads: int = 4) -> None:
    """Serve the app with gunicorn until stopped."""
    _Server(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
        }
    ).run()
