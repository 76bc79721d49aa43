"""The local mail catcher: an aiosmtpd server that keeps every message as an .eml file."""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path

from aiosmtpd.controller import Controller

_counter = itertools.count(1)
_lock = threading.Lock()


class CatchingHandler:
    """Store each message under a folder, named by arrival time and Message-ID."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        """Write the message with its envelope recipients and accept it."""
        self.store(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
        return "250 2.0.0 Ok: caught"

    def store(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
        """Write one message to an .eml file and return its path."""
        head = b"X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (
            mail_from.encode(),
            ", ".join(rcpt_tos).encode(),
        )
        msgid = re.search(rb"^Message-ID:\s*<([^>]+)>", content, re.MULTILINE | re.IGNORECASE)
        stem = re.sub(r"[^A-Za-z0-9.-]", "_", msgid.group(1).decode()) if msgid else "message"
        with _lock:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(_counter):06d}-{stem[:80]}.eml"
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        path.write_bytes(head + content)
        return path


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on the host right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def start(folder: Path, host: str = "127.0.0.1", port: int = 8025, handler=None) -> Controller:
    """Start a catcher in a background thread; stop it with .stop()."""
    controller = Controller(
        handler or CatchingHandler(folder), hostname=host, port=port, ready_timeout=10
    )
    controller.start()
    return controller


def caught(folder: Path) -> list[Message]:
    """Read the caught messages of a folder, oldest first."""
    paths = sorted(Path(folder).glob("*.eml"))
    return [message_from_bytes(p.read_bytes(), policy=default) for p in paths]


def serve(folder: Path, host: str, port: int) -> None:
    """Run a catcher in the foreground until interrupted."""
    controller = start(folder, host, port)
    try:
        threading.Event().wait()
    finally:
        controller.stop()
