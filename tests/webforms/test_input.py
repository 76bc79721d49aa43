"""Every posted value is checked and normalised: no 500, and the same result on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import Response
from tests.webforms.conftest import hidden_fields, invite, location, post_page

FREE = """
survey: web-input
version: "1"
title: {nl: Invoer}
languages: [nl]
pages:
  - key: vrij
    title: {nl: Vrij}
    questions:
      - {key: getal, type: number, text: {nl: Een getal}}
      - {key: kort, type: short_text, text: {nl: Kort}}
      - {key: lang, type: long_text, text: {nl: Lang}}
      - {key: dag, type: date, text: {nl: Een dag}}
"""


@pytest.fixture
def free(db_session):
    return invite(db_session, text=FREE)


def stored(db_session) -> dict:
    db_session.expire_all()
    response = db_session.scalar(select(Response))
    return response.answers if response else {}


def open_page(app, invited):
    client = app.test_client()
    client.get(invited.link)
    return client


def test_nul_and_control_characters_are_removed_from_text(app, free, db_session):
    client = open_page(app, free)
    typed = {"kort": "Gemeente\x00 A\x0bB\tC", "lang": "Regel een\x00\r\nRegel\x0btwee\x07"}
    saved = post_page(client, "/vragenlijst/vrij", typed, action="save")
    assert location(saved) == "/opgeslagen"
    answers = stored(db_session)
    assert answers["kort"] == "Gemeente A B C"
    assert answers["lang"] == "Regel een\nRegel\ntwee"


def test_text_of_only_control_characters_counts_as_empty(app, free, db_session):
    client = open_page(app, free)
    saved = post_page(client, "/vragenlijst/vrij", {"kort": "\x00\x01", "getal": "3"}, "save")
    assert location(saved) == "/opgeslagen"
    assert stored(db_session) == {"getal": 3}


@pytest.mark.parametrize(
    "typed", ["9" * 5000, "1e999999999", "-1e16", "12345678901234567890123456789012"]
)
def test_huge_numbers_get_a_message_not_an_error(app, free, db_session, typed):
    client = open_page(app, free)
    page = post_page(client, "/vragenlijst/vrij", {"getal": typed}, action="save")
    assert page.status_code == 200
    assert "Dit getal is te groot" in page.get_data(as_text=True)
    assert stored(db_session) == {}


@pytest.mark.parametrize("version", ["²", "٣", "9" * 5000, "-1", "1.0", "\x00"])
def test_a_garbled_version_on_a_page_or_the_submit_is_no_error(app, free, db_session, version):
    client = open_page(app, free)
    page = client.get("/vragenlijst/vrij").get_data(as_text=True)
    fields = {**hidden_fields(page), "version": version, "getal": "4", "action": "next"}
    assert location(client.post("/vragenlijst/vrij", data=fields)) == "/controleren"
    review = hidden_fields(client.get("/controleren").get_data(as_text=True))
    sent = client.post("/verzenden", data={**review, "version": version, "bevestig": "ja"})
    assert location(sent) == "/verzonden"
    db_session.expire_all()
    assert db_session.scalar(select(Response)).submitted_at is not None
