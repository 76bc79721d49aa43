"""Saving answers: a version counter against stale tabs, an audit trail, submit exactly once."""

import pytest
from sqlalchemy import select

from peiling.models import AnswerChange, Invitation
from peiling.models.answering import AlreadySubmitted, StaleResponse, save_answers, start_response
from peiling.models.wave_lifecycle import open_wave
from tests import factories


@pytest.fixture
def invitation(db_session):
    org = factories.organisation(db_session)
    factories.contact(db_session, org)
    wave = factories.wave(db_session, factories.version(db_session, text="survey: x"))
    open_wave(db_session, wave, "k")
    db_session.commit()
    return db_session.scalars(select(Invitation)).one()


def test_saves_apply_changes_and_record_who_changed_what(db_session, invitation):
    response = start_response(db_session, invitation)
    v1 = response.version
    save_answers(
        db_session, response, {"a": 1, "b": [2, 3]}, expected_version=v1, changed_by=invitation
    )
    save_answers(
        db_session,
        response,
        {"a": 2, "b": None},
        expected_version=response.version,
        changed_by=invitation,
    )
    db_session.commit()
    assert response.answers == {"a": 2}
    assert response.version == v1 + 2
    trail = db_session.scalars(select(AnswerChange).order_by(AnswerChange.id)).all()
    assert [(c.question_key, c.old_value, c.new_value) for c in trail] == [
        ("a", None, 1),
        ("b", None, [2, 3]),
        ("a", 1, 2),
        ("b", [2, 3], None),
    ]
    assert {c.invitation_id for c in trail} == {invitation.id}


def test_a_save_based_on_an_old_version_is_refused(db_session, invitation):
    response = start_response(db_session, invitation)
    old = response.version
    save_answers(db_session, response, {"a": 1}, expected_version=old)
    with pytest.raises(StaleResponse):
        save_answers(db_session, response, {"a": 5}, expected_version=old)
    assert response.answers == {"a": 1}


def test_start_response_returns_the_same_response_again(db_session, invitation):
    assert start_response(db_session, invitation).id == start_response(db_session, invitation).id


def test_a_submitted_response_cannot_change(db_session, invitation):
    from datetime import UTC, datetime

    response = start_response(db_session, invitation)
    response.submitted_at = datetime.now(UTC)
    with pytest.raises(AlreadySubmitted):
        save_answers(db_session, response, {"a": 1}, expected_version=response.version)
