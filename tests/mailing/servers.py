"""A real SMTP server on loopback (aiosmtpd) that catches mail and can misbehave; a test panel."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from peiling import settings as peiling_settings
from peiling.mailing import catcher
from peiling.models import Contact, Organisation
from tests import factories


class FaultyHandler(catcher.CatchingHandler):
    """Catch mail; refuse some recipients for good, and drop connections when told to."""

    def __init__(self, folder):
        super().__init__(folder)
        self.refuse: set[str] = set()
        self.accept_before_drop: int | None = None
        self.drops_left = 0
        self.accepted = 0
        self.on_message = None  # called with each accepted envelope, before the reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        limit = self.accept_before_drop
        if limit is not None and self.accepted >= limit and self.drops_left > 0:
            self.drops_left -= 1
            self.accepted = 0
            server.transport.close()
            return "421 4.3.2 going away"
        self.accepted += 1
        if self.on_message is not None:
            self.on_message(envelope)
        return await super().handle_DATA(server, session, envelope)


@dataclass
class SmtpServer:
    """A running catcher and where it keeps mail."""

    host: str
    port: int
    folder: object
    handler: FaultyHandler
    controller: object = field(repr=False)
    running: bool = True

    def messages(self):
        """Return every message caught so far."""
        return catcher.caught(self.folder)

    def drop_after(self, accepted: int, times: int = 1) -> None:
        """Drop the connection after this many messages on a connection, a number of times."""
        self.handler.accept_before_drop = accepted
        self.handler.drops_left = times

    def stop(self) -> None:
        """Stop listening: connections are refused until start()."""
        self.controller.stop()
        self.running = False

    def start(self) -> None:
        """Listen again on the same port."""
        self.controller = catcher.start(self.folder, self.host, self.port, handler=self.handler)
        self.running = True


@pytest.fixture
def smtp_server(settings, tmp_path):
    """Start a real SMTP server on loopback and point PEILING_SMTP_URL at it."""
    folder = tmp_path / "caught"
    handler = FaultyHandler(folder)
    port = catcher.free_port()
    controller = catcher.start(folder, "127.0.0.1", port, handler=handler)
    server = SmtpServer("127.0.0.1", port, folder, handler, controller)
    peiling_settings.override(smtp_url=f"smtp://127.0.0.1:{port}")
    yield server
    if server.running:
        server.stop()


def make_panel(session, organisations: int = 3, per_organisation: int = 2, english_every: int = 0):
    """Add organisations with contacts (every n-th contact English) and return the contacts."""
    contacts = []
    for i in range(organisations):
        org = Organisation(
            code=f"GM{9000 + i:04d}", name=f"Gemeente {i}", province=["Utrecht", "Drenthe"][i % 2]
        )
        session.add(org)
        for j in range(per_organisation):
            n = len(contacts)
            language = "en" if english_every and n % english_every == english_every - 1 else "nl"
            contact = Contact(
                organisation=org,
                name=f"Persoon {i}-{j}",
                email=f"p{i}-{j}@gemeente{i}.example.nl",
                language=language,
            )
            session.add(contact)
            contacts.append(contact)
    session.flush()
    return contacts


def make_wave(session, label="2026", reminder_days=(7, 14), opened_days_ago=1):
    """Plan a wave that opened some days ago."""
    ver = factories.version(session)
    days = list(reminder_days)
    ago = opened_days_ago
    return factories.wave(session, ver, label=label, reminder_days=days, opened_days_ago=ago)
