"""Benchmark: one send of N invitations fanned out over 1, 2 and 4 process workers.

A real Prefect server (temporary, on loopback) with the `send-partition/partition` deployment of
prefect.yaml; W workers (`prefect worker start --limit 1`, one partition at a time each); a local
SMTP sink (aiosmtpd in its own process) that takes DELAY seconds per message. For each W, a
fresh open wave of N invitations is sent by send_invitations(partitions=P) run in this process;
its partitions run on whichever worker takes them. Prints the wall time, messages per second
and the sink's own check that every contact got exactly one message.

    python benchmarks/fanout.py [--contacts 20000] [--workers 1,2,4] [--partitions 4]
        [--delay 0.02] [--database-url postgresql+psycopg://...]   (PostgreSQL recommended)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit
from mail import WAVES, free_port, seed

PREFECT = Path(sys.executable).with_name("prefect")
ROOT = Path(__file__).resolve().parents[1]

SINK = """
import asyncio, collections, sys
from aiosmtpd.controller import Controller
delay = float(sys.argv[2])
seen = collections.Counter()
class Sink:
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(delay)
        seen.update(envelope.rcpt_tos)
        return "250 2.0.0 Ok"
c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
for line in sys.stdin:
    print(len(seen), sum(seen.values()), max(seen.values(), default=0), flush=True)
    seen.clear()
c.stop()
"""


def _prefect(args, env):
    subprocess.run([str(PREFECT), *args], env=env, cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.02)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    home = Path(tempfile.mkdtemp(prefix="peiling-fanout-"))
    url = args.database_url or f"sqlite:///{home / 'bench.sqlite3'}"
    port, smtp_port = free_port(), free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # the pull step runs `python -m pip`: the workers' python must be this one
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    os.environ.update(
        PREFECT_API_URL=api,
        PEILING_DATABASE_URL=url,
        PEILING_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        PEILING_SECRET_KEY="bench-secret-key",
    )
    processes: list[subprocess.Popen] = []
    workers: list[subprocess.Popen] = []
    log = open(home / "server.log", "wb")  # noqa: SIM115 - the benchmark's lifetime
    processes.append(
        subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    )
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(smtp_port), str(args.delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    try:
        for _ in range(240):
            try:
                if httpx.get(api + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        _prefect(["work-pool", "create", "peiling", "--type", "process"], env)
        secrets = {
            "peiling-database-url": url,
            "peiling-smtp-url": os.environ["PEILING_SMTP_URL"],
            "peiling-secret-key": "bench-secret-key",
        }
        save = (
            "import json,sys\nfrom prefect.blocks.system import Secret\n"
            "[Secret(value=v).save(k, overwrite=True) for k, v in json.loads(sys.argv[1]).items()]"
        )
        subprocess.run([sys.executable, "-c", save, json.dumps(secrets)], env=env, check=True)
        _prefect(["--no-prompt", "deploy", "--name", "partition"], env)
        survey = seed(url, args.contacts)  # three open waves: one per worker count
        rows = []
        for count, label in zip(counts, WAVES, strict=False):
            while len(workers) < count:
                wlog = open(home / f"worker-{len(workers)}.log", "wb")  # noqa: SIM115
                workers.append(
                    subprocess.Popen(
                        [str(PREFECT), "worker", "start", "--pool", "peiling", "--limit", "1"],
                        env={**env, "PREFECT_WORKER_QUERY_SECONDS": "1"},
                        cwd=home,
                        stdout=wlog,
                        stderr=subprocess.STDOUT,
                    )
                )
            time.sleep(5)
            from peiling.flows.mail import send_invitations

            started = time.perf_counter()
            summary = send_invitations(
                survey, label, batch_size=args.batch_size, partitions=args.partitions
            )
            took = time.perf_counter() - started
            sink.stdin.write("report\n")
            sink.stdin.flush()
            people, messages, most = (int(x) for x in sink.stdout.readline().split())
            rows.append((count, took, messages / took, people, messages, most, summary))
            print(
                f"{count} worker(s): {took:.1f} s, {messages / took:.0f} msg/s, "
                f"{people} people, {messages} messages, at most {most} each; {summary}",
                flush=True,
            )
        print("\n| workers | partitions | invitations | time | messages/s | at most per person |")
        print("| --- | --- | --- | --- | --- | --- |")
        for count, took, rate, _people, sent, most, _ in rows:
            n = args.partitions
            print(f"| {count} | {n} | {sent:,} | {took:.1f} s | {rate:.0f} | {most} |")
        count, _, rate, people, sent, most, _ = rows[-1]
        emit(
            f"fanout, {count} workers",
            f"{sent:,} messages at {rate:.0f}/s, at most {most} per person",
            f"1 worker {rows[0][2]:.0f}/s",
            rate / rows[0][2],
            "each person exactly one message",
            all(row[5] == 1 and row[3] == row[4] for row in rows),
        )
    finally:
        sink.stdin.close()
        for process in workers + processes:
            process.terminate()
        log.close()


if __name__ == "__main__":
    main()
