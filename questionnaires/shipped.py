"""The questionnaire files shipped with peiling, found as package data wherever it is installed."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# peiling is installed unpacked (a wheel or an editable install), so its data are real files.
FOLDER = Path(str(files("peiling.questionnaires")))
SCHEMA = FOLDER / "schema.json"


def shipped_files() -> list[Path]:
    """Return the shipped questionnaire files, oldest version first."""
    return sorted(FOLDER.glob("*.yaml"))


def shipped_file(name: str) -> Path:
    """Return one shipped questionnaire file by name, e.g. ``ess-2026.yaml``."""
    return FOLDER / name
