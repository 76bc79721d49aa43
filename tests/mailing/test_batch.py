"""The send ledger: each message at most once, failures recorded, status checked before sending."""

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.mailing import ledger
from peiling.mailing.batch import ALREADY, FAILED, RETRY, SENT, SKIPPED, UNKNOWN, send_batch
from peiling.mailing.compose import MailSettings
from peiling.mailing.plan import plan
from peiling.mailing.smtp import parse_smtp_url
from peiling.models import Invitation, InvitationStatus, MailLog, MailStatus
from peiling.models.answering import start_response
from peiling.models.base import utcnow
from peiling.models.wave_lifecycle import open_wave
from peiling.settings import get_settings
from tests.mailing.servers import make_panel, make_wave


def _open_wave(db_session, **panel):
    make_panel(db_session, **panel)
    wave = make_wave(db_session)
    open_wave(db_session, wave, "test-secret-key")
    db_session.commit()
    return wave


def _send(db_session, wave, kind="invitation", round=0):
    ids = plan(db_session, wave, kind, round)
    db_session.commit()
    settings = get_settings()
    return send_batch(
        db_session.get_bind(),
        ids,
        kind,
        round,
        parse_smtp_url(settings.smtp_url, timeout=5),
        MailSettings.from_settings(settings),
    )


def _rows(db_session):
    db_session.expire_all()
    return db_session.scalars(select(MailLog).order_by(MailLog.id)).all()


def _recipients(server):
    return Counter(m["X-Envelope-To"] for m in server.messages())


def test_a_batch_sends_each_invitation_once_and_records_the_reply(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=2, per_organisation=2)
    result = _send(db_session, wave)
    assert result.count(SENT) == 4
    rows = _rows(db_session)
    assert {r.status for r in rows} == {MailStatus.SENT}
    assert all(r.smtp_code == 250 and "caught" in r.smtp_reply for r in rows)
    assert set(_recipients(smtp_server).values()) == {1}
    invitations = db_session.scalars(select(Invitation)).all()
    assert {i.status for i in invitations} == {InvitationStatus.SENT}
    # the same batch again sends nothing: the ledger says they are done
    again = _send(db_session, wave)
    assert again.outcomes == [] and len(smtp_server.messages()) == 4
    ids = [i.id for i in invitations]
    replay = send_batch(
        db_session.get_bind(),
        ids,
        "invitation",
        0,
        parse_smtp_url(get_settings().smtp_url),
        MailSettings.from_settings(get_settings()),
    )
    assert {o.result for o in replay.outcomes} == {ALREADY}
    assert len(smtp_server.messages()) == 4


def test_a_permanent_refusal_is_recorded_as_failed_and_never_retried(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    refused = "p0-1@gemeente0.example.nl"
    smtp_server.handler.refuse.add(refused)
    result = _send(db_session, wave)
    assert Counter(o.result for o in result.outcomes) == {SENT: 2, FAILED: 1}
    failed = next(r for r in _rows(db_session) if r.recipient == refused)
    assert failed.status == MailStatus.FAILED and failed.smtp_code == 550 and failed.sent_at is None
    assert failed.invitation.status == InvitationStatus.FAILED
    smtp_server.handler.refuse.clear()
    assert _send(db_session, wave).outcomes == []
    assert refused not in _recipients(smtp_server)


def test_a_connection_dropped_before_the_data_is_sent_again_once(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=3, per_organisation=3)
    smtp_server.fault("rcpt", "drop", after=4)
    first = _send(db_session, wave)
    assert first.interrupted and first.count(SENT) == 4
    assert Counter(o.result for o in first.outcomes)[RETRY] == 1
    assert not any(r.status == MailStatus.SENT and r.smtp_code != 250 for r in _rows(db_session))
    second = _send(db_session, wave)
    assert second.interrupted is None and second.count(SENT) == 5
    assert len(smtp_server.messages()) == 9 and set(_recipients(smtp_server).values()) == {1}
    retried = [r for r in _rows(db_session) if r.attempts == 2]
    assert len(retried) == 1 and retried[0].status == MailStatus.SENT


def test_a_connection_dropped_after_the_data_is_an_unknown_outcome_never_resent(
    db_session, smtp_server
):
    wave = _open_wave(db_session, organisations=3, per_organisation=3)
    smtp_server.drop_after(4)  # the fifth message's data arrives, then the line goes dead
    first = _send(db_session, wave)
    assert first.interrupted and first.count(SENT) == 4
    [unknown] = [o for o in first.outcomes if o.result == UNKNOWN]
    assert unknown.message_id.startswith("<peiling.") and "no reply" in unknown.reason
    row = next(r for r in _rows(db_session) if r.message_id == unknown.message_id)
    assert row.status == MailStatus.UNKNOWN and row.sent_at is None
    second = _send(db_session, wave)
    assert second.count(SENT) == 4 and unknown.recipient not in _recipients(smtp_server)
    assert plan(db_session, wave, "invitation", 0) == []
    assert [r.message_id for r in ledger.unknown_outcomes(db_session, wave.id)] == [row.message_id]


@pytest.mark.parametrize("reply", ["421 4.3.2 closing", "451 4.3.0 try later"])
def test_a_4xx_to_the_end_of_the_data_is_not_sent_and_is_retried(db_session, smtp_server, reply):
    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    smtp_server.fault("data", reply, after=1)
    first = _send(db_session, wave)
    assert first.count(SENT) == (1 if reply.startswith("421") else 2)
    [refused] = [o for o in first.outcomes if o.result == RETRY]
    row = next(r for r in _rows(db_session) if r.invitation_id == refused.invitation_id)
    assert row.status == MailStatus.FAILED and row.smtp_code == int(reply[:3])
    assert _send(db_session, wave).count(SENT) >= 1
    assert len(_recipients(smtp_server)) == 3 and set(_recipients(smtp_server).values()) == {1}


def test_a_5xx_to_the_end_of_the_data_fails_for_good_with_the_servers_text(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    smtp_server.fault("data", "554 5.6.0 message refused by policy", after=1)
    first = _send(db_session, wave)
    assert Counter(o.result for o in first.outcomes) == {SENT: 2, FAILED: 1}
    [row] = [r for r in _rows(db_session) if r.status == MailStatus.FAILED]
    assert row.smtp_code == 554 and "refused by policy" in row.smtp_reply
    assert row.invitation.status == InvitationStatus.FAILED
    assert _send(db_session, wave).outcomes == [] and len(smtp_server.messages()) == 2


def test_a_server_that_refuses_connections_gets_nothing_marked_sent(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=1, per_organisation=2)
    smtp_server.stop()
    result = _send(db_session, wave)
    assert result.interrupted and result.count(SENT) == 0
    assert all(r.status == MailStatus.FAILED for r in _rows(db_session))
    smtp_server.start()
    assert _send(db_session, wave).count(SENT) == 2
    assert set(_recipients(smtp_server).values()) == {1}


def test_someone_who_submits_after_planning_gets_no_reminder(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    _send(db_session, wave)
    ids = plan(db_session, wave, "reminder", 1)
    assert len(ids) == 3
    late = db_session.get(Invitation, ids[1])
    response = start_response(db_session, late)
    response.submitted_at = utcnow()
    db_session.commit()
    settings = get_settings()
    result = send_batch(
        db_session.get_bind(),
        ids,
        "reminder",
        1,
        parse_smtp_url(settings.smtp_url),
        MailSettings.from_settings(settings),
    )
    assert Counter(o.result for o in result.outcomes) == {SENT: 2, SKIPPED: 1}
    skipped = next(o for o in result.outcomes if o.result == SKIPPED)
    assert skipped.invitation_id == late.id and "submitted" in skipped.reason
    reminded = [m["X-Envelope-To"] for m in smtp_server.messages() if "Herinnering" in m["Subject"]]
    assert late.contact.email not in reminded and len(reminded) == 2
    # planning the round again finds nobody: two reminded, one submitted
    assert plan(db_session, wave, "reminder", 1) == []


def test_an_opted_out_contact_is_not_planned_and_skipped_when_it_happens_late(
    db_session, smtp_server
):
    wave = _open_wave(db_session, organisations=1, per_organisation=2)
    ids = plan(db_session, wave, "invitation", 0)
    contact = db_session.get(Invitation, ids[0]).contact
    contact.opted_out_at = utcnow()
    db_session.commit()
    assert plan(db_session, wave, "invitation", 0) == ids[1:]
    settings = get_settings()
    result = send_batch(
        db_session.get_bind(),
        ids,
        "invitation",
        0,
        parse_smtp_url(settings.smtp_url),
        MailSettings.from_settings(settings),
    )
    assert [o.result for o in result.outcomes] == [SKIPPED, SENT]


def test_a_claim_with_an_unknown_outcome_is_not_sent_again_until_released(db_session, smtp_server):
    wave = _open_wave(db_session, organisations=1, per_organisation=2)
    first = db_session.scalars(select(Invitation).order_by(Invitation.id)).first()
    ledger.claim(db_session, first.id, first.contact.email, "invitation", 0, "<x@example.org>")
    db_session.commit()  # a run that crashed right after claiming
    assert _send(db_session, wave).count(SENT) == 1
    assert first.contact.email not in _recipients(smtp_server)
    assert len(ledger.unknown_outcomes(db_session, wave.id)) == 1
    assert len(ledger.release_unknown(db_session, wave.id, utcnow())) == 1
    db_session.commit()
    assert _send(db_session, wave).count(SENT) == 1
    assert set(_recipients(smtp_server).values()) == {1}


@pytest.mark.parametrize("claim_ahead", [1, 20])
def test_someone_who_submits_while_the_batch_is_sending_gets_no_reminder(
    db_session, smtp_server, claim_ahead
):
    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    _send(db_session, wave)
    ids = plan(db_session, wave, "reminder", 1)
    second = db_session.get(Invitation, ids[1])
    engine = db_session.get_bind()

    def submit_second(envelope):
        if envelope.rcpt_tos == [first_address]:  # while the first reminder is on the wire
            with Session(engine) as other:
                response = start_response(other, other.get(Invitation, second.id))
                response.submitted_at = utcnow()
                other.commit()

    first_address = db_session.get(Invitation, ids[0]).contact.email
    db_session.commit()
    smtp_server.handler.on_message = submit_second
    settings = get_settings()
    result = send_batch(
        engine,
        ids,
        "reminder",
        1,
        parse_smtp_url(settings.smtp_url),
        MailSettings.from_settings(settings),
        claim_ahead=claim_ahead,
    )
    assert [o.result for o in result.outcomes] == [SENT, SKIPPED, SENT]
    assert "submitted" in result.outcomes[1].reason
    reminded = [m["X-Envelope-To"] for m in smtp_server.messages() if "Herinnering" in m["Subject"]]
    assert second.contact.email not in reminded and len(reminded) == 2
    rows = _rows(db_session)
    assert not [r for r in rows if r.kind == "reminder" and r.invitation_id == second.id]
    assert plan(db_session, wave, "reminder", 1) == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_a_refused_login_stops_the_batch_and_leaves_nothing_claimed(db_session, tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from peiling.mailing import catcher, smtp

    wave = _open_wave(db_session, organisations=1, per_organisation=3)
    port = catcher.free_port()
    server = Controller(
        catcher.CatchingHandler(tmp_path / "mail"),
        hostname="127.0.0.1",
        port=port,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
        auth_required=True,
        auth_require_tls=False,
    )
    server.start()
    try:
        ids = plan(db_session, wave, "invitation", 0)
        db_session.commit()
        with pytest.raises(smtp.SmtpLoginRefused):
            send_batch(
                db_session.get_bind(),
                ids,
                "invitation",
                0,
                parse_smtp_url(f"smtp://ess:fout@127.0.0.1:{port}", timeout=5),
                MailSettings.from_settings(get_settings()),
                claim_ahead=20,
            )
    finally:
        server.stop()
    rows = _rows(db_session)
    assert [r.status for r in rows] == [MailStatus.FAILED]  # the one tried, to be retried
    assert rows[0].smtp_code is None
    assert plan(db_session, wave, "invitation", 0) == ids


@pytest.mark.parametrize("name", ["Persoon\x0bA", "Persoon\nBcc: x@evil.example", "Per\x1bsoon"])
def test_a_control_character_in_one_name_fails_that_message_only(db_session, smtp_server, name):
    contacts = make_panel(db_session, organisations=2, per_organisation=2)
    contacts[1].name = name  # as an older import let it in
    wave = make_wave(db_session)
    open_wave(db_session, wave, "test-secret-key")
    db_session.commit()
    result = _send(db_session, wave)
    assert result.count(SENT) == 3 and result.count(FAILED) == 1
    failed = next(o for o in result.outcomes if o.result == FAILED)
    assert "control character" in failed.reason and "contact name" in failed.reason
    rows = {r.recipient: r for r in _rows(db_session)}
    assert rows[contacts[1].email].status == MailStatus.FAILED
    assert "control character" in rows[contacts[1].email].smtp_reply
    assert contacts[1].email not in _recipients(smtp_server)
    assert "x@evil.example" not in str(_recipients(smtp_server))
