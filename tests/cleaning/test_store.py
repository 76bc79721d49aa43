"""Cleaned waves in the data folder: stored once, reused while current, refreshed when not."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.run import clean_and_store
from peiling.cleaning.store import load_cleaned_waves, wave_folder
from peiling.models import Response
from peiling.models.answering import save_answers
from peiling.models.wave_lifecycle import get_wave
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"


def test_the_exports_get_stored_waves_until_the_answers_change(db_session, settings):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=8, seed=2, fast=True
    )
    report = clean_and_store(db_session, SURVEY, "2025", settings.data_path, CleaningConfig())
    folder = Path(wave_folder(settings.data_path, SURVEY, "2025"))  # the default: local
    stored = json.loads((folder / "report-current.json").read_text(encoding="utf-8"))
    assert stored["rules"] == report["rules"]
    assert {r["rule"] for r in stored["rules"]} >= {"responses_counted", "harmonised", "speeders"}
    assert "| rule |" in (folder / "report-current.md").read_text(encoding="utf-8")
    data_file = folder / "cleaned-current.pkl"
    written = data_file.stat().st_mtime_ns

    first, second = load_cleaned_waves(db_session, SURVEY, ["2025", "2026"])
    assert (first.label, first.version, first.target_version) == ("2025", "2025", "2026")
    assert second.label == "2026"
    assert first.data["flag_partial"].any()
    assert data_file.stat().st_mtime_ns == written  # reused, not cleaned again

    wave = get_wave(db_session, SURVEY, "2025")
    partial = db_session.scalars(
        select(Response).where(Response.wave_id == wave.id, Response.submitted_at.is_(None))
    ).first()
    save_answers(db_session, partial, {"opmerkingen": "Nog een opmerking"}, expected_version=None)
    db_session.flush()
    (again,) = load_cleaned_waves(db_session, SURVEY, ["2025"])
    assert data_file.stat().st_mtime_ns != written
    assert len(again.data) >= len(first.data)

    strict = CleaningConfig(keep_partial=False)
    clean_and_store(db_session, SURVEY, "2025", settings.data_path, strict)
    (kept,) = load_cleaned_waves(db_session, SURVEY, ["2025"])
    assert not kept.data["flag_partial"].any()  # the settings of the last `peiling clean`

    (historical,) = load_cleaned_waves(db_session, SURVEY, ["2025"], division="historical")
    assert (folder / "cleaned-historical.pkl").is_file()
    assert historical.data["organisation_code"].equals(historical.data["current_code"])
