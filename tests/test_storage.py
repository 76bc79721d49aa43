"""Shared storage: cleaned waves, exports and mail templates at PEILING_STORAGE_URL."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from sqlalchemy import select

from peiling import settings as peiling_settings
from peiling import storage
from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.run import clean_and_store
from peiling.cleaning.store import load_cleaned_waves
from peiling.exports.make import make_export
from peiling.exports.options import ExportOptions
from peiling.mailing.compose import MailSettings, render
from peiling.models import Invitation
from peiling.models.export_record import ExportRecord
from peiling.models.inviting import create_invitations
from peiling.simulation import simulate_history
from tests.mailing.servers import make_panel, make_wave

SURVEY = "ess-behoeftepeiling"


@pytest.fixture(params=["memory", "file"])
def shared(request, settings, tmp_path):
    """Point PEILING_STORAGE_URL at a fresh memory:// or file:// location."""
    if request.param == "memory":
        url = f"memory://peiling-{uuid.uuid4().hex[:8]}"
    else:
        url = (tmp_path / "shared").as_uri()
    peiling_settings.override(storage_url=url)
    return url


def _nothing_in_the_data_folder(settings, folder):
    assert not (settings.data_path / folder).exists()


def test_stored_files_round_trip_and_report_what_is_missing(shared):
    location = storage.join(storage.root(), "a", "b.txt")
    assert location.startswith(shared) and not storage.exists(location)
    storage.write_text(location, "één")
    assert storage.exists(location) and storage.read_text(location) == "één"
    with storage.local_copy(location) as local:
        assert local.read_text(encoding="utf-8") == "één"
    assert storage.relative(location, storage.root()) == "a/b.txt"


def test_without_a_storage_url_the_data_folder_is_the_storage(settings):
    assert storage.root() == str(settings.data_path)


def test_cleaned_waves_go_to_shared_storage_and_are_reused_from_there(db_session, settings, shared):
    simulate_history(
        db_session, secret_key="k", labels=["2025"], organisations=6, seed=2, fast=True
    )
    report = clean_and_store(db_session, SURVEY, "2025", settings.data_path, CleaningConfig())
    assert report["files"]["data"].startswith(shared)
    assert storage.exists(report["files"]["report"]) and storage.exists(report["files"]["markdown"])
    _nothing_in_the_data_folder(settings, "cleaned")
    stored = storage.read_bytes(report["files"]["data"])
    (wave,) = load_cleaned_waves(db_session, SURVEY, ["2025"])
    assert wave.label == "2025" and storage.read_bytes(report["files"]["data"]) == stored


def test_exports_go_to_shared_storage_and_their_record_names_the_key(db_session, settings, shared):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2, fast=True
    )
    made = make_export(
        db_session, SURVEY, ["2025", "2026"], "xlsx", ExportOptions(), settings.data_path
    )
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.id == made.record_id and record.path.startswith(f"exports/{SURVEY}/")
    content = storage.read_bytes(storage.join(storage.root(), record.path))
    assert "Thema's" in openpyxl.load_workbook(io.BytesIO(content), read_only=True).sheetnames
    _nothing_in_the_data_folder(settings, "exports")


def test_a_waves_own_templates_are_read_from_shared_storage(db_session, settings, shared):
    make_panel(db_session, organisations=1, per_organisation=1)
    wave = make_wave(db_session)
    create_invitations(db_session, wave, "k")
    invitation = db_session.scalars(select(Invitation)).one()
    folder = storage.join(storage.root(), "mail-templates", wave.survey_key, wave.label)
    storage.write_text(
        storage.join(folder, "invitation.nl.txt"),
        "{% set subject %}Gedeeld {{ wave_label }}{% endset %}Hoi {{ name }}: {{ link }}\n",
    )
    mail = MailSettings.from_settings(peiling_settings.get_settings())
    rendered = render(invitation, "invitation", 0, mail)
    assert rendered.subject.startswith("Gedeeld") and rendered.text.startswith("Hoi ")
