"""Benchmark: one send of N invitations fanned out over 1, 2 and 4 process workers.

A real Prefect server (temporary, on loopback) with the `send-partition/partition` deployment of
prefect.yaml; W workers (`prefect worker start --limit 1`, one partition at a time each); a local
SMTP sink (aiosmtpd in its own process) that takes DELAY seconds per message. For each W, a
fresh open wave of N invitations is sent by send_invitations(partitions=P) run in this process;
its partitions run on whichever worker takes them. Prints the wall time, messages per second
and the sink's own check that every contact got exactly one message.

Each send runs in a child process of its own, so its Prefect client hands in its logs and events
while the server is still up; the server, the workers (each in its own process group, with the
flow-run processes they started) and the sink are stopped at the end, and the benchmark exits.

    python benchmarks/fanout.py [--contacts 20000] [--workers 1,2,4] [--partitions 4]
        [--delay 0.02] [--database-url postgresql+psycopg://...]   (PostgreSQL recommended)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
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


SEND = """
import json, sys, time
from peiling.flows.mail import send_invitations
survey, label, batch_size, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
started = time.perf_counter()
summary = send_invitations(survey, label, batch_size=batch_size, partitions=partitions)
print(json.dumps({"took": time.perf_counter() - started, "summary": summary}), flush=True)
"""


def _prefect(args, env):
    subprocess.run([str(PREFECT), *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _start(args, env, log: Path, **kwargs) -> subprocess.Popen:
    """Start a process in a process group of its own, its output to a log file."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )


def _stop(process: subprocess.Popen) -> None:
    """Stop a process and everything it started: SIGTERM to its group, SIGKILL after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            os.killpg(process.pid, signal.SIGKILL)  # what the group leader left behind
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


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
    os.environ.update(
        PREFECT_API_URL=api,
        PEILING_DATABASE_URL=url,
        PEILING_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        PEILING_SECRET_KEY="bench-secret-key",
    )
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # the pull step runs `python -m pip`: the workers' python must be this one
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    processes: list[subprocess.Popen] = []
    processes.append(
        _start(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env,
            home / "server.log",
        )
    )
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(smtp_port), str(args.delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    processes.append(sink)
    assert sink.stdout.readline().strip() == "ready"
    workers = 0
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
            while workers < count:
                processes.append(
                    _start(
                        [str(PREFECT), "worker", "start", "--pool", "peiling", "--limit", "1"],
                        {**env, "PREFECT_WORKER_QUERY_SECONDS": "1"},
                        home / f"worker-{workers}.log",
                        cwd=home,
                    )
                )
                workers += 1
            time.sleep(5)
            send = [sys.executable, "-c", SEND, survey, label, str(args.batch_size)]
            send.append(str(args.partitions))
            done = subprocess.run(send, env=env, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"the send with {count} worker(s) failed:\n{done.stderr[-4000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            took, summary = result["took"], result["summary"]
            sink.stdin.write("report\n")
            sink.stdin.flush()
            people, messages, most = (int(x) for x in sink.stdout.readline().split())
            rows.append((count, took, messages / took, people, messages, most, summary))
            print(
                f"{count} worker(s): {took:.1f} s, {messages / took:.1f} msg/s, "
                f"{people} people, {messages} messages, at most {most} each; {summary}",
                flush=True,
            )
        print("\n| workers | partitions | invitations | time | messages/s | at most per person |")
        print("| --- | --- | --- | --- | --- | --- |")
        for count, took, rate, _people, sent, most, _ in rows:
            n = args.partitions
            print(f"| {count} | {n} | {sent:,} | {took:.1f} s | {rate:.1f} | {most} |")
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
        for process in reversed(processes):  # workers first, the server last
            _stop(process)


if __name__ == "__main__":
    main()
