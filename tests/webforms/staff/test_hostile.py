"""Hostile text in every name staff pages show: escaped on each page, quoted in the CSV."""

from __future__ import annotations

import csv
import io

import pytest
from flask import url_for

from peiling.models import audit
from peiling.models.staff import StaffUser
from peiling.settings import get_settings
from peiling.webforms.security import CSP
from tests.webforms.staff import scene

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(db_session, settings, admin):
    built = scene.build(db_session, get_settings().data_path, text=f" {SCRIPT}{FORMULA}")
    audit.record(db_session, None, "user.add", actor=FORMULA, detail=FORMULA + SCRIPT)
    # An address stored before today's checks (the accounts page shows every account).
    db_session.add(
        StaffUser(email=f"{SCRIPT}{FORMULA}@example.nl", role="researcher", password_hash="x")
    )
    db_session.commit()
    return built


def test_every_staff_page_escapes_hostile_names(app, as_admin, hostile):
    values = {
        "wave_id": hostile.wave.id,
        "export_id": hostile.export.id,
        "org_id": hostile.organisation_id,
        "contact_id": hostile.contact_id,
        "name": "invitation.nl.html",
        "old_id": hostile.wave.questionnaire_version_id,
        "new_id": hostile.wave.questionnaire_version_id,
        "version_id": hostile.wave.questionnaire_version_id,
    }
    pages = 0
    shown = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
            continue
        with app.test_request_context():
            path = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
        response = as_admin.get(path)
        assert response.headers["Content-Security-Policy"] == CSP, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Cache-Control"] == "no-store", path
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages += 1
        assert SCRIPT not in html, path
        assert "<script" not in html.split("</head>", 1)[-1], path
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert pages >= 5
    nonresponse = as_admin.get(f"/beheer/golven/{hostile.wave.id}/zonder-respons")
    html = nonresponse.get_data(as_text=True)
    assert "Contact GM0002 &lt;script&gt;alert(1)&lt;/script&gt;=cmd|&#39; /C calc&#39;!A0" in html
    accounts = as_admin.get("/beheer/accounts").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;=cmd|&#39; /C calc&#39;!A0@example.nl" in accounts
    # the wave, municipalities without response, downloads, audit log, organisation, contact,
    # accounts
    assert shown >= 7


def test_the_audit_csv_never_starts_a_cell_with_a_formula(as_admin, hostile):
    response = as_admin.get("/beheer/logboek.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{FORMULA}" in cells and f"'{FORMULA}{SCRIPT}" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_hostile_text_typed_into_the_accounts_form_comes_back_escaped(as_admin):
    from tests.webforms.staff.conftest import post_form

    response = post_form(
        as_admin,
        "/beheer/accounts",
        {"email": SCRIPT + FORMULA, "role": SCRIPT, "password": SCRIPT, "password_again": "x"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
