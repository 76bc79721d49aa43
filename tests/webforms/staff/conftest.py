"""Fixtures for the staff area: an admin and a researcher, and logging in as a browser would."""

from __future__ import annotations

import re

import pytest

from peiling.models.staff_accounts import add_user

PASSWORD = "een lang en goed wachtwoord"


def csrf_token(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def admin(db_session):
    """Return an admin account."""
    user = add_user(db_session, "beheer@example.nl", "admin", PASSWORD)
    db_session.commit()
    return user


@pytest.fixture
def researcher(db_session):
    """Return a researcher account."""
    user = add_user(db_session, "onderzoek@example.nl", "researcher", PASSWORD)
    db_session.commit()
    return user


def post_form(client, path: str, data: dict, **kw):
    """GET a page, then POST a form on it with its CSRF token."""
    page = client.get(path)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, **kw)


def login(client, email: str, password: str = PASSWORD, **kw):
    """Log in through the login page; return the response to the POST."""
    return post_form(client, "/beheer/login", {"email": email, "password": password}, **kw)


@pytest.fixture
def as_admin(app, admin):
    """Return a client logged in as the admin."""
    client = app.test_client()
    assert login(client, admin.email).status_code == 302
    return client


@pytest.fixture
def as_researcher(app, researcher):
    """Return a client logged in as the researcher."""
    client = app.test_client()
    assert login(client, researcher.email).status_code == 302
    return client
