"""Admins plan a wave and move its dates on a page, through the same functions as `peiling wave`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from peiling.dates import last_day, local_day
from peiling.models import Wave, audit
from peiling.models.wave_lifecycle import close_wave
from peiling.settings import get_settings
from tests.webforms.conftest import location
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token, post_form

NEW = "/beheer/golven/nieuw"


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def _typed(built, **changes) -> dict:
    return {
        "label": "2027",
        "version": str(built.wave.questionnaire_version_id),
        "opens": "2027-01-04",
        "closes": "2027-02-12",
        "reminders": "7, 2027-01-25",
        "unit": "organisation",
        **changes,
    }


def test_plan_a_wave_on_a_page(as_admin, built, db_session):
    response = post_form(as_admin, NEW, _typed(built))
    wave = db_session.scalars(select(Wave).where(Wave.label == "2027")).one()
    assert location(response) == f"/beheer/golven/{wave.id}"
    assert "Golf ess-behoeftepeiling 2027 is gepland." in as_admin.get(location(response)).text
    assert (local_day(wave.opens_at).isoformat(), last_day(wave.closes_at).date().isoformat()) == (
        "2027-01-04",
        "2027-02-12",
    )
    assert wave.reminder_days == [7, 21] and wave.response_unit == "organisation"
    assert wave.questionnaire_version_id == built.wave.questionnaire_version_id
    entry = audit.entries(db_session)[0]
    assert entry["action"] == "wave.create" and entry["wave"] == "ess-behoeftepeiling 2027"
    assert "reminders [7, 21]" in entry["detail"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"label": " "}, "label", "Vul dit veld in"),
        ({"label": "2026"}, "label", "al een golf met deze naam"),
        ({"opens": "4 januari"}, "opens", "Vul een datum in als jjjj-mm-dd"),
        ({"closes": "2026-12-31"}, "closes", "op of na de eerste dag"),
        ({"reminders": "7,veertien"}, "reminders", "niet veertien"),
        ({"reminders": "0"}, "reminders", "na de eerste dag"),
        ({"reminders": "60"}, "reminders", "na 60 dagen valt niet meer in de golf"),
        ({"version": "99999"}, "version", "Kies een van de mogelijkheden"),
        ({"unit": "iedereen"}, "unit", "Kies een van de mogelijkheden"),
    ],
)
def test_a_wrong_wave_is_refused_at_its_field_and_keeps_what_was_typed(
    as_admin, built, db_session, changes, field, message
):
    typed = _typed(built, **changes)
    response = post_form(as_admin, NEW, typed)
    assert response.status_code == 400
    html = response.text
    assert "<title>Fout:" in html and message in html
    # the message sits at its own field, which is marked invalid and keeps what was typed
    assert f'id="{field}-fout"' in html
    assert re.search(f'aria-describedby="([^"]* )?{field}-fout"', html)
    assert html.count('aria-invalid="true"') == 1
    for name in ("label", "opens", "closes", "reminders"):
        if typed[name].strip():
            assert f'value="{typed[name]}"' in html, name
    assert db_session.scalars(select(Wave).where(Wave.label == "2027")).first() is None


def test_move_the_dates_of_an_open_wave(as_admin, built, db_session):
    path = f"/beheer/golven/{built.wave.id}/data"
    page = as_admin.get(path).text
    assert f'value="{local_day(built.wave.opens_at).isoformat()}"' in page
    first = local_day(built.wave.opens_at).isoformat()
    response = post_form(
        as_admin, path, {"opens": first, "closes": "2099-03-31", "reminders": "10,20"}
    )
    assert location(response) == f"/beheer/golven/{built.wave.id}"
    db_session.expire_all()
    wave = db_session.get(Wave, built.wave.id)
    assert last_day(wave.closes_at).date().isoformat() == "2099-03-31"
    assert wave.reminder_days == [10, 20]
    entry = audit.entries(db_session)[0]
    assert entry["action"] == "wave.dates" and "-> " in entry["detail"]


def test_a_closed_wave_keeps_its_dates(as_admin, built, db_session):
    close_wave(db_session, built.wave)
    db_session.commit()
    path = f"/beheer/golven/{built.wave.id}/data"
    page = as_admin.get(path).text
    assert "Deze golf is gesloten" in page and 'name="opens"' not in page
    refused = as_admin.post(
        path,
        data={
            "csrf_token": csrf_token(as_admin.get(NEW).text),
            "opens": "2026-01-01",
            "closes": "2099-01-01",
            "reminders": "",
        },
    )
    assert refused.status_code == 409
    db_session.expire_all()
    assert last_day(db_session.get(Wave, built.wave.id).closes_at).year != 2099


def test_a_researcher_may_not_plan_waves(as_researcher, built):
    assert as_researcher.get(NEW).status_code == 403
    assert as_researcher.get(f"/beheer/golven/{built.wave.id}/data").status_code == 403
