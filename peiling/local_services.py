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
