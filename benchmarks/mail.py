"""Benchmark: invite N contacts through the send-invitations flow vs. plain smtplib.

Both send the same messages to the same local SMTP sink (aiosmtpd in its own process, discarding
what it receives). The baseline builds every message with the same templates and sends them over
one smtplib connection; the flow plans, claims and records each message in the ledger and runs
its batches as Prefect tasks (temporary Prefect server). Prints both times, the ratio and the
peak memory (max RSS) of this process.

    python benchmarks/mail.py [--contacts 10000] [--database-url URL] [--batch-size 500]
"""

from __future__ import annotations

import argparse
import os
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peiling.questionnaires.shipped import shipped_file

ROOT = Path(__file__).resolve().parents[1]

SINK = """
import asyncio, sys
from aiosmtpd.controller import Controller
class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 Ok: discarded"
c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert sink.stdout.readline().strip() == b"ready"
    return sink


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(url: str, contacts: int) -> tuple[str, str]:
    from datetime import timedelta

    from peiling.models import Contact, Organisation
    from peiling.models.base import utcnow
    from peiling.models.db import session_scope
    from peiling.models.migrate import upgrade
    from peiling.models.questionnaire_store import load_version
    from peiling.models.wave_lifecycle import create_wave, open_wave

    upgrade(url)
    with session_scope(url) as session:
        version = load_version(session, shipped_file("ess-2026.yaml"))
        per_org = 10
        for i in range(contacts // per_org):
            org = Organisation(code=f"GM{i:05d}", name=f"Gemeente {i}", province="Utrecht")
            session.add(org)
            for j in range(per_org):
                session.add(
                    Contact(
                        organisation=org,
                        name=f"Persoon {i}-{j}",
                        email=f"p{j}@gemeente{i}.example.nl",
                        language="en" if j == 9 else "nl",
                    )
                )
        now = utcnow()
        wave = create_wave(
            session,
            version=version,
            label="bench",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=30),
        )
        open_wave(session, wave, "bench-secret-key")
        return wave.survey_key, wave.label


def baseline(url: str, port: int, mail) -> tuple[float, int, float]:
    """Build every message with the same templates, send them over one connection."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from peiling.mailing.compose import as_bytes, build_message
    from peiling.models import Contact, Invitation
    from peiling.models.base import utcnow
    from peiling.models.db import engine_for, session_factory

    with session_factory(engine_for(url))() as session:
        invitations = session.scalars(
            select(Invitation)
            .options(joinedload(Invitation.contact).joinedload(Contact.organisation))
            .options(joinedload(Invitation.wave))
            .order_by(Invitation.id)
        ).all()
        started = time.perf_counter()
        messages = [
            (
                i.contact.email,
                as_bytes(build_message(i, "invitation", 0, mail, utcnow())),
            )
            for i in invitations
        ]
        built = time.perf_counter() - started
        conn = smtplib.SMTP("127.0.0.1", port)
        for recipient, data in messages:
            conn.sendmail("peiling@example.org", [recipient], data)
        conn.quit()
        return time.perf_counter() - started, len(messages), built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="Default: a fresh SQLite file.")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="peiling-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    port = free_port()
    os.environ.update(
        PEILING_DATA_DIR=str(tmp),
        PEILING_DATABASE_URL=url,
        PEILING_SECRET_KEY="bench-secret-key",
        PEILING_SMTP_URL=f"smtp://127.0.0.1:{port}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    from peiling.mailing.compose import MailSettings
    from peiling.settings import get_settings

    sink = start_sink(port)
    try:
        survey, label = seed(url, args.contacts)
        mail = MailSettings.from_settings(get_settings())
        bare, count, built = baseline(url, port, mail)
        print(f"baseline: {count} messages built and sent over one smtplib connection")
        print(f"  {bare:.2f} s ({count / bare:.0f}/s), of which building {built:.2f} s")
        print(f"  peak memory so far: {peak_mb():.0f} MB")

        from prefect.testing.utilities import prefect_test_harness

        from peiling.flows.mail import send_invitations

        with prefect_test_harness(server_startup_timeout=120):
            started = time.perf_counter()
            summary = send_invitations(survey, label, batch_size=args.batch_size)
            flowed = time.perf_counter() - started
        assert summary.get("sent") == count, summary
        print(
            f"flow: send-invitations, batches of {args.batch_size}, ledger on {url.split(':')[0]}"
        )
        print(f"  {flowed:.2f} s ({count / flowed:.0f}/s); summary {summary}")
        print(f"ratio flow / baseline: {flowed / bare:.2f}x (goal: within 2x)")
        print(f"peak memory (max RSS of this process): {peak_mb():.0f} MB")
    finally:
        sink.stdin.close()
        sink.wait(timeout=10)


if __name__ == "__main__":
    main()
