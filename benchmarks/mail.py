"""Benchmark: invite N contacts through the send-invitations flow vs. plain smtplib.

For each size, on a fresh database with three open waves of N invitations per repeat, three
sends of the same messages to the same local SMTP sink (aiosmtpd in its own process,
discarding what it receives): the baseline builds every message with the same templates and
sends it over one bare smtplib connection; the batch function sends them through the ledger
over one connection (claims, checks, records; no Prefect); the flow plans, then runs its
batches as Prefect tasks (temporary Prefect server, started once). The three take turns, and
each is repeated (--repeat, each time on waves of its own); the best time of each counts, so
that the load of a shared machine at one moment does not decide the ratio. Prints the times,
the flow's ratio to the baseline, the ledger's cost per message (batch minus baseline) and
Prefect's (flow minus batch), and the peak memory (max RSS) of this process.

    python benchmarks/mail.py [--contacts 5000,20000] [--repeat 3] [--database-url URL]
        [--batch-size 500]
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

from common import emit

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


WAVES = ("bare", "ledger", "flow")


def seed(url: str, contacts: int, labels=WAVES) -> str:
    """Fill a fresh database with a panel and one open wave per label; return the survey key."""
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
        for label in labels:
            wave = create_wave(
                session,
                version=version,
                label=label,
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=30),
            )
            open_wave(session, wave, "bench-secret-key")
        return wave.survey_key


def _wave_invitations(session, label: str):
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from peiling.models import Contact, Invitation, Wave

    return session.scalars(
        select(Invitation)
        .join(Wave)
        .where(Wave.label == label)
        .options(joinedload(Invitation.contact).joinedload(Contact.organisation))
        .options(joinedload(Invitation.wave))
        .order_by(Invitation.id)
    ).all()


def baseline(url: str, port: int, mail, label: str = "bare") -> tuple[float, int]:
    """Build every message with the same templates, send them over one bare connection."""
    from peiling.mailing.compose import as_bytes, build_message
    from peiling.models.base import utcnow
    from peiling.models.db import engine_for, session_factory

    with session_factory(engine_for(url))() as session:
        invitations = _wave_invitations(session, label)
        started = time.perf_counter()
        conn = smtplib.SMTP("127.0.0.1", port)
        for i in invitations:
            data = as_bytes(build_message(i, "invitation", 0, mail, utcnow()))
            conn.sendmail("peiling@example.org", [i.contact.email], data)
        conn.quit()
        return time.perf_counter() - started, len(invitations)


def through_the_ledger(url: str, mail, label: str = "ledger") -> tuple[float, int]:
    """Send the same messages with the batch function: one connection, through the ledger."""
    from peiling.flows import context
    from peiling.mailing.batch import SENT, send_batch
    from peiling.models.db import engine_for, session_factory

    with session_factory(engine_for(url))() as session:
        ids = [i.id for i in _wave_invitations(session, label)]
    started = time.perf_counter()
    result = send_batch(engine_for(url), ids, "invitation", 0, context.smtp_config(), mail)
    took = time.perf_counter() - started
    assert result.count(SENT) == len(ids), result.interrupted
    return took, len(ids)


def measure(size: int, url: str, port: int, batch_size: int, repeat: int) -> dict:
    """Seed a database of this size; time the three sends in turn, keep the best of each."""
    from peiling.flows.mail import send_invitations
    from peiling.mailing.compose import MailSettings
    from peiling.settings import get_settings

    labels = [f"{what}-{n}" for n in range(repeat) for what in WAVES]
    survey = seed(url, size, labels)
    mail = MailSettings.from_settings(get_settings())
    times: dict[str, list[float]] = {what: [] for what in WAVES}
    for n in range(repeat):
        bare, count = baseline(url, port, mail, f"bare-{n}")
        times["bare"].append(bare)
        times["ledger"].append(through_the_ledger(url, mail, f"ledger-{n}")[0])
        started = time.perf_counter()
        summary = send_invitations(survey, f"flow-{n}", batch_size=batch_size)
        times["flow"].append(time.perf_counter() - started)
        assert summary.get("sent") == count, summary
        print(f"  round {n + 1}: " + ", ".join(f"{w} {t[-1]:.2f} s" for w, t in times.items()))
    return {"count": count, **{what: min(t) for what, t in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", default="5000,20000", help="Sizes, comma-separated.")
    parser.add_argument("--database-url", default="", help="Default: a fresh SQLite file each.")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="Rounds; the best of each counts.")
    args = parser.parse_args()
    sizes = [int(n) for n in args.contacts.split(",")]
    if args.database_url and len(sizes) > 1:
        parser.error("--database-url takes one size: each size needs an empty database")

    tmp = Path(tempfile.mkdtemp(prefix="peiling-bench-"))
    port = free_port()
    os.environ.update(
        PEILING_DATA_DIR=str(tmp),
        PEILING_SECRET_KEY="bench-secret-key",
        PEILING_SMTP_URL=f"smtp://127.0.0.1:{port}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    from prefect.testing.utilities import prefect_test_harness

    from peiling import settings as peiling_settings

    sink = start_sink(port)
    try:
        with prefect_test_harness(server_startup_timeout=120):
            for size in sizes:
                url = args.database_url or f"sqlite:///{tmp / f'bench-{size}.sqlite3'}"
                peiling_settings.override(database_url=url)
                print(f"{size} contacts, best of {args.repeat}:", flush=True)
                r = measure(size, url, port, args.batch_size, args.repeat)
                n = r["count"]
                print(f"{n} invitations, ledger on {url.split(':')[0]}, best of {args.repeat}:")
                print(
                    f"  bare smtplib, one connection:   {r['bare']:7.2f} s ({n / r['bare']:.0f}/s)"
                )
                print(f"  batch through the ledger:       {r['ledger']:7.2f} s")
                print(f"  flow, batches of {args.batch_size:<5}         {r['flow']:7.2f} s")
                print(f"  ratio flow / bare: {r['flow'] / r['bare']:.2f}x (goal: within 2x)")
                emit(
                    f"mail, {url.split(':')[0].split('+')[0]}",
                    f"{n} invitations through the flow: {r['flow']:.1f} s",
                    f"bare smtplib {r['bare']:.1f} s",
                    r["flow"] / r["bare"],
                    "<= 2x",
                    r["flow"] / r["bare"] <= 2,
                    peak_mb(),
                )
                per = 1000 / n
                print(
                    f"  per message: ledger {(r['ledger'] - r['bare']) * per:.2f} ms, "
                    f"Prefect and planning {(r['flow'] - r['ledger']) * per:.2f} ms, "
                    f"bare send {r['bare'] * per:.2f} ms"
                )
        print(f"peak memory (max RSS of this process): {peak_mb():.0f} MB")
    finally:
        sink.stdin.close()
        sink.wait(timeout=10)


if __name__ == "__main__":
    main()
