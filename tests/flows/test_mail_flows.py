"""Invitation, reminder and wave flows, run for real under Prefect on both databases."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from peiling.flows.mail import send_invitations, send_reminders
from peiling.flows.sending import MailServerUnavailable
from peiling.flows.waves import close_wave, open_wave, wave_cycle
from peiling.models import Invitation, MailLog, MailStatus, Wave
from peiling.models.answering import start_response
from peiling.models.base import utcnow
from peiling.models.inviting import invitation_by_token
from tests.mailing.servers import make_panel, make_wave

SURVEY = "ess-behoeftepeiling"


@pytest.fixture
def wave(db_session, prefect_harness, smtp_server):
    """A planned wave (opened yesterday by its dates) with a panel of 12 contacts in 4 orgs."""
    make_panel(db_session, organisations=4, per_organisation=3, english_every=3)
    planned = make_wave(db_session, reminder_days=(7, 14))
    db_session.commit()
    return planned


def _per_recipient(server, subject_start):
    return Counter(
        m["X-Envelope-To"] for m in server.messages() if m["Subject"].startswith(subject_start)
    )


def test_open_and_invite_send_one_invitation_per_contact_with_working_links(
    db_session, wave, smtp_server
):
    opened = open_wave(SURVEY, wave.label)
    assert opened["created"] == 12
    summary = send_invitations(SURVEY, wave.label, batch_size=5)
    assert summary["sent"] == 12 and summary["planned"] == 12
    messages = smtp_server.messages()
    assert len(messages) == 12
    languages = Counter(m["Content-Language"] for m in messages)
    assert languages == {"nl": 8, "en": 4}
    for message in messages:
        text = message.get_body(("plain",)).get_content()
        link = next(line for line in text.splitlines() if "/r/" in line).strip()
        invitation = invitation_by_token(db_session, link.rsplit("/", 1)[1])
        assert invitation.contact.email == message["X-Envelope-To"]
        assert message["Message-ID"].startswith(f"<peiling.{invitation.id}.invitation0.")
    # a second invite sends nothing
    assert send_invitations(SURVEY, wave.label)["planned"] == 0
    assert len(smtp_server.messages()) == 12


def test_a_server_dropping_before_the_data_is_retried_and_everyone_gets_exactly_one(
    db_session, wave, smtp_server
):
    open_wave(SURVEY, wave.label)
    smtp_server.fault("rcpt", "drop", after=3)
    smtp_server.fault("rcpt", "drop", after=3)
    summary = send_invitations(SURVEY, wave.label, batch_size=6, retry_delay=0)
    assert summary == {"sent": 12, "planned": 12}
    counts = _per_recipient(smtp_server, ("Uitnodiging", "Invitation"))
    assert len(counts) == 12 and set(counts.values()) == {1}
    rows = db_session.scalars(select(MailLog)).all()
    assert Counter(r.status for r in rows) == {MailStatus.SENT: 12}


def test_a_server_that_stays_down_fails_the_run_and_a_new_run_finishes(
    db_session, wave, smtp_server
):
    open_wave(SURVEY, wave.label)
    smtp_server.stop()
    with pytest.raises(MailServerUnavailable, match="run the flow again"):
        send_invitations(SURVEY, wave.label, retry_delay=0)
    db_session.expire_all()
    assert not db_session.scalars(select(MailLog).where(MailLog.status == MailStatus.SENT)).all()
    smtp_server.start()
    assert send_invitations(SURVEY, wave.label)["sent"] == 12
    counts = _per_recipient(smtp_server, ("Uitnodiging", "Invitation"))
    assert len(counts) == 12 and set(counts.values()) == {1}


def test_reminders_go_once_per_round_and_not_to_who_submitted(db_session, wave, smtp_server):
    open_wave(SURVEY, wave.label)
    send_invitations(SURVEY, wave.label)
    assert send_reminders(SURVEY, wave.label) == {"planned": 0}  # opened yesterday: none due
    done = db_session.scalars(select(Invitation).order_by(Invitation.id)).first()
    start_response(db_session, done).submitted_at = utcnow()
    db_session.commit()
    first = send_reminders(SURVEY, wave.label, round=1)
    assert first["sent"] == 11
    assert send_reminders(SURVEY, wave.label, round=1)["planned"] == 0
    reminded = _per_recipient(smtp_server, ("Herinnering", "Reminder"))
    assert len(reminded) == 11 and set(reminded.values()) == {1}
    assert done.contact.email not in reminded
    assert send_reminders(SURVEY, wave.label, round=2)["sent"] == 11


def _latest_artifact(key):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_latest_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    assert found, f"no artifact {key}"
    return found[0]


def test_a_refused_address_is_reported_failed_in_the_run_table(db_session, wave, smtp_server):
    open_wave(SURVEY, wave.label)
    smtp_server.handler.refuse.add("p1-1@gemeente1.example.nl")
    summary = send_invitations(SURVEY, wave.label, batch_size=5)
    assert summary["sent"] == 11 and summary["failed"] == 1
    table = json.loads(_latest_artifact("invitations-ess-behoeftepeiling-2026").data)
    failed = [row for row in table if row["recipient"] == "p1-1@gemeente1.example.nl"]
    assert failed[0]["result"] == "failed" and failed[0]["reason"].startswith("550")
    assert {"result": "sent", "count": 11, "recipient": "", "reason": "", "message_id": ""} in table
    progress = _latest_artifact("invitations-ess-behoeftepeiling-2026-progress")
    assert float(progress.data) == 100.0
    assert send_invitations(SURVEY, wave.label)["planned"] == 0


def test_closing_publishes_the_response_table(db_session, wave, smtp_server):
    open_wave(SURVEY, wave.label)
    close_wave(SURVEY, wave.label, force=True)
    table = json.loads(_latest_artifact("responses-ess-behoeftepeiling-2026").data)
    assert sum(row["invited"] for row in table) == 12
    assert {row["province"] for row in table} == {"Utrecht", "Drenthe"}


def test_the_wave_cycle_opens_invites_reminds_and_closes_by_the_dates(
    db_session, wave, smtp_server
):
    first = wave_cycle(SURVEY, wave.label)
    assert first["open"]["created"] == 12 and first["invitations"]["sent"] == 12
    assert "reminders" not in first
    row = db_session.get(Wave, wave.id)
    row.opens_at = utcnow() - timedelta(days=8)
    db_session.commit()
    second = wave_cycle(SURVEY, wave.label)
    assert second["invitations"]["planned"] == 0 and second["reminders"]["sent"] == 12
    assert wave_cycle(SURVEY, wave.label)["reminders"]["planned"] == 0
    row.closes_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    closed = wave_cycle(SURVEY, wave.label)
    assert closed["close"]["status"] == "closed" and closed["close"]["invited"] == 12


def test_close_wave_stops_further_mail(db_session, wave, smtp_server):
    open_wave(SURVEY, wave.label)
    assert close_wave(SURVEY, wave.label)["status"] == "open"  # not due yet
    status = close_wave(SURVEY, wave.label, force=True)
    assert status["status"] == "closed"
    with pytest.raises(Exception, match="closed"):
        send_invitations(SURVEY, wave.label)
    assert smtp_server.messages() == []


def test_the_wave_cycle_sends_with_the_batch_size_and_connections_it_is_given(
    db_session, wave, smtp_server
):
    before = smtp_server.handler.connections  # the server's own check when it started
    done = wave_cycle(SURVEY, wave.label, batch_size=3, connections=2)
    assert done["invitations"]["sent"] == 12
    assert smtp_server.handler.connections - before == 4  # one connection per batch of 3


def test_the_daily_cycle_run_twice_a_day_sends_nothing_twice(db_session, wave, smtp_server):
    row = db_session.get(Wave, wave.id)
    row.opens_at = utcnow() + timedelta(days=1)  # moved in the database: not open yet
    db_session.commit()
    assert wave_cycle(SURVEY) == {"wave": None}  # no wave due: a quiet day, not a failure
    assert smtp_server.messages() == []
    row.opens_at = utcnow() - timedelta(days=7, hours=1)  # moved back: opened a week ago
    db_session.commit()
    first = wave_cycle(SURVEY)
    assert first["invitations"]["sent"] == 12 and first["reminders"]["sent"] == 12
    again = wave_cycle(SURVEY)
    assert again["invitations"]["planned"] == 0 and again["reminders"]["planned"] == 0
    assert set(_per_recipient(smtp_server, ("Uitnodiging", "Invitation")).values()) == {1}
    assert set(_per_recipient(smtp_server, ("Herinnering", "Reminder")).values()) == {1}


def test_reminders_in_organisation_mode_follow_assignments_and_stop_at_submit(
    db_session, prefect_harness, smtp_server
):
    from peiling.models.questionnaire_store import parsed
    from peiling.models.shared_response import assign_page
    from tests import factories

    contacts = make_panel(db_session, organisations=4, per_organisation=3)
    version = factories.version(db_session)
    shared = factories.wave(
        db_session, version, reminder_days=[7, 14], response_unit="organisation"
    )
    db_session.commit()
    open_wave(SURVEY, shared.label)
    send_invitations(SURVEY, shared.label)
    db_session.expire_all()
    first_page = parsed(version).pages[0].key
    # Organisation 0 assigned its first page to its first contact; organisation 1 submitted;
    # organisations 2 and 3 assigned nothing.
    assign_page(db_session, shared, contacts[0].organisation_id, first_page, contacts[0], "staff")
    submitter = db_session.scalars(
        select(Invitation).where(Invitation.contact_id == contacts[3].id)
    ).one()
    start_response(db_session, submitter).submitted_at = utcnow()
    db_session.commit()
    assert send_reminders(SURVEY, shared.label, round=1)["sent"] == 7
    reminded = set(_per_recipient(smtp_server, ("Herinnering", "Reminder")))
    assert reminded == {contacts[0].email} | {c.email for c in contacts[6:]}
