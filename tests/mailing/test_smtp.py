"""SMTP settings and connections: plain, STARTTLS and SSL, with and without a login."""

import datetime
import ipaddress
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from peiling.errors import UserError
from peiling.mailing import catcher, smtp


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
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
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
