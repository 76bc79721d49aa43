"""`peiling simulate`: fill the database with a seeded panel and simulated waves."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--waves",
    default="2024,2025,2026",
    show_default=True,
    help="Wave labels, comma-separated; each uses the newest questionnaire version not after it.",
)
@click.option(
    "--organisations",
    "count",
    type=click.IntRange(1),
    default=40,
    show_default=True,
    help="Number of fictitious municipalities (when no --cbs-list is given).",
)
@click.option(
    "--cbs-list",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use the real municipalities of a CBS list (CSV or XLSX) instead.",
)
@click.option(
    "--mergers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Import municipal mergers first, so earlier waves ask the municipalities of then.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option("--fast", is_flag=True, help="Write responses in bulk (same rows; for big panels).")
def simulate(
    waves: str,
    count: int,
    cbs_list: Path | None,
    mergers: Path | None,
    seed: int,
    fast: bool,
) -> None:
    """Simulate a panel and its waves, answered through the same services as real responses."""
    from peiling.models import migrate
    from peiling.models.db import session_scope
    from peiling.settings import get_settings
    from peiling.simulation import simulate_history

    settings = get_settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    labels = [label.strip() for label in waves.split(",") if label.strip()]
    with session_scope() as session:
        result = simulate_history(
            session,
            secret_key=settings.effective_secret_key,
            labels=labels,
            organisations=cbs_list or count,
            mergers=mergers,
            seed=seed,
            fast=fast,
        )
    click.echo(f"Contacts added: {result.contacts_added}")
    for wave in result.waves:
        click.echo(
            f"Wave {wave.label} (version {wave.version}): {wave.invited} invited, "
            f"{wave.started} started, {wave.submitted} submitted"
        )
    skipped = [label for label in labels if label not in {w.label for w in result.waves}]
    if skipped:
        click.echo(f"Left alone (exist already): {', '.join(skipped)}")
