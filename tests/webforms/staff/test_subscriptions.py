"""Researchers and admins subscribe on the downloads page to mail about a survey's new exports."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import AuditEntry, ExportSubscription
from peiling.settings import get_settings
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def _press(client, survey: str, change: str):
    token = csrf_token(client.get("/beheer/downloads").get_data(as_text=True))
    data = {"csrf_token": token, "survey": survey, "change": change}
    return client.post("/beheer/downloads/abonnement", data=data, follow_redirects=True)


def _subscribed(db_session) -> list[tuple[str, str]]:
    db_session.expire_all()
    rows = db_session.scalars(select(ExportSubscription)).all()
    return [(row.user.email, row.language) for row in rows]


def test_a_researcher_subscribes_and_unsubscribes(as_researcher, built, db_session):
    survey = built.wave.survey_key
    page = as_researcher.get("/beheer/downloads").get_data(as_text=True)
    assert f"{survey}: u krijgt geen mail bij nieuwe exports." in page
    page = _press(as_researcher, survey, "subscribe").get_data(as_text=True)
    assert f"U krijgt voortaan een mail bij elke nieuwe export van {survey}." in page
    assert f"{survey}: u krijgt een mail bij elke nieuwe export." in page
    assert ">Afmelden<" in page
    assert _subscribed(db_session) == [("onderzoek@example.nl", "nl")]
    page = _press(as_researcher, survey, "unsubscribe").get_data(as_text=True)
    assert f"U krijgt geen mail meer bij nieuwe exports van {survey}." in page
    assert _subscribed(db_session) == []
    actions = db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["export.subscribe", "export.unsubscribe"]


def test_the_mail_comes_in_the_language_of_the_page(as_admin, built, db_session):
    as_admin.get("/taal/en?terug=/beheer/downloads")
    page = _press(as_admin, built.wave.survey_key, "subscribe").get_data(as_text=True)
    assert "From now on you get a mail about every new export" in page
    assert ">Unsubscribe<" in page
    assert _subscribed(db_session) == [("beheer@example.nl", "en")]


def test_an_unknown_survey_or_a_missing_token_changes_nothing(as_researcher, built, db_session):
    page = _press(as_researcher, "<script>bestaat-niet", "subscribe").get_data(as_text=True)
    assert "Deze peiling bestaat niet" in page and "<script>bestaat" not in page
    refused = as_researcher.post(
        "/beheer/downloads/abonnement",
        data={"survey": built.wave.survey_key, "change": "subscribe"},
    )
    assert refused.status_code == 400
    assert _subscribed(db_session) == []


def test_anonymous_cannot_subscribe(app, built, db_session):
    response = app.test_client().post(
        "/beheer/downloads/abonnement", data={"survey": built.wave.survey_key}
    )
    assert response.status_code in (302, 400)
    assert _subscribed(db_session) == []
