"""Which survey, and which wave is current: the one rule the CLI and the flows share."""

from __future__ import annotations

import pytest

from peiling.errors import UserError
from peiling.models.wave_lifecycle import close_wave, closed_waves, current_wave, resolve_survey
from tests import factories


def test_the_survey_is_the_named_one_else_the_only_one(db_session):
    with pytest.raises(UserError, match=r"name the survey with --survey \(none is stored"):
        resolve_survey(db_session, None, "with --survey")
    factories.version(db_session, survey="ess-behoeftepeiling")
    assert resolve_survey(db_session, None) == "ess-behoeftepeiling"
    factories.version(db_session, survey="another-survey")
    assert resolve_survey(db_session, "another-survey") == "another-survey"
    with pytest.raises(UserError, match="known: another-survey, ess-behoeftepeiling"):
        resolve_survey(db_session, None)


def test_the_current_wave_is_the_latest_due_one_that_is_not_closed(db_session):
    version = factories.version(db_session)
    older = factories.wave(db_session, version, label="2025", opened_days_ago=400)
    factories.wave(db_session, version, label="2027", opened_days_ago=-30)  # not due yet
    assert current_wave(db_session, "ess-behoeftepeiling") == older
    newer = factories.wave(db_session, version, label="2026", opened_days_ago=2)
    assert current_wave(db_session, "ess-behoeftepeiling") == newer
    close_wave(db_session, newer)
    close_wave(db_session, older)
    assert [w.label for w in closed_waves(db_session, "ess-behoeftepeiling")] == ["2025", "2026"]
    with pytest.raises(UserError, match="has no wave that is open or due to open"):
        current_wave(db_session, "ess-behoeftepeiling")
