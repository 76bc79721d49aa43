"""Staff set an organisation's coordinator and assign the pages of an organisation-mode wave."""

from __future__ import annotations

from peiling.models import audit
from peiling.models.shared_response import assignments, coordinator_of
from tests.webforms.conftest import location
from tests.webforms.staff.conftest import csrf_token
from tests.webforms.test_shared_response import shared_municipality


def test_staff_set_the_coordinator_and_assign_pages(as_admin, db_session):
    town = shared_municipality(db_session)
    path = f"/beheer/organisaties/{town.organisation_id}"
    page = as_admin.get(path).text
    assert "Samen invullen" in page and "Pagina&#39;s toewijzen in web-test 2026" in page
    token = csrf_token(page)
    response = as_admin.post(
        f"{path}/coordinator", data={"csrf_token": token, "contact": town.sam.contact_id}
    )
    assert location(response) == f"{path}#samen"
    assert "Sam Sociaal is nu de coördinator." in as_admin.get(path).text
    db_session.expire_all()
    assert coordinator_of(db_session, town.organisation_id).id == town.sam.contact_id
    wave = town.vera.wave
    response = as_admin.post(
        f"{path}/taken/{wave.id}",
        data={"csrf_token": token, "pagina__start": town.vera.contact_id, "pagina__slot": ""},
    )
    assert location(response) == f"{path}#samen"
    db_session.expire_all()
    found = assignments(db_session, wave, town.organisation_id)
    assert {k: c.name for k, c in found.items()} == {"start": "Vera Veilig"}
    actions = [entry["action"] for entry in audit.entries(db_session)]
    assert actions[:2] == ["pages.assign", "coordinator.set"]
    # A contact of another organisation is refused.
    refused = as_admin.post(f"{path}/coordinator", data={"csrf_token": token, "contact": "999"})
    assert location(refused) == f"{path}#samen"
    assert "Kies een contactpersoon van deze organisatie" in as_admin.get(path).text
    db_session.expire_all()
    assert coordinator_of(db_session, town.organisation_id).id == town.sam.contact_id


def test_researchers_cannot_change_the_coordinator(as_researcher, db_session):
    town = shared_municipality(db_session)
    path = f"/beheer/organisaties/{town.organisation_id}/coordinator"
    token = csrf_token(as_researcher.get("/beheer/").text)
    response = as_researcher.post(path, data={"csrf_token": token, "contact": town.sam.contact_id})
    assert response.status_code == 403
    db_session.expire_all()
    assert coordinator_of(db_session, town.organisation_id).id == town.vera.contact_id
