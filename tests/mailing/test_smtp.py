"""SMTP settings and connections: plain, STARTTLS and SSL, with and without a login."""

import ssl
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from peiling.errors import UserError
from peiling.mailing import catcher, smtp
from tests.certificates import self_signed
from tests.mailing.servers import start_server


def test_urls_give_scheme_host_port_and_login():
    plain = smtp.parse_smtp_url("smtp://127.0.0.1:8025")
    assert (plain.scheme, plain.host, plain.port, plain.username) == (
        "smtp",
        "127.0.0.1",
        8025,
        None,
    )
    tls = smtp.parse_smtp_url("smtp+starttls://ess%40szw.nl:p%40ss@mail.example.nl")
    assert (tls.port, tls.username, tls.password) == (587, "ess@szw.nl", "p@ss")
    assert smtp.parse_smtp_url("smtps://u:p@mail.example.nl").port == 465
    for bad in ("http://mail.example.nl", "smtp://", "mail.example.nl:25"):
        with pytest.raises(UserError, match="PEILING_SMTP_URL"):
            smtp.parse_smtp_url(bad)


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"ess" and auth_data.password == b"geheim"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1 that this process's TLS clients trust."""
    cert_path, key_path = self_signed(tmp_path, ca=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


def _serve(tmp_path, **kwargs):
    port = catcher.free_port()
    controller = Controller(
        catcher.CatchingHandler(tmp_path / "mail"),
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        **kwargs,
    )
    controller.start()
    return controller, port


def _send(url: str) -> smtp.Reply:
    conn = smtp.connect(smtp.parse_smtp_url(url, timeout=10))
    try:
        return smtp.deliver(
            conn, "peiling@example.org", "a@example.nl", b"Subject: x\r\n\r\nhoi\r\n"
        )
    finally:
        smtp.close(conn)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_plain_smtp_with_a_login_and_a_refused_login(tmp_path):
    controller, port = _serve(tmp_path, auth_required=True, auth_require_tls=False)
    try:
        assert _send(f"smtp://ess:geheim@127.0.0.1:{port}").code == 250
        with pytest.raises(smtp.SmtpLoginRefused, match="refused the login"):
            _send(f"smtp://ess:fout@127.0.0.1:{port}")
    finally:
        controller.stop()
    assert len(catcher.caught(tmp_path / "mail")) == 1


def test_starttls_with_a_login(tmp_path, certificate):
    controller, port = _serve(
        tmp_path, tls_context=certificate, require_starttls=True, auth_required=True
    )
    try:
        assert _send(f"smtp+starttls://ess:geheim@127.0.0.1:{port}").code == 250
        with pytest.raises(smtp.SmtpFailure):
            _send(f"smtp://ess:geheim@127.0.0.1:{port}")  # no TLS: refused by this server
    finally:
        controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtps_with_a_login(tmp_path, certificate):
    controller, port = _serve(
        tmp_path, ssl_context=certificate, auth_required=True, auth_require_tls=False
    )
    try:
        assert _send(f"smtps://ess:geheim@127.0.0.1:{port}").code == 250
    finally:
        controller.stop()
    assert len(catcher.caught(tmp_path / "mail")) == 1


def test_a_server_that_does_not_answer_is_a_lost_connection():
    with pytest.raises(smtp.SmtpConnectionLost, match="does not answer"):
        _send(f"smtp://127.0.0.1:{catcher.free_port()}")


@pytest.fixture
def hostile(tmp_path):
    """A test server that misbehaves as told; stopped afterwards."""
    server = start_server(tmp_path / "hostile")
    server.handler.stall_seconds = 2.5
    yield server
    server.handler.release.set()
    server.stop()


def _deliver_to(server, to="a@example.nl"):
    conn = smtp.connect(smtp.parse_smtp_url(f"smtp://127.0.0.1:{server.port}", timeout=1))
    try:
        return smtp.deliver(conn, "peiling@example.org", to, b"Message-ID: <m1@x>\r\n\r\nhoi\r\n")
    finally:
        smtp.close(conn)


@pytest.mark.parametrize(
    ("stage", "action", "raised", "code", "delivered"),
    [
        ("connect", "554 5.3.2 no service here", smtp.SmtpConnectionLost, None, 0),
        ("connect", "stall", smtp.SmtpConnectionLost, None, 0),
        ("rcpt", "450 4.2.1 mailbox busy", smtp.SmtpFailure, 450, 0),
        ("rcpt", "550 5.1.1 no such user", smtp.SmtpFailure, 550, 0),
        ("rcpt", "drop", smtp.SmtpConnectionLost, None, 0),
        ("rcpt", "stall", smtp.SmtpConnectionLost, None, 0),
        ("data", "421 4.3.2 closing", smtp.SmtpConnectionLost, 421, 0),
        ("data", "451 4.3.0 try later", smtp.SmtpFailure, 451, 0),
        ("data", "554 5.6.0 refused", smtp.SmtpFailure, 554, 0),
        ("data", "drop", smtp.SmtpOutcomeUnknown, None, 0),
        ("data", "stall", smtp.SmtpOutcomeUnknown, None, 1),
    ],
)
def test_each_misbehaviour_raises_what_the_ledger_must_record(
    hostile, stage, action, raised, code, delivered
):
    hostile.fault(stage, action)
    with pytest.raises(raised) as caught:
        _deliver_to(hostile)
    assert type(caught.value) is raised and caught.value.code == code
    assert caught.value.permanent == (code is not None and code >= 500)
    time.sleep(hostile.handler.stall_seconds if action == "stall" else 0)
    assert len(hostile.handler.delivered) == delivered  # a stalled message does arrive
    assert _deliver_to(hostile).code == 250  # the fault has passed: the next message goes


def test_a_refused_recipient_leaves_the_connection_usable(hostile):
    hostile.handler.refuse.add("weg@example.nl")
    conn = smtp.connect(smtp.parse_smtp_url(f"smtp://127.0.0.1:{hostile.port}", timeout=1))
    try:
        with pytest.raises(smtp.SmtpFailure, match="550"):
            smtp.deliver(conn, "p@example.org", "weg@example.nl", b"Subject: x\r\n\r\n.a\r\n")
        reply = smtp.deliver(conn, "p@example.org", "a@example.nl", b"Subject: x\r\n\r\n.a\r\n")
    finally:
        smtp.close(conn)
    assert reply.code == 250
    [message] = hostile.messages()
    assert message.get_content().startswith(".a")  # a leading dot survives the dot-stuffing
