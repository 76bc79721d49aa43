"""The cleaning flow: clean the waves that changed, keep datasets and reports, publish them."""

from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.run import clean_survey
from peiling.cleaning.store import report_markdown
from peiling.flows import context
from peiling.settings import get_settings
from peiling.vocabulary import DEFAULT_DIVISION


@task(cache_policy=NO_CACHE)
def clean_task(survey: str | None, labels: list[str], division: str, settings: dict) -> dict:
    """Clean the named waves (or every wave that changed) and store them in the data folder."""
    with context.session() as db, db.begin():
        key = context.survey(db, survey)
        run = clean_survey(
            db,
            key,
            get_settings().data_path,
            labels=labels,
            division=division,
            changes=settings,
        )
    return {"survey": run.survey, "cleaned": run.reports, "unchanged": run.unchanged}


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
    label: str | None = None,
    survey: str | None = None,
    division: str = DEFAULT_DIVISION,
    settings: dict | None = None,
) -> dict:
    """Clean a wave, or every wave whose raw data changed since its last clean; publish reports.

    Without a label, each wave of the survey that has been opened is cleaned when its stored
    dataset no longer matches its data; settings (see cleaning/config.py) replace those a wave
    was last cleaned with.
    """
    context.require_shared_key()
    CleaningConfig.from_dict({**(settings or {}), "division": division})  # refuse bad settings
    result = clean_task(survey, [label] if label else [], division, settings or {})
    for report in result["cleaned"]:
        publish_report(report)
        print(
            f"Wave {report['wave']}: {report['responses_kept']} responses kept; report in "
            f"{report['files']['markdown']}"
        )
    if result["unchanged"]:
        print(f"Unchanged since their last clean: {', '.join(result['unchanged'])}")
    if not result["cleaned"] and not result["unchanged"]:
        print(f"Survey {result['survey']} has no wave that has been opened; nothing to clean")
    return result
