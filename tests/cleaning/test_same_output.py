"""Faster cleaning cleans the same: a simulated history gives the dataset it gave before.

expected/simulated_history.json holds a digest of every cleaned wave (its rows, column types,
invitations, rule counts and notes), made with the cleaning as it was before it was sped up.
A change that alters any cleaned value, type, order or count fails here; a deliberate change
of a rule writes the file again with `python -m tests.cleaning.test_same_output`. Columns that
later features added beside the old ones (the contributing roles of a shared response, the
confirmed/changed/new outcome of a carried-forward fact) are left out of the digest, and notes are
compared as their English text, so the old columns and notes are still held to the old digests.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.rules import note_text
from peiling.cleaning.wave import clean_waves
from peiling.models.wave_lifecycle import find_wave, get_wave
from peiling.simulation import simulate_history

EXPECTED = Path(__file__).parent / "expected" / "simulated_history.json"
SURVEY = "ess-behoeftepeiling"
LABELS = ["2024", "2025", "2026"]
ON = date(2026, 12, 1)


def digest(wave) -> dict:
    """Return what a cleaned wave holds, without database ids (they differ per database)."""
    added = ["contributing_roles", *wave.carried_columns]
    data = wave.data.drop(columns=["response_id", *added], errors="ignore")
    rows = data.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S.%f%z")
    types = ",".join(f"{name}:{dtype}" for name, dtype in data.dtypes.items())
    return {
        "label": wave.label,
        "responses": len(data),
        "data": hashlib.sha256(rows.encode()).hexdigest(),
        "types": hashlib.sha256(types.encode()).hexdigest(),
        "invitations": hashlib.sha256(wave.invitations.to_csv(index=False).encode()).hexdigest(),
        "rules": [[r.rule, r.responses, r.answers] for r in wave.rules],
        "notes": [note_text(note, "en") for note in wave.notes],
    }


def cleaned(session, shared_data, division: str) -> list[dict]:
    """Simulate three waves across real mergers and return the digest of each cleaned one."""
    if find_wave(session, SURVEY, LABELS[-1]) is None:
        simulate_history(
            session,
            secret_key="test-secret-key",
            labels=LABELS,
            organisations=shared_data / "gemeenten_2024.csv",
            mergers=shared_data / "herindelingen.csv",
            seed=5,
            fast=True,
        )
    waves = [get_wave(session, SURVEY, label) for label in LABELS]
    config = CleaningConfig(division=division)
    return [digest(w) for w in clean_waves(session, waves, config=config, on=ON)]


def test_a_simulated_history_cleans_as_before(db_session, shared_data):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for division in ("current", "historical"):
        assert cleaned(db_session, shared_data, division) == expected[division], division


if __name__ == "__main__":  # write the expected digests again (on SQLite)
    import tempfile

    from peiling.models.db import make_engine, session_factory
    from peiling.models.migrate import upgrade
    from tests.conftest import SHARED_DATA as shared

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/expected.sqlite3"
        upgrade(url)
        with session_factory(make_engine(url))() as session:
            found = {d: cleaned(session, shared, d) for d in ("current", "historical")}
    EXPECTED.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED}")
