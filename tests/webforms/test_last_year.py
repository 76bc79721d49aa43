"""Last year's facts on the respondent page: prefilled, with a note, confirmed or changed."""

from __future__ import annotations

from sqlalchemy import select

from peiling.models import Response
from tests import factories
from tests.questionnaires.carry_forward_versions import answered, two_waves
from tests.webforms.conftest import invite, location, post_page


def answered_last_year(db_session, wave, org, answers):
    answered(db_session, wave, org, answers)
    db_session.commit()


def test_the_page_shows_last_years_answer_prefilled_and_records_the_confirmation(app, db_session):
    first, second = two_waves(db_session)
    invited = invite(db_session, code="GM0344", name="Utrecht", wave=second)
    org = invited.invitation.contact.organisation
    answered_last_year(db_session, first, org, {"plan": 3, "jaar": 2019, "mening": 2})
    client = app.test_client()
    assert location(client.get(invited.link)) == "/vragenlijst"

    html = client.get("/vragenlijst/beleid").get_data(as_text=True)
    # Code 3 'in voorbereiding' of last year is code 4 now (the code map of version 2).
    assert "Vorig jaar antwoordde uw gemeente: In voorbereiding." in html
    assert "Vorig jaar antwoordde uw gemeente: 2019." in html
    assert 'value="4" checked' in html and 'value="3" checked' not in html
    assert 'value="2019"' in html
    assert html.count("Vorig jaar antwoordde") == 2  # no note on the opinion question

    saved = post_page(client, "/vragenlijst/beleid", {"plan": "4", "jaar": "2021", "mening": "1"})
    assert saved.status_code in (302, 303)
    db_session.expire_all()
    stored = db_session.scalar(select(Response).where(Response.wave_id == second.id))
    assert stored.answers == {"plan": 4, "jaar": 2021, "mening": 1}


def test_a_merged_municipality_sees_what_its_predecessors_agreed_on(app, db_session):
    first, second = two_waves(db_session)
    invited = invite(db_session, code="GM1992", name="Voorne aan Zee", wave=second)
    merged = invited.invitation.contact.organisation
    for code, name, year in (("GM0501", "Brielle", 2020), ("GM0530", "Hellevoetsluis", 2018)):
        old = factories.organisation(db_session, code, name, successor_id=merged.id)
        answered_last_year(db_session, first, old, {"plan": 1, "jaar": year})
    client = app.test_client()
    client.get(invited.link)
    html = client.get("/vragenlijst/beleid").get_data(as_text=True)
    assert "Vorig jaar antwoordde uw gemeente: Ja." in html
    assert html.count("Vorig jaar antwoordde") == 1  # the years differ: nothing to confirm


def test_no_note_without_last_years_answer(app, db_session):
    _, second = two_waves(db_session)
    invited = invite(db_session, code="GM0599", name="Rotterdam", wave=second)
    client = app.test_client()
    client.get(invited.link)
    html = client.get("/vragenlijst/beleid").get_data(as_text=True)
    assert "Vorig jaar antwoordde" not in html
