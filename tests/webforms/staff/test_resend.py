"""The resend button: the contact gets exactly one mail with a working link, logged; refusals."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from peiling.mailing.catcher import caught
from peiling.models import AuditEntry, Contact, MailLog
from peiling.settings import get_settings
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.conftest import location
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def _press(client, wave_id: int, contact_id: int):
    page = client.get(f"/beheer/golven/{wave_id}/zonder-respons")
    token = csrf_token(page.text)
    return client.post(
        f"/beheer/golven/{wave_id}/zonder-respons/{contact_id}/link", data={"csrf_token": token}
    )


def _resends(db_session) -> list[str]:
    """Return the details of the resend entries in the audit log, oldest first."""
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(AuditEntry.detail)
            .where(AuditEntry.action == "contact.resend_link")
            .order_by(AuditEntry.id)
        )
    )


def test_resend_sends_one_mail_with_a_working_link(
    app,
    as_admin,
    built,
    db_session,
    smtp_server,  # noqa: F811
):
    page = as_admin.get(f"/beheer/golven/{built.wave.id}/zonder-respons").text
    assert page.count("Persoonlijke link opnieuw sturen") == 2  # Klein and Midden, not Groningen
    response = _press(as_admin, built.wave.id, built.contact_id)
    assert location(response).endswith(f"/zonder-respons#org-{built.organisation_id}")
    shown = as_admin.get(location(response)).text
    assert "opnieuw gestuurd naar Contact GM0002 (info@gm0002.example.nl)" in shown
    [message] = caught(smtp_server.folder)
    assert message["To"].addresses[0].addr_spec == "info@gm0002.example.nl"
    text = message.get_body(("plain",)).get_content()
    [link] = re.findall(r"https?://\S+/r/[A-Za-z0-9_\-.~]+", text)
    respondent = app.test_client()
    opened = respondent.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert location(opened) == "/vragenlijst"
    start = respondent.get("/vragenlijst").text
    assert "U vult deze vragenlijst in namens Klein." in start
    rows = db_session.scalars(
        select(MailLog).where(MailLog.recipient == "info@gm0002.example.nl").order_by(MailLog.id)
    ).all()
    assert [(r.kind, r.round, r.status) for r in rows] == [
        ("invitation", 0, "failed"),
        ("invitation", 1, "sent"),
    ]
    [detail] = _resends(db_session)
    assert detail.startswith(f"contact {built.contact_id}: sent to info@gm0002.example.nl")


def test_resend_is_refused_for_a_contact_who_opted_out(
    as_admin,
    built,
    db_session,
    smtp_server,  # noqa: F811
):
    contact = db_session.get(Contact, built.contact_id)
    contact.opted_out_at = contact.created_at
    db_session.commit()
    page = as_admin.get(f"/beheer/golven/{built.wave.id}/zonder-respons").text
    assert page.count("Persoonlijke link opnieuw sturen") == 1  # no button for the opted-out
    response = _press(as_admin, built.wave.id, built.contact_id)
    shown = as_admin.get(location(response)).text
    assert "heeft zich afgemeld en krijgt geen mail meer" in shown
    assert caught(smtp_server.folder) == []
    [detail] = _resends(db_session)
    assert detail.startswith(f"contact {built.contact_id}: refused")


def test_resend_when_the_mail_server_is_away_says_so(as_admin, built, db_session):
    response = _press(as_admin, built.wave.id, built.contact_id)  # the app's closed port
    shown = as_admin.get(location(response)).text
    assert "De link aan Contact GM0002 is niet verstuurd" in shown
    [detail] = _resends(db_session)
    assert "to retry" in detail or "not sent" in detail


def test_resend_needs_the_csrf_token_and_an_admin(as_admin, as_researcher, built):
    path = f"/beheer/golven/{built.wave.id}/zonder-respons/{built.contact_id}/link"
    assert as_admin.post(path).status_code == 400
    assert as_researcher.post(path).status_code in (400, 403)


def test_the_outcome_escapes_a_hostile_contact_name(as_admin, db_session, settings):
    built = scene.build(db_session, get_settings().data_path, text=scene.HOSTILE)
    response = _press(as_admin, built.wave.id, built.contact_id)
    shown = as_admin.get(location(response)).text.split("</head>", 1)[1]
    assert "<script" not in shown
    assert "De link aan Contact GM0002&lt;script&gt;alert(1)&lt;/script&gt;" in shown
