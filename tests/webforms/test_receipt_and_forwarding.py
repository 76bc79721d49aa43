"""After submitting a receipt goes out once, through the ledger; forwarding invites a colleague."""

from __future__ import annotations

import re

from sqlalchemy import select

from peiling.models import Invitation
from peiling.models.contact import Contact
from peiling.models.inviting import invitation_by_token
from peiling.models.mail_log import MailLog
from tests.mailing.servers import smtp_server  # noqa: F401 (fixture)
from tests.webforms.conftest import hidden_fields, location, post_page

START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "3"}


def submit(client):
    fields = hidden_fields(client.get("/controleren").get_data(as_text=True))
    return client.post("/verzenden", data={**fields, "bevestig": "ja"})


def ledger(db_session, kind: str) -> list[MailLog]:
    db_session.expire_all()
    return list(db_session.scalars(select(MailLog).where(MailLog.kind == kind)))


def test_a_receipt_is_mailed_once_with_the_date_and_a_link_to_the_answers(
    app,
    small,
    db_session,
    smtp_server,  # noqa: F811
):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    post_page(client, "/vragenlijst/slot", {"opmerking": "Tot ziens"})
    assert location(submit(client)) == "/verzonden"
    submit(client)  # a second press sends nothing more
    [message] = smtp_server.messages()
    assert message["To"].addresses[0].addr_spec == "info@gm0363.nl"
    assert message["Subject"].startswith("Ontvangen:") and "(Amsterdam)" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    db_session.expire_all()
    response = small.invitation.submitted[0]
    assert response.submitted_by_id == small.invitation.id
    assert re.search(r"ontvangen op\s+\w+dag \d+ \w+ \d{4} om \d\d:\d\d", body)
    link = re.search(r"http\S+(/r/\S+)", body).group(1)
    assert link == small.link
    [row] = ledger(db_session, "receipt")
    assert row.status == "sent" and row.invitation_id == small.invitation.id
    # The link leads to the read-only answers while the wave is open.
    reader = app.test_client()
    reader.get(link)
    html = reader.get("/vragenlijst", follow_redirects=True).get_data(as_text=True)
    assert "Tot ziens" in html and "<form" not in html.split("<main", 1)[1]


def test_a_colleague_gets_an_invitation_of_their_own_and_the_first_link_keeps_working(
    app,
    small,
    db_session,
    smtp_server,  # noqa: F811
):
    client = app.test_client()
    client.get(small.link)
    form = client.get("/doorsturen").get_data(as_text=True)
    token = hidden_fields(form)["csrf_token"]
    refused = client.post("/doorsturen", data={"csrf_token": token, "naam": "", "email": "x"})
    assert refused.status_code == 400 and "Vul de naam van uw collega in" in refused.text
    done = client.post(
        "/doorsturen",
        data={
            "csrf_token": token,
            "naam": "Els de Wit",
            "email": "E.deWit@gm0363.nl",
            "taal": "en",
        },
    )
    assert done.status_code == 200
    assert "Er is een uitnodiging verstuurd naar e.dewit@gm0363.nl" in done.text
    [message] = smtp_server.messages()
    assert message["Subject"].startswith("Invitation")  # in the language chosen for them
    assert "Els de Wit" in message["To"]
    db_session.expire_all()
    colleague = db_session.scalar(select(Contact).where(Contact.email == "e.dewit@gm0363.nl"))
    assert colleague.organisation_id == small.invitation.contact.organisation_id
    new = db_session.scalar(select(Invitation).where(Invitation.contact_id == colleague.id))
    assert new.forwarded_from_id == small.invitation.id and new.status == "sent"
    [row] = ledger(db_session, "invitation")  # visible to staff in the ledger
    assert row.invitation_id == new.id and row.status == "sent"
    link = re.search(r"/r/(\S+)", message.get_body(("plain",)).get_content()).group(1)
    assert invitation_by_token(db_session, link).id == new.id
    # The first link still opens the questionnaire; the same colleague is not invited twice.
    assert location(app.test_client().get(small.link)) == "/vragenlijst"
    again = client.post(
        "/doorsturen",
        data={"csrf_token": token, "naam": "Els", "email": "e.dewit@gm0363.nl"},
    )
    assert again.status_code == 400 and "al uitgenodigd" in again.text
    assert len(smtp_server.messages()) == 1
