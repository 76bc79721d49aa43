"""SMTP from PEILING_SMTP_URL: plain, STARTTLS or SSL, with optional authentication."""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from peiling.errors import UserError

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to deliver mail."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @property
    def address(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


@dataclass(frozen=True)
class Reply:
    """The server's final answer to one message."""

    code: int
    text: str


class SmtpFailure(Exception):
    """The server refused a message; permanent (5xx) refusals must not be retried."""

    def __init__(self, code: int | None, text: str):
        super().__init__(f"{code or 'no reply'}: {text}")
        self.code = code
        self.text = text

    @property
    def permanent(self) -> bool:
        return self.code is not None and 500 <= self.code < 600


class SmtpConnectionLost(SmtpFailure):
    """The connection broke before the end of the message data went out: safe to send again."""


class SmtpOutcomeUnknown(SmtpFailure):
    """The whole message went out but no final reply came: the server may have accepted it."""


class SmtpLoginRefused(UserError):
    """The server refused our credentials: a settings problem, not the recipient's."""


def parse_smtp_url(url: str, timeout: float = 30.0) -> SmtpConfig:
    """Parse smtp://, smtp+starttls:// or smtps:// URLs with optional user:password@."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise UserError(
            f"PEILING_SMTP_URL must look like smtp://host:port, smtp+starttls://user:pass@host:587 "
            f"or smtps://user:pass@host:465, not {parts.scheme or '?'}://{parts.hostname or '?'}"
        )
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise UserError("PEILING_SMTP_URL has a port that is not a number") from None
    return SmtpConfig(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


def configured_smtp(settings) -> SmtpConfig:
    """Return the mail server of the settings (the data folder's catcher by default)."""
    return parse_smtp_url(settings.effective_smtp_url, timeout=float(settings.smtp_timeout))


def _tls_context() -> ssl.SSLContext:
    """Return a context that checks the server's certificate (built only when TLS is asked)."""
    return ssl.create_default_context()


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """Open an SMTP connection, switch to TLS where asked and log in; ready to send."""
    try:
        if config.scheme == "smtps":
            conn = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=_tls_context()
            )
        else:
            conn = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        conn.ehlo()
        if config.scheme == "smtp+starttls":
            conn.starttls(context=_tls_context())
            conn.ehlo()
        if config.username:
            conn.login(config.username, config.password or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpLoginRefused(
            f"the mail server {config.address} refused the login ({exc.smtp_code}); "
            "check the user and password in PEILING_SMTP_URL"
        ) from exc
    except smtplib.SMTPResponseException as exc:
        reply = f"{exc.smtp_code} {_text(exc.smtp_error)}"  # about the server, not a recipient
        raise SmtpConnectionLost(None, f"{config.address} refused the connection: {reply}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpConnectionLost(None, f"{config.address} does not answer: {exc}") from exc
    return conn


def deliver(conn: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> Reply:
    """Send one message to one recipient; return the server's positive reply to its data.

    Anything but a 2xx reply to the end of the data raises: SmtpFailure for a refusal (4xx may
    be tried again, 5xx is final), SmtpConnectionLost when the connection broke before the end
    of the data went out, SmtpOutcomeUnknown when it broke (or timed out) after that.
    """
    try:
        _expect(conn, conn.mail(sender), (250,))
        _expect(conn, conn.rcpt(recipient), (250, 251))
        _expect(conn, conn.docmd("data"), (354,))
        conn.send(_data_lines(data))
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        conn.close()
        raise SmtpConnectionLost(
            None, f"connection lost before the message went out: {exc}"
        ) from exc
    # From here on the server may hold the whole message: only its reply tells what it did.
    try:
        code, text = conn.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        conn.close()
        raise SmtpOutcomeUnknown(
            None, f"no reply after the message data went out (it may have arrived): {exc}"
        ) from exc
    reply = _text(text)
    if 200 <= code < 300:
        return Reply(code, reply)
    if code == 421:  # not accepted, and the server closes the connection
        conn.close()
        raise SmtpConnectionLost(code, reply)
    if 400 <= code < 600:  # a refusal ends the transaction; the next MAIL may follow
        raise SmtpFailure(code, reply)
    conn.close()
    raise SmtpOutcomeUnknown(code, f"unexpected reply after the message data: {reply}")


def _expect(conn: smtplib.SMTP, answer: tuple[int, bytes], good: tuple[int, ...]) -> None:
    """Check the reply to a command before the data; a refusal resets the transaction."""
    code, text = answer
    if code in good:
        return
    if code == 421 or not 400 <= code < 600:  # closing, or not speaking SMTP any more
        conn.close()
        raise SmtpConnectionLost(code if code > 0 else None, _text(text))
    _reset(conn)
    raise SmtpFailure(code, _text(text))


def _data_lines(data: bytes) -> bytes:
    """Return message data as it goes after DATA: dots doubled, ended by CRLF.CRLF."""
    quoted = re.sub(rb"(?m)^\.", b"..", data)
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    return quoted + b".\r\n"


def _reset(conn: smtplib.SMTP) -> None:
    """Start the next message from a clean state; a broken connection shows up as lost."""
    try:
        code, text = conn.rset()
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpConnectionLost(None, f"connection lost: {exc}") from exc
    if code != 250:
        raise SmtpConnectionLost(code, _text(text))


def close(conn: smtplib.SMTP) -> None:
    """Say QUIT politely; a connection that is already gone is simply closed."""
    try:
        conn.quit()
    except (OSError, smtplib.SMTPException):
        conn.close()


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
