"""`peiling services` and `peiling mailcatcher`: the local Prefect server and mail catcher."""

from __future__ import annotations

from pathlib import Path

import click

from peiling.cli import background
from peiling.settings import get_settings

NAMES = ("prefect", "mailcatcher")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, help="Default: the data folder's port (mailcatcher.port).")
@click.option("--folder", type=click.Path(path_type=Path), help="Default: <data folder>/mail.")
def mailcatcher(host: str, port: int | None, folder: Path | None) -> None:
    """Catch mail on host:port and keep every message as an .eml file (until Ctrl-C)."""
    from peiling.local_services import catcher_port
    from peiling.mailing import catcher

    folder = folder or get_settings().data_path / "mail"
    port = port or catcher_port(get_settings().data_path)
    click.echo(f"Catching mail on {host}:{port}; messages go to {folder}.")
    catcher.serve(folder, host, port)


@click.group()
def services() -> None:
    """Start, show and stop the local Prefect server and mail catcher."""


@services.command()
def start() -> None:
    """Start the local Prefect server and (for a local PEILING_SMTP_URL) the mail catcher."""
    settings = get_settings()
    folder = background.start_catcher(settings)
    if folder:
        click.echo(f"Mail catcher: {settings.effective_smtp_url} -> {folder}")
    if background.configured_prefect_api():
        click.echo(f"Prefect: {background.configured_prefect_api()} (PREFECT_API_URL)")
    else:
        url = background.start_prefect_server(settings)
        click.echo(f"Prefect server: {url.removesuffix('/api')}")


@services.command()
def status() -> None:
    """Show which local services run for this data folder."""
    settings = get_settings()
    for name in NAMES:
        info = background.recorded(settings, name)
        state = f"running (pid {info['pid']}, port {info['port']})" if info else "not running"
        click.echo(f"{name}: {state}")
    shown = {name: value for name, value, _ in settings.describe()}
    click.echo(f"mail goes to: {shown['PEILING_SMTP_URL']}")


@services.command()
def stop() -> None:
    """Stop the local services of this data folder."""
    settings = get_settings()
    for name in NAMES:
        click.echo(f"{name}: {'stopped' if background.stop(settings, name) else 'not running'}")
