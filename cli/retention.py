"""`peiling retention apply`: forget the contact data of old waves, keep answers and figures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from peiling.models.retention import TABLES, Plan


@click.group()
def retention() -> None:
    """Retention of contact data (PEILING_RETENTION_YEARS)."""


def _show(plan) -> None:
    click.echo(
        f"Waves closed before {plan.cutoff:%Y-%m-%d} "
        f"(PEILING_RETENTION_YEARS={plan.years}): {len(plan.waves)}"
    )
    if not plan.waves:
        return
    click.echo(f"{'wave':32}" + "".join(f"{t:>15}" for t in TABLES))
    for item in plan.waves:
        name = f"{item.wave.survey_key} {item.wave.label}"
        click.echo(f"{name:32}" + "".join(f"{item.counts[t]:>15}" for t in TABLES))
    totals = {t: sum(item.counts[t] for item in plan.waves) for t in TABLES}
    click.echo(f"{'total':32}" + "".join(f"{totals[t]:>15}" for t in TABLES))


def forget_old_waves(session, data_path: Path, years: int, now: datetime | None = None) -> Plan:
    """Apply retention in the session's transaction; drop the old waves' stored cleaned data.

    The stored datasets hold the personal answers; the next export cleans those waves again
    from the database (losing them first is harmless should the transaction fail).
    """
    from peiling.cleaning.store import forget_stored
    from peiling.models import retention as rules

    done = rules.apply(session, years, actor="cli", now=now)
    for item in done.waves:
        if item.counts["response"]:
            forget_stored(data_path, item.wave.survey_key, item.wave.label)
    return done


@retention.command()
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@click.option("--yes", is_flag=True, help="Do not ask before deleting.")
def apply(dry_run: bool, yes: bool) -> None:
    """Delete names, addresses, links and personal answers of waves closed long ago.

    Lists first, per old wave and table, how many rows it changes; then deletes them in one
    transaction, written to the audit log. Contacts a newer wave still invites keep their
    name and address. Repeating it deletes nothing more.
    """
    from peiling.models import retention as rules
    from peiling.models.db import session_scope
    from peiling.settings import get_settings

    settings = get_settings()
    years = settings.retention_years
    with session_scope() as session:
        plan = rules.plan(session, years)
        _show(plan)
    if dry_run:
        click.echo("Dry run: nothing deleted.")
        return
    if not plan.total:
        click.echo("Nothing to delete.")
    elif not yes:
        click.confirm("Delete these data for good?", abort=True)
    with session_scope() as session:
        done = forget_old_waves(session, settings.data_path, years)
    if done.total:
        click.echo(f"Deleted: {done.total} rows changed in one transaction (in the audit log).")
