"""Fixtures for the web app: a real app on the test database, invitations with their links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from peiling.models import Invitation
from peiling.models.inviting import token_of
from peiling.models.wave_lifecycle import open_wave
from peiling.settings import get_settings, override
from peiling.webforms import create_app
from tests import factories

SECRET = "test-secret-key"
DEFAULT_SMTP = "smtp://127.0.0.1:8025"
HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|version)" value="([^"]*)"')


@pytest.fixture
def app(settings, engine):
    """Return the app on the test database (CSRF on, as in production).

    Mail (receipts, forwarded invitations) goes to a closed loopback port unless the test
    started its own SMTP server: never to a mail catcher that happens to run on this machine.
    """
    if get_settings().smtp_url == DEFAULT_SMTP:
        override(smtp_url="smtp://127.0.0.1:9", smtp_timeout="1")
    app = create_app({"TESTING": True})
    yield app


@dataclass
class Invited:
    """An invitation of an open wave and the token of its personal link."""

    invitation: Invitation
    token: str

    @property
    def link(self) -> str:
        return f"/r/{self.token}"


SMALL = Path(__file__).with_name("small.yaml")


def invite(db_session, *, code="GM0363", name="Amsterdam", wave=None, text=None, **wave_kw):
    """Create an organisation with a contact invited to a wave (a new open one by default)."""
    org = factories.organisation(db_session, code=code, name=name)
    contact = factories.contact(db_session, org, email=f"info@{code.lower()}.nl")
    if wave is None:
        survey = "web-test" if text else "ess-behoeftepeiling"
        version = factories.version(db_session, survey=survey, text=text)
        wave = factories.wave(db_session, version, **wave_kw)
    open_wave(db_session, wave, SECRET)
    db_session.commit()
    invitation = db_session.scalars(
        select(Invitation).where(Invitation.contact_id == contact.id)
    ).one()
    return Invited(invitation, token_of(invitation, SECRET))


@pytest.fixture
def invited(db_session):
    """Return an invitation to an open wave of the 2026 questionnaire."""
    return invite(db_session)


@pytest.fixture
def small(db_session):
    """Return an invitation to an open wave of the small test questionnaire."""
    return invite(db_session, text=SMALL.read_text(encoding="utf-8"))


def questionnaire(invited: Invited):
    """Return the parsed questionnaire of an invitation's wave."""
    from peiling.models.questionnaire_store import parsed

    return parsed(invited.invitation.wave.questionnaire_version)


def location(response) -> str:
    """Return the path a redirect points to."""
    assert response.status_code in (302, 303), response.status_code
    return response.headers["Location"]


def hidden_fields(html: str) -> dict[str, str]:
    """Return the CSRF token and response version of a rendered form."""
    return dict(HIDDEN.findall(html))


def post_page(client, path: str, data: dict | list, action: str = "next", **kw):
    """GET a page, then POST answers with its CSRF token and version, as a browser would."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    fields = hidden_fields(page.get_data(as_text=True))
    items = list(data.items()) if isinstance(data, dict) else list(data)
    expanded = []
    for key, value in items:
        for one in value if isinstance(value, list) else [value]:
            expanded.append((key, one))
    expanded += [(k, v) for k, v in fields.items()] + [("action", action)]
    from werkzeug.datastructures import MultiDict

    return client.post(path, data=MultiDict(expanded), **kw)
