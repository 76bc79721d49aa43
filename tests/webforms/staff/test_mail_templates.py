"""Mail templates per wave: edit, preview with a real contact, test mail, audit, the sandbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.mailing.catcher import caught
from peiling.mailing.compose import MailSettings, render
from peiling.models import AuditEntry, Invitation
from peiling.settings import get_settings
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token, post_form


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def _page(wave_id: int, name: str = "invitation.nl.txt") -> str:
    return f"/beheer/golven/{wave_id}/mail/{name}"


def _actions(db_session) -> list[str]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_edit_is_stored_where_the_mail_flow_looks_and_previewed(as_admin, built, db_session):
    page = as_admin.get(_page(built.wave.id)).get_data(as_text=True)
    assert "Contact GM0001" in page  # the preview uses a real contact of the wave
    assert "Uitnodiging" in page
    text = "{% set subject %}Nieuw: {{ municipality }}{% endset -%}\nHallo {{ name }}, {{ link }}\n"
    response = post_form(as_admin, _page(built.wave.id), {"text": text})
    assert response.status_code == 302
    stored = next((get_settings().data_path / "mail-templates").glob("*/2026/invitation.nl.txt"))
    assert stored.read_text() == text
    page = as_admin.get(_page(built.wave.id)).get_data(as_text=True)
    assert "Nieuw: Groningen" in page and "Hallo Contact GM0001" in page
    # the flow's own rendering now uses it
    invitation = db_session.scalars(select(Invitation).order_by(Invitation.id)).first()
    rendered = render(invitation, "invitation", 1, MailSettings.from_settings(get_settings()))
    assert rendered.subject.startswith("Nieuw: ")
    listing = as_admin.get(f"/beheer/golven/{built.wave.id}/mail").get_data(as_text=True)
    assert "eigen tekst van deze golf" in listing
    assert "mail_template.edit" in _actions(db_session)


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ link.__class__.__init__.__globals__ }}",
        "{% for x in () %}{% endfor %}{{ cycler.__init__.__globals__.os }}",
        "{{ name",
        "{{ no_such_variable }}",
    ],
)
def test_hostile_or_broken_template_text_is_refused_and_not_stored(as_admin, built, hostile):
    response = post_form(as_admin, _page(built.wave.id), {"text": hostile})
    assert response.status_code == 400
    assert "Niet opgeslagen" in response.get_data(as_text=True)
    folder = get_settings().data_path / "mail-templates"
    assert not list(folder.glob("*/2026/invitation.nl.txt"))


def test_the_html_preview_escapes_contact_data(as_admin, db_session, settings):
    built = scene.build(db_session, get_settings().data_path, text=scene.HOSTILE)
    page = as_admin.get(_page(built.wave.id, "invitation.nl.html")).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_a_test_mail_goes_to_oneself_through_smtp_and_is_logged(
    as_admin,
    built,
    db_session,
    smtp_server,  # noqa: F811
):
    page = as_admin.get(_page(built.wave.id, "reminder.en.txt")).get_data(as_text=True)
    token = csrf_token(page)
    target = _page(built.wave.id, "reminder.en.txt") + "/test"
    response = as_admin.post(target, data={"csrf_token": token})
    assert response.status_code == 302
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Testmail verstuurd naar beheer@example.nl" in page
    [message] = caught(smtp_server.folder)
    assert message["To"].addresses[0].addr_spec == "beheer@example.nl"
    assert message["Subject"].startswith("[TEST] ")
    assert message["Subject"].startswith("[TEST] Reminder: ")  # the English text of the template
    assert "mail_template.test" in _actions(db_session)


def test_a_researcher_may_not_edit_mail(as_researcher, built):
    assert as_researcher.get(_page(built.wave.id)).status_code == 403
