"""Earlier waves on today's division, with the real CBS list and the real mergers."""

from __future__ import annotations

from datetime import date

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.division import current_ids
from peiling.cleaning.raw import load_organisations
from peiling.cleaning.rules import note_text
from peiling.cleaning.wave import clean_wave
from peiling.importers.mergers import current_successor, import_mergers
from peiling.importers.organisations import import_organisations
from peiling.models.wave_lifecycle import get_wave
from peiling.simulation import simulate_history


def import_real(session, shared_data):
    # Mergers first: the importer dates a successor it creates (valid_from), which a
    # successor already imported from the CBS list would lack.
    import_mergers(session, shared_data / "herindelingen.csv")
    import_organisations(session, shared_data / "gemeenten_2024.csv")
    session.flush()


def test_the_division_follows_the_merger_importer_for_every_municipality(db_session, shared_data):
    import_real(db_session, shared_data)
    frame = load_organisations(db_session)
    codes = dict(zip(frame["organisation_id"], frame["code"], strict=True))
    for on in (date(2018, 6, 1), date(2021, 6, 1), date(2026, 6, 1)):
        mapped = current_ids(frame, on)
        for org_id, code in codes.items():
            assert codes[mapped[org_id]] == current_successor(db_session, code, on=on).code


def test_a_wave_before_mergers_is_reported_on_todays_division_or_as_it_was(db_session, shared_data):
    result = simulate_history(
        db_session,
        secret_key="test-secret-key",
        labels=["2022", "2025"],
        organisations=shared_data / "gemeenten_2024.csv",
        mergers=shared_data / "herindelingen.csv",
        seed=3,
        fast=True,
    )
    assert result.waves[0].invited > result.waves[1].invited  # more municipalities then
    wave = get_wave(db_session, "ess-behoeftepeiling", "2022")
    current = clean_wave(db_session, wave, on=date(2026, 6, 1))
    data = current.data
    moved = data[data["organisation_code"] != data["current_code"]]
    # Municipalities dissolved on 1 January 2023 answered in 2022, under their own name.
    assert {"GM0501", "GM0530", "GM0614"} & set(moved["organisation_code"])
    assert set(moved["current_code"]) <= {"GM1992"}  # Voorne aan Zee
    assert moved["province"].eq("Zuid-Holland").all()
    assert any("counted under the successor" in note_text(note, "en") for note in current.notes)
    assert not current.invitations["current_code"].isin(["GM0501", "GM0530", "GM0614"]).any()

    as_it_was = clean_wave(
        db_session, wave, config=CleaningConfig(division="historical"), on=date(2026, 6, 1)
    )
    assert (as_it_was.data["organisation_code"] == as_it_was.data["current_code"]).all()
    assert len(as_it_was.data) == len(data)

    later = clean_wave(db_session, get_wave(db_session, "ess-behoeftepeiling", "2025"))
    assert not later.data["organisation_code"].isin(["GM0501", "GM0530", "GM0614"]).any()
