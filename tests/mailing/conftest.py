"""Fixtures: a real SMTP server on loopback."""

from tests.mailing.servers import smtp_server  # noqa: F401
