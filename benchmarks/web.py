"""Benchmark the questionnaire page under gunicorn against two baselines in the same run.

N concurrent clients (a bounded loop on loopback) load a questionnaire page and save it.
Baselines, served by the same gunicorn: a bare Flask route returning a static page of the same
size (the server's ceiling), and the same page rendered by a precompiled Jinja template from
plain data (the least work a dynamic page needs). Prints requests/s and p95 latency for each,
both ratios, and peak memory of the server workers and of this client.

    python benchmarks/web.py [--clients 50] [--requests 40] [--workers 2] [--postgres]
        [--database-url URL]

--postgres creates a fresh PostgreSQL database for the run (through --postgres-url, an
administrative connection) and drops it afterwards. Goal: the page at >= 0.5x plain Jinja's
requests/s, and its p95 within 2x plain Jinja's p95 in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from common import POSTGRES_ADMIN_URL, create_postgres, emit

from peiling.questionnaires.shipped import shipped_file

ROOT = Path(__file__).resolve().parents[1]

PAGE = "themas_gemeente"  # two six-row matrices and a date: 13 answer items
SECRET = "benchmark-secret-key"
HIDDEN = re.compile(r'name="(csrf_token|version)" value="([^"]*)"')

# -- the app gunicorn serves: the real app plus the two baseline routes ----------------------

# The same markup as the real page, rendered from plain dicts: no session, database or form.
BASELINE_TEMPLATE = """<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} – {{ service }}</title>
  <link rel="stylesheet" href="/static/peiling.css">
  <script src="/static/peiling.js" defer></script>
</head>
<body>
  <a class="skiplink" href="#inhoud">Naar de inhoud</a>
  <header class="kop">
    <div class="kop-binnen">
      <p class="dienst">{{ service }}</p>
      <p class="afzender">Expertise-unit Sociale Stabiliteit</p>
<p class="taalkeuze">
  <button form="paginaformulier" type="submit" name="action" value="lang-en" class="link"
   lang="en">English</button>
</p>
    </div>
  </header>
  <main id="inhoud" tabindex="-1">
<div class="voortgang">
  <p id="voortgang-tekst">Stap {{ position }} van {{ total }}</p>
  <progress max="{{ total }}" value="{{ position }}" aria-labelledby="voortgang-tekst">
  {{ position }}/{{ total }}</progress>
</div>
<h1>{{ title }}</h1>
<p class="inleiding">{{ intro }}</p>
<form method="post" action="/vragenlijst/{{ key }}" id="paginaformulier" novalidate>
  <input type="hidden" name="csrf_token" value="{{ token }}">
  <input type="hidden" name="version" value="{{ version }}">
{%- for q in questions %}
  {%- if q.rows %}
  <div id="v-{{ q.key }}" class="vraag matrix">
  <fieldset>
    <legend class="vraagtekst">{{ q.text }}</legend>
    {%- for row in q.rows %}
    <fieldset class="rij">
      <legend>{{ row.text }}</legend>
      <div class="opties">
      {%- for o in q.options %}
  {%- set id = 'f-' ~ q.key ~ '__' ~ row.key ~ '-' ~ loop.index0 %}
  <div class="optie"><input type="radio" name="{{ q.key }}__{{ row.key }}" id="{{ id }}"
   value="{{ o.code }}"{% if o.code == row.value %} checked{% endif %}>
  <label for="{{ id }}">{{ o.label }}</label></div>
      {%- endfor %}
</div>
    </fieldset>
    {%- endfor %}
  </fieldset>
  </div>
  {%- else %}
  <div id="v-{{ q.key }}" class="vraag">
    <label class="vraagtekst" for="f-{{ q.key }}">{{ q.text }}
    <span class="optioneel">(niet verplicht)</span></label>
    <p class="hulp" id="v-{{ q.key }}-hulp">{{ q.help }}</p>
    <input name="{{ q.key }}" id="f-{{ q.key }}" value="" type="date" class="kort"
     aria-describedby="v-{{ q.key }}-hulp">
  </div>
  {%- endif %}
{%- endfor %}
  <div class="knoppen">
    <button type="submit" name="action" value="next" class="knop">Volgende</button>
    <button type="submit" name="action" value="previous" class="knop knop-tweede">Vorige</button>
    <button type="submit" name="action" value="save" class="knop knop-tweede">Opslaan en later
     verder</button>
  </div>
</form>
  </main>
  <footer class="voet">
    <p>Vragen over deze vragenlijst? Mail naar <a href="mailto:{{ contact }}">{{ contact }}</a></p>
  </footer>
</body>
</html>
"""


def bench_app():
    """Return the real app with the static and plain-Jinja baseline routes added."""
    import jinja2
    from flask import Response as FlaskResponse

    from peiling.questionnaires import parse_questionnaire
    from peiling.webforms import create_app

    app = create_app()
    static_html = Path(os.environ["BENCH_STATIC_HTML"]).read_bytes()
    questionnaire = parse_questionnaire((shipped_file("ess-2026.yaml")).read_text(encoding="utf-8"))
    page = questionnaire.page(PAGE)
    data = {
        "service": "Behoeftepeiling sociale stabiliteit",
        "contact": "ess@example.org",
        "key": page.key,
        "title": page.title.get("nl"),
        "intro": page.intro.get("nl"),
        "position": 2,
        "total": 8,
        "version": 7,
        "token": "x" * 91,
        "questions": [
            {
                "key": q.key,
                "text": q.text.get("nl"),
                "help": q.help.get("nl"),
                "rows": [{"key": r.key, "text": r.text.get("nl"), "value": 3} for r in q.rows],
                "options": [{"code": o.code, "label": o.label.get("nl")} for o in q.all_options()],
            }
            for q in page.questions
        ],
    }
    template = jinja2.Environment(autoescape=True).from_string(BASELINE_TEMPLATE)
    csrf = app.extensions["csrf"]

    @csrf.exempt
    @app.get("/_bench/static")
    def bench_static():
        return FlaskResponse(static_html, mimetype="text/html")

    @app.get("/_bench/jinja")
    def bench_jinja():
        return FlaskResponse(template.render(**data), mimetype="text/html")

    return app


# -- preparing a database with one invitation per client --------------------------------------


def prepare(database_url: str, data_dir: Path, clients: int) -> list[str]:
    """Create the schema, the 2026 questionnaire, an open wave and one invitation per client."""
    os.environ.update(
        PEILING_DATABASE_URL=database_url, PEILING_SECRET_KEY=SECRET, PEILING_DATA_DIR=str(data_dir)
    )
    from peiling.models import Contact, Organisation
    from peiling.models.db import session_scope
    from peiling.models.inviting import token_of
    from peiling.models.migrate import upgrade
    from peiling.models.questionnaire_store import load_version
    from peiling.models.wave_lifecycle import create_wave, open_wave

    upgrade(database_url)
    with session_scope(database_url) as session:
        version = load_version(session, shipped_file("ess-2026.yaml"))
        for i in range(clients):
            org = Organisation(code=f"GM9{i:03d}", name=f"Gemeente {i}", province="Utrecht")
            session.add(org)
            session.add(Contact(organisation=org, name=f"C {i}", email=f"c{i}@example.nl"))
        session.flush()
        opens = datetime.now(UTC) - timedelta(days=1)
        wave = create_wave(
            session,
            version=version,
            label=f"bench-{int(time.time())}",
            opens_at=opens,
            closes_at=opens + timedelta(days=30),
        )
        open_wave(session, wave, SECRET)
        session.flush()
        from sqlalchemy import select

        from peiling.models import Invitation

        invitations = session.scalars(
            select(Invitation).where(Invitation.wave_id == wave.id).order_by(Invitation.id)
        ).all()
        return [token_of(inv, SECRET) for inv in invitations]


# -- clients ---------------------------------------------------------------------------------


class Client:
    """One respondent on a keep-alive connection, with its own session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.fields: dict | None = None  # CSRF token and response version for saves

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        """Send a request with this client's cookie; return status and body."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):  # a closed keep-alive: reconnect once
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data


def save_body(fields: dict, round_no: int) -> str:
    """Return the POST body that saves the benchmark page with changed answers."""
    code = str(1 + round_no % 5)
    rows = [
        "inclusie",
        "polarisatie",
        "problematisch_gedrag",
        "ondermijning",
        "radicalisering",
        "extremisme",
    ]
    answers = {f"thema_leeft__{r}": code for r in rows}
    answers.update({f"thema_aandacht__{r}": code for r in rows})
    return urlencode({**answers, **fields, "action": "save"})


def run_variant(port: int, clients: list[Client], requests: int, kind: str) -> dict:
    """Let every client do its requests at once; return the latencies and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    failures = []

    def work(client: Client) -> None:
        mine = []
        for i in range(requests):
            started = time.perf_counter()
            if kind == "static":
                status, _ = client.request("GET", "/_bench/static")
                ok = status == 200
            elif kind == "jinja":
                status, _ = client.request("GET", "/_bench/jinja")
                ok = status == 200
            elif kind == "page":
                status, html = client.request("GET", f"/vragenlijst/{PAGE}")
                ok = status == 200
            else:  # save: the page's POST; each save raises the response version by one
                if client.fields is None:
                    html = client.request("GET", f"/vragenlijst/{PAGE}")[1]
                    client.fields = dict(HIDDEN.findall(html.decode()))
                    started = time.perf_counter()
                body = save_body(client.fields, i)
                status, _ = client.request("POST", f"/vragenlijst/{PAGE}", body)
                ok = status == 302
                version = int(client.fields["version"])
                client.fields["version"] = str(version + 1 if version else 2)
            mine.append(time.perf_counter() - started)
            if not ok:
                failures.append((kind, status))
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(work, clients))
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{kind}: {len(failures)} failed requests, e.g. {failures[:3]}")
    return {"latencies": latencies, "wall": wall}


def combine(rows: list[dict]) -> dict:
    """Return requests/s, p50 and p95 (ms) over the rounds of one variant."""
    latencies = sorted(x for row in rows for x in row["latencies"])
    wall = sum(row["wall"] for row in rows)
    return {
        "count": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_peaks(master: int) -> list[int]:
    """Return the peak resident memory (KiB) of each gunicorn worker of a master process."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]))
    return peaks


def wait_until_up(port: int, deadline: float) -> None:
    """Wait until the server answers its health check."""
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start in time")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="requests per client and variant")
    parser.add_argument("--rounds", type=int, default=5, help="variants take turns this often")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database")
    parser.add_argument("--postgres-url", default=POSTGRES_ADMIN_URL)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="peiling-bench-"))
    drop = None
    if args.postgres:
        url, drop = create_postgres(args.postgres_url, "peiling_web")
    else:
        url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        run(args, url, tmp)
    finally:
        if drop is not None:
            drop()


def run(args, url: str, tmp: Path) -> None:
    """Prepare the database, serve the app, let the clients work, and print the figures."""
    tokens = prepare(url, tmp, args.clients)

    # The static baseline serves the real page's bytes, captured once.
    from peiling.webforms import create_app

    app = create_app({"TESTING": True})
    probe = app.test_client()
    probe.get(f"/r/{tokens[0]}")
    real_html = probe.get(f"/vragenlijst/{PAGE}").get_data()
    (tmp / "static.html").write_bytes(real_html)

    port = free_port()
    env = {**os.environ, "BENCH_STATIC_HTML": str(tmp / "static.html")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
            "--pythonpath",
            str(ROOT / "benchmarks"),
            "web:bench_app()",
        ],
        env=env,
    )
    try:
        wait_until_up(port, time.time() + 60)
        clients = [Client(port) for _ in tokens]
        for client, token in zip(clients, tokens, strict=True):
            status, _ = client.request("GET", f"/r/{token}")
            assert status == 302, status
        sizes = {
            "static": len(clients[0].request("GET", "/_bench/static")[1]),
            "jinja": len(clients[0].request("GET", "/_bench/jinja")[1]),
            "page": len(clients[0].request("GET", f"/vragenlijst/{PAGE}")[1]),
        }
        # Variants take turns in rounds, so a busy moment on the machine hits them alike.
        for kind in ("static", "jinja", "page", "save"):
            run_variant(port, clients, 2, kind)  # warm up
        parts: dict[str, list[dict]] = {k: [] for k in ("static", "jinja", "page", "save")}
        per_round = max(1, args.requests // args.rounds)
        for _ in range(args.rounds):
            for kind in parts:
                parts[kind].append(run_variant(port, clients, per_round, kind))
        results = {kind: combine(rows) for kind, rows in parts.items()}
        peaks = worker_peaks(server.pid)
        for client in clients:
            client.conn.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    names = {
        "static": "static page (server ceiling)",
        "jinja": "plain Jinja, precompiled",
        "page": "questionnaire page GET",
        "save": "questionnaire page save POST",
    }
    print(
        f"gunicorn {args.workers} workers x {args.threads} threads, {args.clients} clients, "
        f"{args.requests} requests each per variant in {args.rounds} rounds, "
        f"{url.split(':', 1)[0]}, page '{PAGE}', load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"page sizes (bytes): static {sizes['static']}, jinja {sizes['jinja']}, "
        f"real {sizes['page']}"
    )
    print(f"{'variant':34} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, row in results.items():
        print(
            f"{names[kind]:34} {row['count']:8d} {row['rps']:8.1f} {row['p50']:8.1f} "
            f"{row['p95']:8.1f}"
        )
    static, jinja, page = (results[k]["rps"] for k in ("static", "jinja", "page"))
    print(f"ratio plain Jinja / static:            {jinja / static:.2f}x")
    print(f"ratio questionnaire page / plain Jinja: {page / jinja:.2f}x  (goal >= 0.5x)")
    print(f"ratio questionnaire page / static:      {page / static:.2f}x")
    print(
        f"p95 questionnaire page {results['page']['p95']:.1f} ms, save "
        f"{results['save']['p95']:.1f} ms"
    )
    if peaks:
        print(
            f"peak memory per worker: {max(peaks) / 1024:.1f} MiB (all {len(peaks)} workers: "
            f"{sum(peaks) / 1024:.1f} MiB)"
        )
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this client process: {client_peak:.1f} MiB")
    p95_ratio = results["page"]["p95"] / results["jinja"]["p95"]
    print(f"p95 questionnaire page / plain Jinja:   {p95_ratio:.2f}x  (goal <= 2x)")
    emit(
        f"web, {'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}, "
        f"{args.clients} clients",
        f"page {page:.0f} req/s, p95 {results['page']['p95']:.0f} ms "
        f"(p95 {p95_ratio:.2f}x; save p95 {results['save']['p95']:.0f} ms)",
        f"plain Jinja {jinja:.0f} req/s, p95 {results['jinja']['p95']:.0f} ms",
        page / jinja,
        ">= 0.5x, p95 <= 2x",
        page / jinja >= 0.5 and p95_ratio <= 2,
        max(peaks) / 1024 if peaks else None,
        p95_ratio=round(p95_ratio, 3),
    )


if __name__ == "__main__":
    main()
