"""A municipality answers as one: two officials share a response through their own links.

Through the Flask test client on SQLite and PostgreSQL: who takes part, merging per answer, the
conflict path, the same person in two tabs, the coordinator's review and submit with the mails to
the others, handing the role over, and that a response of one contact shows none of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from peiling.models import Invitation, Response
from peiling.models.inviting import token_of
from peiling.models.wave_lifecycle import open_wave
from tests import factories
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.conftest import SECRET, SMALL, location, post_page

HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')
START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "3"}


@dataclass
class Municipality:
    """One municipality with a safety and a social official sharing one response."""

    organisation_id: int
    vera: Invitation  # safety domain, the first contact: coordinator unless handed over
    sam: Invitation  # social domain

    def link(self, invitation: Invitation) -> str:
        return f"/r/{token_of(invitation, SECRET)}"


def shared_municipality(db_session, response_unit="organisation") -> Municipality:
    org = factories.organisation(db_session)
    vera = factories.contact(db_session, org, "vera@gm0363.nl", name="Vera Veilig", role="safety")
    sam = factories.contact(db_session, org, "sam@gm0363.nl", name="Sam Sociaal", role="social")
    version = factories.version(db_session, survey="web-test", text=SMALL.read_text("utf-8"))
    wave = factories.wave(db_session, version, response_unit=response_unit)
    open_wave(db_session, wave, SECRET)
    db_session.commit()
    by_contact = {i.contact_id: i for i in db_session.scalars(select(Invitation))}
    return Municipality(org.id, by_contact[vera.id], by_contact[sam.id])


@pytest.fixture
def town(db_session):
    return shared_municipality(db_session)


def opened(app, town, invitation):
    client = app.test_client()
    assert location(client.get(town.link(invitation))) == "/vragenlijst"
    return client


def fields_of(html: str) -> list[tuple[str, str]]:
    return HIDDEN.findall(html)


def post_loaded(client, path: str, loaded: str, data: dict, action="next", **extra):
    """POST answers with the hidden fields of a page loaded earlier (as a browser tab would)."""
    items = [(k, v) for k, v in fields_of(loaded)] + list(data.items()) + list(extra.items())
    return client.post(path, data=MultiDict(items + [("action", action)]))


def answers_of(db_session) -> dict:
    db_session.expire_all()
    return db_session.scalars(select(Response)).one().answers


def test_each_official_sees_who_else_takes_part_and_who_coordinates(app, town):
    sam = opened(app, town, town.sam)
    start = sam.get("/vragenlijst").text
    assert "samen in met: Vera Veilig" in start and "De coördinator, Vera Veilig" in start
    together = sam.get("/samen").text
    assert "Vera Veilig (veiligheidsdomein), <strong>coördinator</strong>" in together
    assert "Sam Sociaal (sociaal domein) – u" in together
    assert "Coördinator overdragen" not in together  # only the coordinator hands over
    vera = opened(app, town, town.vera)
    assert "U bent de coördinator" in vera.get("/vragenlijst").text
    assert "Coördinator overdragen" in vera.get("/samen").text


def test_two_officials_saving_the_same_page_are_merged_per_answer(app, town, db_session):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    vera_page = vera.get("/vragenlijst/start").text
    sam_page = sam.get("/vragenlijst/start").text
    saved = post_loaded(vera, "/vragenlijst/start", vera_page, {"domein": "1"}, action="save")
    assert location(saved) == "/opgeslagen"
    # Sam's page still shows no domain; he answers the matrix only.
    theirs = {"thema__inclusie": "1", "thema__polarisatie": "3"}
    saved = post_loaded(sam, "/vragenlijst/start", sam_page, theirs, action="save")
    assert location(saved) == "/opgeslagen"
    assert answers_of(db_session) == {"domein": 1, "thema.inclusie": 1, "thema.polarisatie": 3}
    page = vera.get("/vragenlijst/start").text
    assert "Laatst gewijzigd door Vera Veilig (veiligheidsdomein)" in page
    assert "Laatst gewijzigd door Sam Sociaal (sociaal domein)" in page
    together = vera.get("/samen").text
    assert re.search(
        r"Begin</a></th>\s*<td>klaar</td>\s*<td>Vera Veilig, Sam Sociaal</td>", together
    )


def test_the_same_answer_changed_by_both_asks_the_second_to_choose(app, town, db_session):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    vera_page = vera.get("/vragenlijst/start").text
    sam_page = sam.get("/vragenlijst/start").text
    post_loaded(vera, "/vragenlijst/start", vera_page, {"domein": "1"}, action="save")
    clash = post_loaded(sam, "/vragenlijst/start", sam_page, START)
    assert clash.status_code == 409
    html = clash.text
    assert "Een collega heeft intussen dezelfde antwoorden gewijzigd" in html
    assert "Het antwoord van Vera Veilig (veiligheidsdomein)" in html
    assert re.search(r"houden:\s*<strong>Veiligheid</strong>", html)
    assert re.search(r"Uw antwoord gebruiken:\s*<strong>Sociaal</strong>", html)
    assert answers_of(db_session) == {"domein": 1}  # nothing overwritten, nothing half saved
    # Sending again without choosing asks again.
    again = post_loaded(sam, "/vragenlijst/start", html, START)
    assert again.status_code == 409 and "Kies welk antwoord blijft" in again.text
    assert answers_of(db_session) == {"domein": 1}
    # Sam keeps Vera's domain; his matrix answers are written.
    chosen = post_loaded(sam, "/vragenlijst/start", again.text, START, keuze__domein="theirs")
    assert location(chosen) == "/vragenlijst/veiligheid"
    assert answers_of(db_session) == {"domein": 1, "thema.inclusie": 1, "thema.polarisatie": 3}


def test_choosing_ones_own_answer_replaces_the_colleagues(app, town, db_session):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    vera_page = vera.get("/vragenlijst/start").text
    sam_page = sam.get("/vragenlijst/start").text
    post_loaded(vera, "/vragenlijst/start", vera_page, {"domein": "1"}, action="save")
    clash = post_loaded(sam, "/vragenlijst/start", sam_page, START)
    chosen = post_loaded(sam, "/vragenlijst/start", clash.text, START, keuze__domein="mine")
    assert location(chosen) == "/vragenlijst/slot"
    assert answers_of(db_session)["domein"] == 2


def test_the_same_official_in_two_tabs_is_still_refused_as_stale(app, town, db_session):
    tab1, tab2 = opened(app, town, town.vera), opened(app, town, town.vera)
    page1 = tab1.get("/vragenlijst/start").text
    page2 = tab2.get("/vragenlijst/start").text
    post_loaded(tab1, "/vragenlijst/start", page1, {"domein": "1"}, action="save")
    refused = post_loaded(tab2, "/vragenlijst/start", page2, {"domein": "2"}, action="save")
    assert refused.status_code == 200
    assert "Deze pagina is intussen ergens anders gewijzigd" in refused.text
    assert answers_of(db_session) == {"domein": 1}


def answer_everything(client):
    post_page(client, "/vragenlijst/start", START)
    post_page(client, "/vragenlijst/slot", {"opmerking": "Samen gedaan"})


def submit(client):
    page = client.get("/controleren").text
    return post_loaded(client, "/verzenden", page, {"bevestig": "ja"}, action="")


def test_only_the_coordinator_submits_after_a_review_of_who_answered_what(
    app,
    town,
    db_session,
    smtp_server,  # noqa: F811
):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    answer_everything(sam)
    review = sam.get("/controleren").text
    assert "Alleen de coördinator, Vera Veilig, kan de antwoorden" in review
    assert "Antwoorden verzenden" not in review
    assert "Door Sam Sociaal (sociaal domein)" in review
    token = dict(fields_of(sam.get("/vragenlijst/slot").text))  # no submit form: any token
    refused = sam.post("/verzenden", data={**token, "bevestig": "ja"})
    assert refused.status_code == 403
    assert db_session.scalars(select(Response)).one().submitted_at is None

    review = vera.get("/controleren").text
    assert "Door Sam Sociaal (sociaal domein)" in review and "Antwoorden verzenden" in review
    assert location(submit(vera)) == "/verzonden"
    db_session.expire_all()
    response = db_session.scalars(select(Response)).one()
    assert response.submitted_by_id == town.vera.id
    mails = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages()}
    assert set(mails) == {"vera@gm0363.nl", "sam@gm0363.nl"}
    assert mails["vera@gm0363.nl"]["Subject"].startswith("Ontvangen:")
    told = mails["sam@gm0363.nl"]
    assert told["Subject"].startswith("Verzonden door uw gemeente:")
    assert "namens de gemeente Amsterdam" in told.get_body(("plain",)).get_content()
    # Sam's link now shows the submitted answers, read-only.
    assert location(sam.get("/vragenlijst")) == "/verzonden"
    assert "Samen gedaan" in sam.get("/verzonden").text


def test_the_coordinator_hands_the_role_over(app, town, db_session):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    page = vera.get("/samen").text
    token = dict(fields_of(page))["csrf_token"]
    own = dict(fields_of(sam.get("/vragenlijst/start").text))["csrf_token"]
    refused = sam.post(
        "/samen/coordinator", data={"csrf_token": own, "contact": town.vera.contact_id}
    )
    assert refused.status_code == 403
    assert "Alleen de coördinator kan" in refused.text
    handed = vera.post(
        "/samen/coordinator", data={"csrf_token": token, "contact": town.sam.contact_id}
    )
    assert location(handed) == "/samen"
    assert "Sam Sociaal is nu de coördinator" in vera.get("/samen").text
    answer_everything(vera)
    assert "Alleen de coördinator, Sam Sociaal" in vera.get("/controleren").text
    assert location(submit(sam)) == "/verzonden"


def test_the_coordinator_assigns_pages_as_a_guide_not_a_lock(app, town, db_session):
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    page = vera.get("/samen").text
    token = dict(fields_of(page))["csrf_token"]
    assigned = vera.post(
        "/samen/taken",
        data={
            "csrf_token": token,
            "pagina__start": town.vera.contact_id,
            "pagina__slot": town.sam.contact_id,
        },
    )
    assert location(assigned) == "/samen"
    assert "Deze pagina is toegewezen aan Sam Sociaal." in sam.get("/vragenlijst/slot").text
    # Vera may still answer Sam's page.
    assert location(post_page(vera, "/vragenlijst/slot", {"opmerking": "ook ik"})) == (
        "/controleren"
    )


def test_a_response_of_one_contact_shows_nothing_shared(app, db_session):
    town = shared_municipality(db_session, response_unit="contact")
    vera, sam = opened(app, town, town.vera), opened(app, town, town.sam)
    start = sam.get("/vragenlijst").text
    assert "Vera Veilig" not in start and "coördinator" not in start
    assert sam.get("/samen").status_code == 404
    answer_everything(sam)
    assert "Laatst gewijzigd" not in sam.get("/vragenlijst/start").text
    assert "Door Sam" not in sam.get("/controleren").text
    assert location(submit(sam)) == "/verzonden"  # anyone submits their own
    vera_start = vera.get("/vragenlijst").text
    assert "Welkom terug" not in vera_start  # Vera has a response of her own
