"""Local background services for the demo and the CLI: a Prefect server and the mail catcher.

Both run as their own processes, recorded in <data folder>/run/<name>.json, so the demo, the web
app and every CLI command share them. A configured PREFECT_API_URL (production) is used as is.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import click

from peiling.errors import UserError
from peiling.local_services import choose_catcher_port, prefect_api_url, record_file
from peiling.settings import Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _record(settings: Settings, name: str) -> Path:
    return record_file(settings.data_path, name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recorded(settings: Settings, name: str) -> dict | None:
    """Return the record of a running (or starting) service, or None; stale records go."""
    path = _record(settings, name)
    if not path.exists():
        return None
    info = json.loads(path.read_text())
    if _alive(info["pid"]):
        return info  # running, or still starting
    path.unlink(missing_ok=True)
    return None


def _spawn(settings: Settings, name: str, argv: list[str], port: int, env: dict) -> dict:
    run = settings.data_path / "run"
    run.mkdir(parents=True, exist_ok=True)
    log = open(run / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(
        argv,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
        start_new_session=True,
    )
    log.close()
    info = {"pid": process.pid, "port": port}
    _record(settings, name).write_text(json.dumps(info))
    return info


def _wait(check, what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise UserError(f"{what} did not start within {timeout:.0f} s; see {log}")


# -- Prefect --------------------------------------------------------------------------------


def configured_prefect_api() -> str | None:
    """Return PREFECT_API_URL when the environment or Prefect profile sets one."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_prefect_server(settings: Settings, wait: bool = True) -> str:
    """Start (or find) the local Prefect server of this data folder; return its API URL."""
    info = recorded(settings, "prefect")
    if info is None:
        port = _free_port()
        home = settings.data_path / "prefect"
        env = {
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        }
        argv = [sys.executable, "-m", "prefect", "server", "start"]
        argv += ["--host", "127.0.0.1", "--port", str(port)]
        info = _spawn(settings, "prefect", argv, port, env)
    url = prefect_api_url(info["port"])
    if wait:
        log = settings.data_path / "run" / "prefect.log"
        _wait(lambda: _healthy(url), "the local Prefect server", log)
    return url


@contextmanager
def prefect_api(settings: Settings):
    """Run the body against the configured Prefect API, or the local server (started on demand)."""
    url = configured_prefect_api()
    if url:
        yield url
        return
    if recorded(settings, "prefect") is None:
        click.echo("Starting a local Prefect server (once; `peiling services stop` ends it) ...")
    url = start_prefect_server(settings)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield url


def quiet_prefect(verbose: bool = False) -> None:
    """Keep Prefect's console log out of the CLI's output (our commands print a summary)."""
    import logging

    import prefect.main  # noqa: F401 - configures Prefect's logging first

    if not verbose:
        logging.getLogger("prefect").setLevel(logging.CRITICAL)


# -- mail catcher -------------------------------------------------------------------------


def catcher_address(settings: Settings) -> tuple[str, int] | None:
    """Return host and port when the SMTP address is a plain SMTP server on this machine."""
    parts = urlsplit(settings.effective_smtp_url)
    if parts.scheme != "smtp" or parts.hostname not in LOOPBACK or parts.username:
        return None
    return parts.hostname, parts.port or 25


def start_catcher(settings: Settings) -> Path | None:
    """Start the data folder's mail catcher when mail goes to this machine and it is not running.

    With the default SMTP address the catcher listens on the data folder's own port; when
    another program took that port, a new free one is chosen and written down, so two data
    folders never catch each other's mail. A port in an explicit PEILING_SMTP_URL that already
    answers is taken to be the mail server the user runs.
    """
    address = catcher_address(settings)
    if address is None:
        return None
    folder = settings.data_path / "mail"
    if recorded(settings, "mailcatcher") is not None:
        return folder
    host, port = address
    if _port_open(host, port):
        if settings.smtp_url:
            return folder
        port = choose_catcher_port(settings.data_path)
    argv = [sys.executable, "-c", "from peiling.cli import main; main()"]
    argv += ["mailcatcher", "--host", host, "--port", str(port)]
    _spawn(settings, "mailcatcher", argv, port, {"PEILING_DATA_DIR": str(settings.data_path)})
    log = settings.data_path / "run" / "mailcatcher.log"
    _wait(lambda: _port_open(host, port), "the mail catcher", log, timeout=30)
    return folder


def port_taken(bind: str) -> bool:
    """Return True when something on this machine already listens on a host:port address."""
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            sock.bind((host, int(port)))
        except OSError:
            return True
    return False


def stop(settings: Settings, name: str) -> bool:
    """Stop a background service of this data folder; False when it was not running."""
    path = _record(settings, name)
    if not path.exists():
        return False
    info = json.loads(path.read_text())
    path.unlink(missing_ok=True)
    if not _alive(info["pid"]):
        return False
    os.killpg(info["pid"], signal.SIGTERM)
    for _ in range(50):
        if not _alive(info["pid"]):
            break
        time.sleep(0.1)
    return True
