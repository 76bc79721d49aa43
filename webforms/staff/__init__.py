"""The staff area under /beheer: accounts and roles, the wave dashboard, downloads, audit log."""

from flask import Flask

from peiling.webforms.staff import (  # noqa: F401 (the views)
    account_pages,
    contacts,
    flow_pages,
    import_pages,
    mail_pages,
    preview_pages,
    questionnaire_pages,
    resend_pages,
    routes,
    sharing_pages,
    subscriptions,
    wave_pages,
)
from peiling.webforms.staff.access import login_manager
from peiling.webforms.staff.blueprint import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Attach the staff area: its login manager, settings and blueprint."""
    login_manager.init_app(app)
    import_pages.init_app(app)
    app.register_blueprint(bp)
