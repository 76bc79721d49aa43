"""SMTP from PEILING_SMTP_URL: plain, STARTTLS or SSL, with optional authentication."""

from __future__ import annotations

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
    """A message was not accepted; permanent (5xx) failures must not be retried."""

    def __init__(self, code: int | None, text: str):
        super().__init__(f"{code or 'no reply'}: {text}")
        self.code = code
        self.text = text

    @property
    def permanent(self) -> bool:
        return self.code is not None and 500 <= self.code < 600


class SmtpConnectionLost(SmtpFailure):
    """The connection broke (refused, dropped, timed out): the batch stops and is retried."""


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


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """Open an SMTP connection, switch to TLS where asked and log in; ready to send."""
    context = ssl.create_default_context()
    try:
        if config.scheme == "smtps":
            conn = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=context
            )
        else:
            conn = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        conn.ehlo()
        if config.scheme == "smtp+starttls":
            conn.starttls(context=context)
            conn.ehlo()
        if config.username:
            conn.login(config.username, config.password or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise SmtpLoginRefused(
            f"the mail server {config.address} refused the login ({exc.smtp_code}); "
            "check the user and password in PEILING_SMTP_URL"
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SmtpConnectionLost(None, f"{config.address} does not answer: {exc}") from exc
    return conn


def deliver(conn: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> Reply:
    """Send one message to one recipient and return the server's final reply."""
    try:
        code, text = conn.mail(sender)
        if code == 250:
            code, text = conn.rcpt(recipient)
        if code not in (250, 251):
            _reset(conn)
            raise SmtpFailure(code, text.decode(errors="replace"))
        code, text = conn.data(data)
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code == 421:
            raise SmtpConnectionLost(exc.smtp_code, _text(exc.smtp_error)) from exc
        _reset(conn)
        raise SmtpFailure(exc.smtp_code, _text(exc.smtp_error)) from exc
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise SmtpConnectionLost(None, f"connection lost: {exc}") from exc
    return Reply(code, text.decode(errors="replace"))


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
