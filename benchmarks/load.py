"""Load test: many respondents complete the questionnaire at once against gunicorn on loopback.

Each simulated respondent opens their link, fills in and saves every page of the 2026
questionnaire (as a browser would: first options, a number, a text carrying a unique marker),
some stop halfway and resume in a fresh browser, some press submit twice. The run is bounded in
time. Afterwards the database is checked: no 5xx, every acknowledged save present (its markers
stored), exactly one submitted response per respondent who finished. Prints throughput and
p50/p95/p99 latency.

    python benchmarks/load.py [--respondents 300] [--seconds 120] [--sqlite]
                              [--postgres-admin-url URL] [--workers 2] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from common import emit

ROOT = Path(__file__).resolve().parents[1]
SECRET = "load-secret-key"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
LOCATION = re.compile(r'href="(/vragenlijst/[^"#]+)"')


# -- one browser: cookies, timings ---------------------------------------------------------------


class Browser:
    """An HTTP client with a cookie jar of one, recording every request's status and time."""

    def __init__(self, port: int, stats: Stats):
        self.port, self.stats, self.cookie = port, stats, ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, fields: list | None = None) -> tuple[int, str, str]:
        """Send a request; return (status, Location, body)."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.stats.add(time.perf_counter() - started, 599, f"{method} {path}: {exc!r}")
            return 599, "", ""
        self.stats.add(time.perf_counter() - started, response.status, f"{method} {path}")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), data


@dataclass
class Stats:
    """Latencies and statuses of every request of the run (shared by all threads)."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int, what: str) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if status >= 500:
                self.errors.append(f"{status} {what}")


# -- filling in a page as the browser test does --------------------------------------------------


class FormReader(HTMLParser):
    """Collect the controls of the page form: radios, checkboxes, selects, inputs, textareas."""

    def __init__(self):
        super().__init__()
        self.radios: dict[str, list[str]] = {}
        self.boxes: dict[str, list[str]] = {}
        self.selects: dict[str, list[str]] = {}
        self.inputs: list[tuple[str, str, str]] = []  # (name, type, inputmode)
        self.areas: list[str] = []
        self.hidden: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", ""))
            elif kind == "checkbox":
                self.boxes.setdefault(name, []).append(a.get("value", ""))
            elif kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind in ("text", "date", "number"):
                self.inputs.append((name, kind, a.get("inputmode", "")))
        elif tag == "select" and name:
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select and a.get("value"):
            self.selects[self._select].append(a["value"])
        elif tag == "textarea" and name:
            self.areas.append(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def fill(html: str, marker: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Return the fields that answer a page, and the text markers among them by field."""
    form = FormReader()
    form.feed(html)
    fields = list(form.hidden.items())
    markers = {}
    for name, values in form.radios.items():
        fields.append((name, values[0]))
    for name, values in form.boxes.items():
        if not name.endswith("__missing"):
            fields.append((name, values[0]))
    for place, (name, values) in enumerate(sorted(form.selects.items())):
        fields.append((name, values[place % len(values)]))
    for name, kind, mode in form.inputs:
        if kind == "date":
            fields.append((name, "2025-09-01"))
        elif mode in ("numeric", "decimal"):
            fields.append((name, "3"))
        else:
            fields.append((name, f"{marker}-{name}"))
            markers[name] = f"{marker}-{name}"
    for name in form.areas:
        fields.append((name, f"{marker}-{name}"))
        markers[name] = f"{marker}-{name}"
    return fields, markers


# -- one respondent ------------------------------------------------------------------------------


@dataclass
class Respondent:
    """One simulated respondent and what the server acknowledged to them."""

    number: int
    token: str
    resumes: bool
    submits_twice: bool
    saved_markers: dict[str, str] = field(default_factory=dict)  # the last saved, by field
    acknowledged_saves: int = 0
    submitted: bool = False
    stuck: str = ""


def complete(person: Respondent, port: int, stats: Stats, deadline: float) -> None:
    """Fill in and submit the questionnaire, saving every page; resume or submit twice if asked."""
    browser = Browser(port, stats)
    path = open_link(browser, person)
    pages_done = 0
    while path and path.startswith("/vragenlijst/") and time.monotonic() < deadline:
        status, _, html = browser.request("GET", path)
        if status != 200:
            person.stuck = f"GET {path}: {status}"
            return
        action = "save" if person.resumes and pages_done == 2 else "next"
        fields, markers = fill(html, f"r{person.number}p{pages_done}")
        status, location, _ = browser.request("POST", path, [*fields, ("action", action)])
        if status != 302:
            person.stuck = f"POST {path}: {status}"
            return
        person.acknowledged_saves += 1
        person.saved_markers.update(markers)
        pages_done += 1
        if action == "save":  # stop, and come back later in another browser
            browser = Browser(port, stats)
            path = open_link(browser, person)
            continue
        path = location
    if path != "/controleren":
        person.stuck = person.stuck or f"ended at {path} (time out)"
        return
    status, _, html = browser.request("GET", "/controleren")
    form = FormReader()
    form.feed(html)
    fields = [*form.hidden.items(), ("bevestig", "ja")]
    for _ in range(2 if person.submits_twice else 1):
        status, location, _ = browser.request("POST", "/verzenden", fields)
        if status != 302 or location != "/verzonden":
            person.stuck = f"submit: {status} {location}"
            return
    person.submitted = True


def open_link(browser: Browser, person: Respondent) -> str:
    """Open the personal link; return the page to go to (the first one, or where they were)."""
    status, location, _ = browser.request("GET", f"/r/{person.token}")
    if status != 302:
        return ""
    status, _, html = browser.request("GET", location)
    found = LOCATION.findall(html)
    return found[0] if found else ""


# -- database, server, run -----------------------------------------------------------------------


def prepare(url: str, respondents: int) -> list[str]:
    """Create the schema, the 2026 questionnaire, an open wave and one invitation each."""
    from sqlalchemy import select

    from peiling.models import Contact, Invitation, Organisation
    from peiling.models.db import session_scope
    from peiling.models.inviting import token_of
    from peiling.models.migrate import upgrade
    from peiling.models.questionnaire_store import load_version
    from peiling.models.wave_lifecycle import create_wave, open_wave

    upgrade(url)
    with session_scope(url) as session:
        version = load_version(session, ROOT / "questionnaires" / "ess-2026.yaml")
        for i in range(respondents):
            org = Organisation(code=f"GM{i:04d}", name=f"Gemeente {i}", province="Utrecht")
            session.add(org)
            session.add(Contact(organisation=org, name=f"C {i}", email=f"c{i}@example.nl"))
        session.flush()
        opens = datetime.now(UTC) - timedelta(days=1)
        wave = create_wave(
            session,
            version=version,
            label="load",
            opens_at=opens,
            closes_at=opens + timedelta(days=30),
        )
        open_wave(session, wave, SECRET)
        invitations = session.scalars(select(Invitation).order_by(Invitation.id)).all()
        return [token_of(i, SECRET) for i in invitations]


def check(url: str, people: list[Respondent]) -> list[str]:
    """Return what the database contradicts: lost saves, missing or extra submissions."""
    from sqlalchemy import func, select

    from peiling.models import Response
    from peiling.models.db import session_scope
    from peiling.models.inviting import invitation_by_token

    problems = []
    with session_scope(url) as session:
        for person in people:
            invitation = invitation_by_token(session, person.token)
            rows = session.scalars(
                select(Response).where(Response.invitation_id == invitation.id)
            ).all()
            if person.acknowledged_saves and len(rows) != 1:
                problems.append(f"respondent {person.number}: {len(rows)} responses")
                continue
            if not rows:
                continue
            stored = {v for v in rows[0].answers.values() if isinstance(v, str)}
            lost = [m for m in person.saved_markers.values() if m not in stored]
            if lost:
                problems.append(f"respondent {person.number}: acknowledged {lost[:2]} not stored")
            if person.submitted != (rows[0].submitted_at is not None):
                problems.append(f"respondent {person.number}: submitted mismatch")
        total = session.scalar(select(func.count()).select_from(Response))
        if total > len(people):
            problems.append(f"{total} responses for {len(people)} respondents")
    return problems


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    """Start gunicorn with the app on loopback; return its process once it answers."""
    env = {
        **os.environ,
        "PEILING_DATABASE_URL": url,
        "PEILING_SECRET_KEY": SECRET,
        "PEILING_DATA_DIR": str(log.parent),
        "PEILING_TOKEN_RATE_LIMIT": "100000/60",
    }
    code = (
        "from peiling.webforms.server import run_gunicorn;"
        f"run_gunicorn('127.0.0.1:{port}', workers={workers}, threads={threads},"
        " control_socket_disable=True, accesslog=None, keepalive=30)"
    )
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=log.open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start:\n" + log.read_text())


def percentile(values: list[float], share: float) -> float:
    """Return a percentile of sorted values, in milliseconds."""
    return values[min(len(values) - 1, int(share * len(values)))] * 1000


def main() -> None:
    """Run the load test and print its figures; exit 1 when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--postgres-admin-url", default=ADMIN_URL)
    args = parser.parse_args()

    from sqlalchemy import make_url, text

    from peiling.models.db import make_engine

    tmp = Path(tempfile.mkdtemp(prefix="peiling-load-"))
    admin = None
    if args.sqlite:
        url = f"sqlite:///{tmp / 'load.sqlite3'}"
    else:
        name = f"peiling_load_{uuid.uuid4().hex[:10]}"
        admin = make_engine(args.postgres_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(args.postgres_admin_url).set(database=name).render_as_string(False)
    try:
        tokens = prepare(url, args.respondents)
        people = [
            Respondent(n, token, resumes=n % 5 == 0, submits_twice=n % 7 == 0)
            for n, token in enumerate(tokens)
        ]
        port = free_port()
        server = start_server(url, port, args.workers, args.threads, tmp / "gunicorn.log")
        stats = Stats()
        try:
            deadline = time.monotonic() + args.seconds
            started = time.perf_counter()
            threads = [
                threading.Thread(target=complete, args=(p, port, stats, deadline)) for p in people
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        problems = check(url, people)
    finally:
        if admin is not None:
            from peiling.models.db import engine_for

            engine_for.cache_clear()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    latencies = sorted(stats.latencies)
    finished = sum(p.submitted for p in people)
    stuck = [p for p in people if p.stuck]
    print(f"database        {'SQLite' if args.sqlite else 'PostgreSQL'}")
    print(f"respondents     {len(people)} ({finished} submitted, {len(stuck)} did not finish)")
    print(f"requests        {len(latencies)} in {wall:.1f} s = {len(latencies) / wall:.0f}/s")
    print(f"saves           {sum(p.acknowledged_saves for p in people)} acknowledged")
    print(
        f"latency ms      p50 {statistics.median(latencies) * 1000:.0f}  "
        f"p95 {percentile(latencies, 0.95):.0f}  p99 {percentile(latencies, 0.99):.0f}"
    )
    print(f"5xx             {len(stats.errors)}")
    for person in stuck[:5]:
        print(f"  respondent {person.number}: {person.stuck}")
    for problem in problems[:10]:
        print(f"  PROBLEM {problem}")
    emit(
        f"load, {'SQLite' if args.sqlite else 'PostgreSQL'}",
        f"{len(people)} respondents ({finished} submitted), {len(latencies) / wall:.0f} req/s, "
        f"p95 {percentile(latencies, 0.95):.0f} ms",
        "-",
        None,
        "zero 5xx, no lost save",
        not stats.errors and not problems,
    )
    if stats.errors or problems:
        print("  e.g. " + "; ".join(stats.errors[:3]))
        raise SystemExit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
