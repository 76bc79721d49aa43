"""The start page: the last day in words (one clock), the number of steps, time, sender."""

from __future__ import annotations

import re
from datetime import datetime, time

from peiling.mailing.compose import MailSettings, render
from peiling.vocabulary import TIME_ZONE
from tests.webforms.conftest import invite


def amsterdam_midnight(year, month, day):
    return datetime.combine(datetime(year, month, day).date(), time(0), TIME_ZONE)


def test_start_page_and_mail_name_the_same_last_day(app, db_session):
    invited = invite(db_session)
    wave = invited.invitation.wave
    wave.closes_at = amsterdam_midnight(2099, 1, 11)  # 24:00 on Saturday 10 January
    db_session.commit()
    client = app.test_client()
    client.get(invited.link)
    page = client.get("/vragenlijst").get_data(as_text=True)
    assert "open tot en met zaterdag 10 januari 2099." in page
    assert not re.search(r"om \d\d:\d\d", page)  # a day, not a moment
    mail = MailSettings("http://x.example", "test-secret-key", "a@example.org", "b@example.org")
    assert "open tot en met zaterdag 10 januari 2099." in render(
        invited.invitation, "invitation", 0, mail
    ).text.replace("\n", " ")
    client.get("/taal/en")
    english = client.get("/vragenlijst").get_data(as_text=True)
    assert "open up to and including Saturday 10 January 2099." in english
