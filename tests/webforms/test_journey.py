"""The whole respondent journey through the test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import Response
from tests.webforms.answers import posted, posted_page
from tests.webforms.conftest import hidden_fields, location, post_page, questionnaire


def response_of(db_session, invited) -> Response | None:
    db_session.expire_all()
    return db_session.scalar(
        select(Response).where(Response.invitation_id == invited.invitation.id)
    )


def open_link(client, invited) -> str:
    return location(client.get(invited.link))


def submit(client):
    page = client.get("/controleren")
    fields = hidden_fields(page.get_data(as_text=True))
    return client.post("/verzenden", data={**fields, "bevestig": "ja"})


def test_the_link_is_exchanged_for_a_session_and_left_behind(app, invited, db_session):
    client = app.test_client()
    response = client.get(invited.link)
    assert location(response) == "/vragenlijst"
    assert invited.token not in response.headers["Location"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/vragenlijst")
    assert page.status_code == 200
    assert "Begin met de vragenlijst" in page.get_data(as_text=True)


def test_opening_the_link_records_first_and_last_opened(app, invited, db_session):
    app.test_client().get(invited.link)
    db_session.refresh(invited.invitation)
    first = invited.invitation.first_opened_at
    assert first is not None
    app.test_client().get(invited.link)
    db_session.refresh(invited.invitation)
    assert invited.invitation.first_opened_at == first
    assert invited.invitation.last_opened_at >= first
    assert response_of(db_session, invited) is None  # opened, not started


def test_whole_questionnaire_saved_resumed_on_another_device_and_submitted(
    app, invited, db_session
):
    q = questionnaire(invited)
    laptop = app.test_client()
    open_link(laptop, invited)
    first, second, third = (p.key for p in q.pages[:3])
    assert location(post_page(laptop, f"/vragenlijst/{first}", posted_page(q.pages[0]))) == (
        f"/vragenlijst/{second}"
    )
    assert location(post_page(laptop, f"/vragenlijst/{second}", posted_page(q.pages[1]))) == (
        f"/vragenlijst/{third}"
    )
    # Half of page 3, then "Opslaan en later verder".
    half = posted(q.pages[2].questions[0])
    assert location(post_page(laptop, f"/vragenlijst/{third}", half, action="save")) == (
        "/opgeslagen"
    )
    saved = response_of(db_session, invited)
    assert saved.current_page == third and saved.started_at is not None

    phone = app.test_client()
    open_link(phone, invited)
    start = phone.get("/vragenlijst").get_data(as_text=True)
    assert f'href="/vragenlijst/{third}"' in start and "Verder waar u was" in start
    page3 = phone.get(f"/vragenlijst/{third}").get_data(as_text=True)
    name, value = next(iter(half.items()))
    assert f'value="{value}" checked' in page3

    path = f"/vragenlijst/{third}"
    for _ in range(2 * len(q.pages)):  # a page is posted again when questions were added
        if path == "/controleren":
            break
        path = location(post_page(phone, path, posted_page(q.page(path.rsplit("/", 1)[1]))))
    assert path == "/controleren"

    review = phone.get("/controleren").get_data(as_text=True)
    assert "Controleer uw antwoorden" in review
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in review  # open text is escaped
    assert "<b>&amp;</b>" not in review

    assert location(submit(phone)) == "/verzonden"
    done = response_of(db_session, invited)
    assert done.submitted_at is not None
    view = phone.get("/verzonden").get_data(as_text=True)
    assert "Uw antwoorden zijn verzonden" in view
    assert "<form" not in view and "<input" not in view  # read-only

    # Pressing again or reloading changes nothing; pages lead to the read-only view.
    assert location(phone.post("/verzenden", data=hidden_fields(review))) == "/verzonden"
    assert location(submit(laptop)) == "/verzonden"
    assert location(laptop.get(f"/vragenlijst/{first}")) == "/verzonden"
    assert response_of(db_session, invited).submitted_at == done.submitted_at


def test_submit_needs_the_confirmation_box(app, small, db_session):
    client = app.test_client()
    open_link(client, small)
    post_page(
        client,
        "/vragenlijst/start",
        {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "1"},
    )
    post_page(client, "/vragenlijst/slot", {"opmerking": ""})
    fields = hidden_fields(client.get("/controleren").get_data(as_text=True))
    again = client.post("/verzenden", data=fields)
    assert again.status_code == 200
    assert "Vink aan dat u uw antwoorden definitief wilt verzenden" in again.get_data(as_text=True)
    assert response_of(db_session, small).submitted_at is None


def test_review_lists_unanswered_required_questions_and_refuses_submit(app, small, db_session):
    client = app.test_client()
    open_link(client, small)
    post_page(client, "/vragenlijst/start", {"domein": "2"}, action="save")
    review = client.get("/controleren").get_data(as_text=True)
    assert "<title>Fout: Controleer uw antwoorden" in review
    assert 'href="/vragenlijst/start#v-thema"' in review
    assert 'action="/verzenden"' not in review
    fields = hidden_fields(review)
    client.post("/verzenden", data={**fields, "bevestig": "ja"})
    assert response_of(db_session, small).submitted_at is None


def test_a_rejected_page_keeps_what_was_typed_and_links_errors(app, small):
    client = app.test_client()
    open_link(client, small)
    post_page(
        client,
        "/vragenlijst/start",
        {"domein": "1", "thema__inclusie": "1", "thema__polarisatie": "1"},
    )
    page = post_page(client, "/vragenlijst/veiligheid", {"aantal": "elf"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<title>Fout: Veiligheid" in html
    assert '<a href="#f-aantal">Vul een heel getal in, zonder komma, bijvoorbeeld 12' in html
    assert 'value="elf"' in html
    assert 'aria-invalid="true"' in html


def test_show_if_on_the_server_and_hidden_answers_are_not_submitted(app, small, db_session):
    client = app.test_client()
    open_link(client, small)
    start = {"domein": "1", "thema__inclusie": "1", "thema__polarisatie": "1"}
    post_page(client, "/vragenlijst/start", start)
    # A number of 5 or more adds the follow-up question on the same page: shown, not skipped.
    again = post_page(client, "/vragenlijst/veiligheid", {"aantal": "7"})
    assert location(again) == "/vragenlijst/veiligheid"
    html = client.get("/vragenlijst/veiligheid").get_data(as_text=True)
    assert "Licht dat toe" in html and "vragen bijgekomen" in html
    post_page(client, "/vragenlijst/veiligheid", {"aantal": "7", "toelichting": "Veel werk"})
    # Changing the domain hides the whole page "veiligheid" and its answers.
    post_page(client, "/vragenlijst/start", {**start, "domein": "2"})
    review = client.get("/controleren").get_data(as_text=True)
    assert "Veel werk" not in review and "Hoeveel casussen" not in review
    assert location(client.get("/vragenlijst/veiligheid")) == "/vragenlijst"
    assert location(submit(client)) == "/verzonden"
    answers = response_of(db_session, small).answers
    assert "aantal" not in answers and "toelichting" not in answers
    assert answers["domein"] == 2


def test_progress_counts_only_the_pages_shown(app, small):
    client = app.test_client()
    open_link(client, small)
    # Until the domain is known the conditional page is not counted.
    assert "Stap 1 van 3" in client.get("/vragenlijst/start").get_data(as_text=True)
    rows = {"thema__inclusie": "1", "thema__polarisatie": "1"}
    post_page(client, "/vragenlijst/start", {"domein": "1", **rows})
    assert "Stap 2 van 4" in client.get("/vragenlijst/veiligheid").get_data(as_text=True)
    post_page(client, "/vragenlijst/start", {"domein": "2", **rows})
    assert "Stap 2 van 3" in client.get("/vragenlijst/slot").get_data(as_text=True)
    assert "Stap 3 van 3" in client.get("/controleren").get_data(as_text=True)


def test_previous_saves_without_requiring_answers(app, small, db_session):
    client = app.test_client()
    open_link(client, small)
    post_page(
        client,
        "/vragenlijst/start",
        {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "1"},
    )
    back = post_page(client, "/vragenlijst/slot", {"opmerking": "Eerst terug"}, action="previous")
    assert location(back) == "/vragenlijst/start"
    assert response_of(db_session, small).answers["opmerking"] == "Eerst terug"


def test_english_is_switchable_and_kept(app, small):
    client = app.test_client()
    open_link(client, small)
    assert location(client.get("/taal/en?terug=/vragenlijst/start")) == "/vragenlijst/start"
    html = client.get("/vragenlijst/start").get_data(as_text=True)
    assert '<html lang="en">' in html and "In which domain do you work?" in html
    page = post_page(client, "/vragenlijst/start", {"domein": "1"})
    assert "Choose an answer in this row" in page.get_data(as_text=True)
    switched = post_page(client, "/vragenlijst/start", {"domein": "1"}, action="lang-nl")
    assert location(switched) == "/vragenlijst/start"
    assert '<html lang="nl">' in client.get("/vragenlijst/start").get_data(as_text=True)


@pytest.mark.parametrize(
    "back",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/%09/evil.example",  # browsers drop the tab: //evil.example
        "/%0A/evil.example",
        "/%0D%0ALocation:%20https://evil.example",
        "/\\evil.example",
        "/%00",
        "/r/" + "A" * 43,
    ],
)
def test_the_language_switch_never_redirects_elsewhere(app, back):
    response = app.test_client().get(f"/taal/en?terug={back}")
    assert location(response) == "/vragenlijst"


def test_contacts_of_one_organisation_share_its_response(app, db_session):
    from peiling.models.wave_lifecycle import open_wave
    from tests import factories
    from tests.webforms.conftest import SECRET, SMALL, Invited

    org = factories.organisation(db_session)
    first = factories.contact(db_session, org, email="a@amsterdam.nl")
    factories.contact(db_session, org, email="b@amsterdam.nl")
    version = factories.version(db_session, survey="web-test", text=SMALL.read_text("utf-8"))
    wave = factories.wave(db_session, version, response_unit="organisation")
    open_wave(db_session, wave, SECRET)
    db_session.commit()
    from peiling.models import Invitation
    from peiling.models.inviting import token_of

    invitations = db_session.scalars(select(Invitation).order_by(Invitation.contact_id)).all()
    a, b = (Invited(i, token_of(i, SECRET)) for i in invitations)
    assert a.invitation.contact_id == first.id

    alice, bob = app.test_client(), app.test_client()
    alice.get(a.link)
    post_page(
        alice,
        "/vragenlijst/start",
        {"domein": "2", "thema__inclusie": "3", "thema__polarisatie": "1"},
    )
    bob.get(b.link)
    assert 'value="3" checked' in bob.get("/vragenlijst/start").get_data(as_text=True)
    post_page(bob, "/vragenlijst/slot", {"opmerking": "Van Bob"}, action="save")
    db_session.expire_all()
    shared = db_session.scalars(select(Response)).all()
    assert len(shared) == 1
    assert shared[0].answers["opmerking"] == "Van Bob" and shared[0].answers["domein"] == 2
