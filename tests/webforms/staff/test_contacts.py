"""Admins edit contacts: add, change, deactivate, opt out; each change is in the audit log."""

from __future__ import annotations

import pytest

from peiling.models import Contact, audit
from peiling.settings import get_settings
from tests.webforms.conftest import location
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token, post_form


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def test_add_a_contact_and_see_it_listed(as_admin, built, db_session):
    path = f"/beheer/organisaties/{built.organisation_id}"
    response = post_form(
        as_admin,
        path,
        {
            "name": "J. Jansen",
            "email": "J.Jansen@Klein.example.nl",
            "role": "social",
            "language": "en",
        },
    )
    assert location(response) == path
    page = as_admin.get(path).get_data(as_text=True)
    assert "J. Jansen is toegevoegd." in page and "j.jansen@klein.example.nl" in page
    added = db_session.query(Contact).filter_by(email="j.jansen@klein.example.nl").one()
    assert (added.role, added.language, added.active) == ("social", "en", True)
    entry = audit.entries(db_session)[0]
    assert entry["action"] == "contact.add" and entry["organisation"] == "GM0002 Klein"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": " ", "email": "a@klein.nl"}, "Vul dit veld in"),
        ({"name": "A", "email": "geen adres"}, "Vul een geldig e-mailadres in"),
        ({"name": "A", "email": "INFO@gm0002.example.nl"}, "al een contactpersoon met dit adres"),
    ],
)
def test_a_wrong_contact_is_refused_with_the_reason_at_the_field(
    as_admin, built, db_session, data, message
):
    path = f"/beheer/organisaties/{built.organisation_id}"
    response = post_form(as_admin, path, {"role": "other", "language": "nl", **data})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert "<title>Fout:" in html
    assert db_session.query(Contact).filter_by(organisation_id=built.organisation_id).count() == 1


def test_change_a_contact(as_admin, built, db_session):
    path = f"/beheer/contacten/{built.contact_id}"
    response = post_form(
        as_admin,
        path,
        {
            "name": "Nieuwe naam",
            "email": "nieuw@gm0002.example.nl",
            "role": "safety",
            "language": "nl",
        },
    )
    assert location(response) == f"/beheer/organisaties/{built.organisation_id}"
    db_session.expire_all()
    changed = db_session.get(Contact, built.contact_id)
    assert (changed.name, changed.email, changed.role) == (
        "Nieuwe naam",
        "nieuw@gm0002.example.nl",
        "safety",
    )
    assert audit.entries(db_session)[0]["action"] == "contact.change"


def test_deactivate_reactivate_and_opt_out(as_admin, built, db_session):
    page = as_admin.get(f"/beheer/organisaties/{built.organisation_id}").get_data(as_text=True)
    token = csrf_token(page)
    status = f"/beheer/contacten/{built.contact_id}/status"
    for change in ("deactivate", "activate", "opt_out"):
        response = as_admin.post(status, data={"csrf_token": token, "change": change})
        assert location(response) == f"/beheer/organisaties/{built.organisation_id}"
    assert as_admin.post(status, data={"csrf_token": token, "change": "delete"}).status_code == 400
    db_session.expire_all()
    contact = db_session.get(Contact, built.contact_id)
    assert contact.active and contact.opted_out
    actions = [e["action"] for e in audit.entries(db_session)][:3]
    assert actions == ["contact.opt_out", "contact.activate", "contact.deactivate"]


def test_a_change_without_csrf_token_is_refused(as_admin, built):
    response = as_admin.post(
        f"/beheer/contacten/{built.contact_id}/status", data={"change": "opt_out"}
    )
    assert response.status_code == 400
