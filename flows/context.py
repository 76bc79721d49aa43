"""What every flow needs: settings (optionally from Prefect blocks), the database and the wave."""

from __future__ import annotations

import os

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peiling import settings as peiling_settings
from peiling.errors import UserError
from peiling.mailing.compose import MailSettings
from peiling.mailing.smtp import SmtpConfig, configured_smtp
from peiling.models import wave_lifecycle
from peiling.models.db import engine_for
from peiling.models.wave import Wave

# Secret blocks that prefect.yaml puts into every deployment's environment (job_variables.env).
SECRET_BLOCKS = {
    "peiling-database-url": "PEILING_DATABASE_URL",
    "peiling-smtp-url": "PEILING_SMTP_URL",
    "peiling-secret-key": "PEILING_SECRET_KEY",
}
SURVEY_VARIABLE = "peiling_survey"


def require_shared_key() -> None:
    """In a deployment run, refuse to run without the shared secret key (never make one).

    Settings come from the PEILING_* environment in every run, deployed or from the command
    line; a deployment gets them from its job variables, which name the Secret blocks.
    """
    if _deployment_id() is None:
        return
    if not peiling_settings.get_settings().secret_key:
        raise UserError(
            "this deployment run has no secret key: create the Prefect Secret block "
            "peiling-secret-key and deploy again (prefect.yaml puts it into PEILING_SECRET_KEY), "
            "or set PEILING_SECRET_KEY on the worker. A worker never makes its own key, or the "
            "personal links of two workers would not match."
        )


def _deployment_id():
    """The deployment of the flow run in progress, or None (a flow called directly, a CLI).

    Read from the run's own context: `prefect.runtime.deployment.id` asks the API for the flow
    run whenever the run has no deployment, a new client and a round trip on every such run.
    """
    from prefect.context import FlowRunContext
    from prefect.runtime import deployment

    run = FlowRunContext.get()
    if run is None or run.flow_run is None or "PREFECT__RUNTIME__DEPLOYMENT__ID" in os.environ:
        return deployment.id  # outside a run, or Prefect's override of runtime values
    return run.flow_run.deployment_id


def engine() -> Engine:
    """Return the engine of the configured database."""
    return engine_for(peiling_settings.get_settings().effective_database_url)


def session() -> Session:
    """Open a session on the configured database (objects stay usable after commit)."""
    return Session(engine(), expire_on_commit=False)


def smtp_config() -> SmtpConfig:
    """Return the configured mail server."""
    settings = peiling_settings.get_settings()
    return configured_smtp(settings)


def mail_settings() -> MailSettings:
    """Return addresses, base URL and secret key for building messages."""
    return MailSettings.from_settings(peiling_settings.get_settings())


def survey(db: Session, named: str | None = None) -> str:
    """Return the named survey, else the Prefect variable peiling_survey, else the only one."""
    if not named:
        from prefect.variables import Variable

        named = Variable.get(SURVEY_VARIABLE, default=None)
    return wave_lifecycle.resolve_survey(
        db, str(named) if named else None, f"or set the Prefect variable {SURVEY_VARIABLE}"
    )


def find_current_wave(db: Session, survey_key: str | None, label: str | None, now=None) -> Wave:
    """Return the named wave, or the survey's current one (open, or planned and due to open)."""
    key = survey(db, survey_key)
    if label:
        return wave_lifecycle.get_wave(db, key, label)
    return wave_lifecycle.current_wave(db, key, now)
