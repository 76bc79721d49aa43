"""Coming back: to the furthest page reached (or an earlier required question), in the language
last chosen, on any device; the reminder in that language too."""

from __future__ import annotations

from peiling.mailing.compose import MailSettings, render
from tests.webforms.conftest import location, post_page

START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "3"}
MAIL = MailSettings("http://x.example", "test-secret-key", "a@example.org", "b@example.org")


def continue_link(client, invited) -> str:
    client.get(invited.link)
    html = client.get("/vragenlijst").get_data(as_text=True)
    assert "Verder waar u was" in html
    return html.split('<a class="knop nl-button nl-button--primary" href="', 1)[1].split('"', 1)[0]


def test_resume_goes_to_the_page_reached_not_the_one_saved(app, small):
    laptop = app.test_client()
    laptop.get(small.link)
    assert location(post_page(laptop, "/vragenlijst/start", START)) == "/vragenlijst/slot"
    # The laptop is closed on "Tot slot" without saving it; the phone goes on there.
    assert continue_link(app.test_client(), small) == "/vragenlijst/slot"


def test_going_back_does_not_move_the_resume_point_back(app, small):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    post_page(client, "/vragenlijst/slot", {"opmerking": "x"})  # on to the review
    post_page(client, "/vragenlijst/start", START, action="save")  # back, saved for later
    assert continue_link(app.test_client(), small) == "/controleren"


def test_resume_stops_at_an_earlier_page_with_a_required_question_open(app, small):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    post_page(client, "/vragenlijst/slot", {"opmerking": "x"})
    # Back on the first page a required answer is removed and saved for later.
    post_page(client, "/vragenlijst/start", {"domein": "2"}, action="save")
    assert continue_link(app.test_client(), small) == "/vragenlijst/start"


def test_the_language_chosen_is_kept_for_the_next_device_and_the_reminder(app, small, db_session):
    laptop = app.test_client()
    laptop.get(small.link)
    laptop.get("/taal/en?terug=/vragenlijst")
    phone = app.test_client()
    phone.get(small.link)
    assert '<html lang="en">' in phone.get("/vragenlijst").get_data(as_text=True)
    db_session.refresh(small.invitation.contact)
    assert small.invitation.contact.language == "en"
    assert render(small.invitation, "reminder", 1, MAIL).subject.startswith("Reminder")
    # Switching on a questionnaire page (the button saves the page) is kept as well.
    post_page(phone, "/vragenlijst/start", START, action="lang-nl")
    db_session.refresh(small.invitation.contact)
    assert small.invitation.contact.language == "nl"
