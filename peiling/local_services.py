"""Where the local background services of a data folder are recorded, and their addresses."""

from __future__ import annotations

import json
from pathlib import Path


def record_file(data_path: Path, name: str) -> Path:
    """Return the file recording a local service (pid and port) of a data folder."""
    return Path(data_path) / "run" / f"{name}.json"


def prefect_api_url(port: int) -> str:
    """Return the API address of the local Prefect server on a port."""
    return f"http://127.0.0.1:{port}/api"


def recorded_prefect_api(data_path: Path) -> str | None:
    """Return the API address of the data folder's local Prefect server, when one is recorded."""
    path = record_file(data_path, "prefect")
    if not path.exists():
        return None
    return prefect_api_url(json.loads(path.read_text())["port"])


CATCHER_PORT_FILE = "mailcatcher.port"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def catcher_port(data_path: Path) -> int:
    """Return the mail catcher port of a data folder, choosing a free one the first time."""
    path = Path(data_path) / CATCHER_PORT_FILE
    if path.exists():
        text = path.read_text().strip()
        if text.isdigit():
            return int(text)
    return choose_catcher_port(data_path)


def choose_catcher_port(data_path: Path) -> int:
    """Pick a port that is free now for the data folder's mail catcher and write it down."""
    path = Path(data_path) / CATCHER_PORT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    path.write_text(f"{port}\n")
    return port


def catcher_url(data_path: Path) -> str:
    """Return the SMTP address of a data folder's mail catcher."""
    return f"smtp://127.0.0.1:{catcher_port(data_path)}"
