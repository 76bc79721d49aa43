"""Storing questionnaire versions: load, reload, and the rule that a used version never changes."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from peiling.errors import UserError
from peiling.models import QuestionnaireVersion
from peiling.models.questionnaire_store import get_questionnaire, latest_version, load_version
from peiling.questionnaires import QuestionnaireError, shipped
from tests import factories

QUESTIONNAIRES = shipped.FOLDER
ESS_2026 = QUESTIONNAIRES / "ess-2026.yaml"


def changed_text() -> str:
    text = ESS_2026.read_text(encoding="utf-8")
    return text.replace("nl: Tot slot", "nl: Ten slotte")


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(QuestionnaireVersion))


def test_load_stores_the_version(db_session):
    row = load_version(db_session, ESS_2026)
    db_session.commit()
    assert (row.survey_key, row.version) == ("ess-behoeftepeiling", "2026")
    assert row.title == "Behoeftepeiling sociale stabiliteit 2026"
    assert row.source_text == ESS_2026.read_text(encoding="utf-8")
    assert len(row.checksum) == 64


def test_loading_the_same_text_again_changes_nothing(db_session):
    first = load_version(db_session, ESS_2026)
    db_session.commit()
    loaded_at = first.loaded_at
    again = load_version(db_session, str(ESS_2026))
    assert again.id == first.id
    assert again.loaded_at == loaded_at
    assert count(db_session) == 1


def test_a_changed_text_of_a_version_a_wave_uses_is_refused(db_session):
    row = load_version(db_session, ESS_2026)
    factories.wave(db_session, row, label="2026")
    db_session.commit()
    with pytest.raises(UserError) as caught:
        load_version(db_session, changed_text())
    assert str(caught.value) == (
        "version 2026 of ess-behoeftepeiling is used by wave 2026; "
        "give the changed file a new version"
    )
    db_session.rollback()
    assert db_session.get(QuestionnaireVersion, row.id).checksum == row.checksum


def test_a_changed_text_replaces_an_unused_version(db_session):
    row = load_version(db_session, ESS_2026)
    db_session.commit()
    replaced = load_version(db_session, changed_text())
    db_session.commit()
    assert replaced.id == row.id
    assert "Ten slotte" in replaced.source_text
    assert count(db_session) == 1
    assert get_questionnaire(db_session, row.id).page("afsluiting").title.get() == "Ten slotte"


def test_an_unsound_file_is_not_stored(db_session):
    text = (Path(__file__).parent / "questionnaire_fixtures" / "many_problems.yaml").read_text()
    with pytest.raises(QuestionnaireError):
        load_version(db_session, text)
    assert count(db_session) == 0


def test_a_missing_file_is_a_user_error(db_session, tmp_path):
    with pytest.raises(UserError, match="file not found"):
        load_version(db_session, tmp_path / "weg.yaml")


def test_get_questionnaire_parses_once_per_checksum(db_session):
    row = load_version(db_session, ESS_2026)
    db_session.commit()
    questionnaire = get_questionnaire(db_session, row.id)
    assert questionnaire.version == "2026"
    assert get_questionnaire(db_session, row.id) is questionnaire
    with pytest.raises(UserError):
        get_questionnaire(db_session, row.id + 1000)


def test_latest_version_compares_versions_as_numbers(db_session):
    assert latest_version(db_session, "ess-behoeftepeiling") is None
    load_version(db_session, ESS_2026)
    load_version(db_session, QUESTIONNAIRES / "ess-2025.yaml")
    db_session.commit()
    assert latest_version(db_session, "ess-behoeftepeiling").version == "2026"
    assert latest_version(db_session, "other-survey") is None


def test_latest_version_orders_10_after_9(db_session):
    small = (Path(__file__).parent / "questionnaire_fixtures" / "valid_small.yaml").read_text()
    for number in ("9", "10", "9b"):
        load_version(db_session, small.replace('version: "1"', f'version: "{number}"'))
    assert latest_version(db_session, "test-survey").version == "10"
