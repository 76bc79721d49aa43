"""The cleaning flow: clean a wave, keep the dataset and its report, publish the report."""

from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.run import clean_and_store
from peiling.cleaning.store import report_markdown
from peiling.models.db import session_scope
from peiling.settings import get_settings
from peiling.vocabulary import DEFAULT_SURVEY


@task(cache_policy=NO_CACHE)
def clean_wave_task(survey_key: str, label: str, settings: dict) -> dict:
    """Clean one wave and store it in the data folder."""
    config = CleaningConfig.from_dict(settings)
    with session_scope() as session:
        return clean_and_store(session, survey_key, label, get_settings().data_path, config)


@task(cache_policy=NO_CACHE)
def publish_report(report: dict) -> None:
    """Publish the cleaning report as flow artifacts (a table and the Markdown text)."""
    key = f"cleaning-{report['survey']}-{report['wave']}".lower().replace("_", "-")
    create_table_artifact(
        key=key + "-rules",
        table=[
            {"rule": r["rule"], "responses": r["responses"], "answers": r["answers"]}
            for r in report["rules"]
        ],
        description=f"Cleaning rules applied to wave {report['wave']}",
    )
    create_markdown_artifact(
        key=key, markdown=report_markdown(report), description="Cleaning report"
    )


@flow(name="clean-wave", log_prints=True)
def clean_flow(
    label: str,
    survey_key: str = DEFAULT_SURVEY,
    division: str = "current",
    settings: dict | None = None,
) -> dict:
    """Clean a wave (see cleaning/config.py for the settings) and publish the report."""
    values = {**(settings or {}), "division": division}
    CleaningConfig.from_dict(values)  # refuse unknown settings before any work
    report = clean_wave_task(survey_key, label, values)
    publish_report(report)
    print(
        f"Wave {label}: {report['responses_kept']} responses kept; report in "
        f"{report['files']['markdown']}"
    )
    return report
