"""A real SMTP server on loopback (aiosmtpd) that catches mail and misbehaves on purpose."""

from __future__ import annotations

import asyncio
import errno
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from peiling import settings as peiling_settings
from peiling.mailing import catcher
from peiling.models import Contact, Organisation
from tests import factories

STAGES = ("connect", "rcpt", "data")


@dataclass
class Fault:
    """One way to misbehave at a stage: a reply ("451 ..."), "drop", "stall" or "hold".

    It lets `after` passes of its stage go by, then strikes `times` times (for the given
    recipients only, when named); the faults of one stage take their turns in order. At "data"
    (the end of the message data): a reply refuses the message, "drop" closes the connection
    and discards it, "stall" keeps it and replies 250 only after `stall_seconds` (when the
    client has given up), "hold" keeps it and waits with the reply until `release` is set.
    """

    stage: str
    action: str
    times: int = 1
    after: int = 0
    recipients: set[str] | None = None
    passed: int = 0

    def strikes(self, recipient: str | None) -> bool:
        """Count one pass of the stage and tell whether the fault strikes now."""
        if self.recipients is not None and recipient not in self.recipients:
            return False
        self.passed += 1
        if self.times > 0 and self.passed > self.after:
            self.times -= 1
            return True
        return False


class HostileHandler(catcher.CatchingHandler):
    """Catch mail like a real server, and misbehave as its faults say; keep its own record."""

    def __init__(self, folder):
        super().__init__(folder)
        self.faults: list[Fault] = []
        self.refuse: set[str] = set()  # refused for good at RCPT (550)
        self.stall_seconds = 3.0
        self.connections = 0
        self.delivered: list[tuple[str, str]] = []  # (Message-ID, recipient) kept for delivery
        self.held = threading.Event()  # a "hold" fault has a message
        self.release = threading.Event()
        self.on_message = None  # called with each accepted envelope, before the reply

    def _strike(self, stage: str, recipient: str | None = None) -> str | None:
        """Let the first fault of the stage that has strikes left count a pass, maybe strike."""
        for fault in self.faults:
            if fault.stage == stage and fault.times > 0:
                return fault.action if fault.strikes(recipient) else None
        return None

    async def greet(self, server) -> bool:
        """Misbehave at the greeting when told to; return whether to go on."""
        self.connections += 1
        action = self._strike("connect")
        if action is None:
            return True
        if action == "stall":
            await asyncio.sleep(self.stall_seconds)
            return True
        if action != "drop":
            await server.push(action)
        server.transport.close()
        return False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        action = self._strike("rcpt", address)
        if action == "drop":
            server.transport.close()
            return "421 4.3.2 going away"
        if action == "stall":
            await asyncio.sleep(self.stall_seconds)
        elif action is not None:
            return action
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        action = self._strike("data", envelope.rcpt_tos[0])
        if action == "drop":
            server.transport.close()
            return "421 4.3.2 going away"
        if action is not None and action not in ("stall", "hold"):
            return action
        reply = self.deliver(envelope)
        if action == "stall":
            await asyncio.sleep(self.stall_seconds)
        elif action == "hold":
            self.held.set()
            await asyncio.to_thread(self.release.wait, 60)
        return reply

    def deliver(self, envelope) -> str:
        """Keep a message for delivery, in the folder and in the record."""
        if self.on_message is not None:
            self.on_message(envelope)
        self.store(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
        found = re.search(
            rb"^Message-ID:\s*(<[^>]+>)", envelope.original_content, re.MULTILINE | re.IGNORECASE
        )
        msgid = found.group(1).decode() if found else ""
        self.delivered.extend((msgid, to) for to in envelope.rcpt_tos)
        return "250 2.0.0 Ok: caught"


class HostileSMTP(SMTP):
    """aiosmtpd's server with a greeting that the handler may refuse, drop or stall."""

    async def _handle_client(self):
        if await self.event_handler.greet(self):
            await super()._handle_client()


class HostileController(Controller):
    """A controller that serves HostileSMTP."""

    def factory(self):
        return HostileSMTP(self.handler, **self.SMTP_kwargs)


@dataclass
class SmtpServer:
    """A running test server and where it keeps mail."""

    host: str
    port: int
    folder: object
    handler: HostileHandler
    controller: object = field(repr=False)
    running: bool = True

    def messages(self):
        """Return every message caught so far."""
        return catcher.caught(self.folder)

    def fault(self, stage: str, action: str, times: int = 1, after: int = 0, recipients=None):
        """Add a way to misbehave (see Fault)."""
        assert stage in STAGES, stage
        self.handler.faults.append(Fault(stage, action, times, after, recipients))

    def drop_after(self, accepted: int, times: int = 1) -> None:
        """Drop the connection at the end of the data after this many messages, each time."""
        for _ in range(times):
            self.fault("data", "drop", after=accepted)

    def delivered(self) -> Counter:
        """Count the messages the server kept for delivery, per Message-ID."""
        return Counter(msgid for msgid, _ in self.handler.delivered)

    def stop(self) -> None:
        """Stop listening: connections are refused until start()."""
        self.controller.stop()
        self.running = False

    def start(self) -> None:
        """Listen again on the same port."""
        self.controller = _start(self.handler, self.port)
        self.running = True


def _start(handler: HostileHandler, port: int) -> Controller:
    controller = HostileController(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    return controller


def start_server(folder) -> SmtpServer:
    """Start a test server on a free loopback port.

    A port that was free a moment ago may have been taken since as the local end of an outgoing
    connection (they come from the same range), more so with tests in parallel: then another.
    """
    handler = HostileHandler(folder)
    for attempt in range(5):
        port = catcher.free_port()
        try:
            return SmtpServer("127.0.0.1", port, folder, handler, _start(handler, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or attempt == 4:
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def smtp_server(settings, tmp_path):
    """Start a real SMTP server on loopback and point PEILING_SMTP_URL at it (1 s time-out)."""
    server = start_server(tmp_path / "caught")
    peiling_settings.override(smtp_url=f"smtp://127.0.0.1:{server.port}", smtp_timeout="1")
    yield server
    server.handler.release.set()
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
