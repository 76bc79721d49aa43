"""Who gets what: every URL of the app, walked as anonymous, researcher and admin."""

from __future__ import annotations

import pytest

from peiling.settings import get_settings
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token, login

# Every staff endpoint and who may use it. A new staff route fails this test until it is
# listed here, and the guard refuses it until its view declares its roles.
STAFF_ACCESS = {
    "staff.login": "public",
    "staff.code": "public",
    "staff.enrol": "public",
    "staff.logout": "staff",
    "staff.home": "staff",
    "staff.exports": "staff",
    "staff.download": "staff",
    "staff.export_subscription": "staff",
    "staff.waves": "admin",
    "staff.wave": "admin",
    "staff.nonresponse": "admin",
    "staff.audit_log": "admin",
    "staff.audit_csv": "admin",
    "staff.organisation": "admin",
    "staff.contact": "admin",
    "staff.contact_status": "admin",
    "staff.set_org_coordinator": "admin",
    "staff.assign_org_pages": "admin",
    "staff.flows": "admin",
    "staff.start_flow": "admin",
    "staff.mail_templates": "admin",
    "staff.mail_template": "admin",
    "staff.mail_test": "admin",
    "staff.questionnaires": "admin",
    "staff.questionnaire_diff": "admin",
    "staff.wave_new": "admin",
    "staff.wave_dates": "admin",
    "staff.resend": "admin",
    "staff.contacts_import": "admin",
    "staff.contacts_import_apply": "admin",
    "staff.preview": "admin",
    "staff.preview_page": "admin",
    "staff.accounts": "admin",
    "staff.account_change": "admin",
}
ALLOWED = {
    "anonymous": {"public"},
    "researcher": {"public", "staff"},
    "admin": {"public", "staff", "admin"},
}


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def _urls(app, built, researcher):
    values = {
        "user_id": researcher.id,
        "wave_id": built.wave.id,
        "export_id": built.export.id,
        "org_id": built.organisation_id,
        "contact_id": built.contact_id,
        "invitation_id": 1,
        "name": "invitation.nl.txt",
        "old_id": built.wave.questionnaire_version_id,
        "new_id": built.wave.questionnaire_version_id,
        "version_id": built.wave.questionnaire_version_id,
        "page_key": "x",
    }
    for rule in app.url_map.iter_rules():
        args = {name: values.get(name, "x") for name in rule.arguments}
        if rule.endpoint == "static":
            args = {"filename": "peiling.css"}
        with app.test_request_context():
            from flask import url_for

            yield rule, url_for(rule.endpoint, **args)


@pytest.mark.parametrize("who", ["anonymous", "researcher", "admin"])
def test_every_route_checks_the_role_on_the_server(app, built, admin, researcher, who):
    staff_endpoints = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")
    }
    assert staff_endpoints == set(STAFF_ACCESS), "classify every staff route in STAFF_ACCESS"
    client = app.test_client()
    if who != "anonymous":
        email = "beheer@example.nl" if who == "admin" else "onderzoek@example.nl"
        assert login(client, email).status_code == 302
    start = "/beheer/login" if who == "anonymous" else "/beheer/"
    token = csrf_token(client.get(start).get_data(as_text=True))
    checked = 0
    for rule, url in _urls(app, built, researcher):
        method = "GET" if "GET" in rule.methods else "POST"
        if rule.endpoint == "staff.logout":
            continue  # walked last: it ends the session
        response = client.open(
            url,
            method=method,
            data={"csrf_token": token, "change": "activate", "action": "close"}
            if method == "POST"
            else None,
        )
        status = response.status_code
        assert status < 500, f"{who} {method} {url}: {status}"
        if not rule.endpoint.startswith("staff."):
            # The respondent side answers the same to everyone: no staff login in the way.
            assert "/beheer" not in response.headers.get("Location", ""), f"{who} {url}"
            continue
        checked += 1
        need = STAFF_ACCESS[rule.endpoint]
        if need in ALLOWED[who]:
            assert status in (200, 302), f"{who} {url}: {status}"
            if status == 302 and need != "public":
                assert "/beheer/login" not in response.headers["Location"], f"{who} {url}"
        elif who == "anonymous":
            assert status == 302 and response.headers["Location"].startswith("/beheer/login")
        else:
            assert status == 403, f"{who} {url}: {status}"
            assert "Geen toegang" in response.get_data(as_text=True)
    assert checked == len(STAFF_ACCESS) - 1
    logout = client.post("/beheer/logout", data={"csrf_token": token})
    assert logout.status_code == 302 and logout.headers["Location"] == "/beheer/login"


def test_a_view_without_declared_roles_is_refused(app, admin):
    from peiling.webforms.staff.blueprint import bp

    @app.get("/beheer/vergeten")
    def forgotten():
        return "secret"

    # Registered on the app under the staff prefix, it is no staff view: the guard does not see
    # it. Registered on the blueprint without @allow, the guard refuses it even for an admin.
    app.view_functions["staff.forgotten"] = forgotten
    app.url_map.add(app.url_rule_class("/beheer/vergeten2", endpoint="staff.forgotten"))
    client = app.test_client()
    login(client, admin.email)
    assert client.get("/beheer/vergeten2").status_code == 403
    assert bp.name == "staff"
