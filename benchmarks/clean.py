"""Benchmark: clean 5 waves of ~20,000 responses (--large: 10 x 50,000) on SQLite and PostgreSQL.

Baseline, measured in the same run: loading the same raw response rows from the database into
a DataFrame (the work that cannot be avoided). Cleaning is everything `clean_wave` does: the
load, the joins, every rule, harmonisation to the newest version and the division, for all
waves in one go (`iter_clean_waves`: organisations and versions read once). Each phase
runs in a fresh process so that its peak memory (max RSS) is its own; baseline and cleaning
alternate three times and the median of each counts, so that a busy moment on a shared
machine hits both alike. CPU time of the measuring process is reported beside wall time.

    python benchmarks/clean.py                      # SQLite and PostgreSQL, default size
    python benchmarks/clean.py --large --backends sqlite
    python benchmarks/clean.py --postgres-url postgresql+psycopg://user@host/postgres

The PostgreSQL database is created for the run and dropped afterwards. Goal: cleaning within
2x the bare load; peak memory under 1 GiB (2 GiB with --large).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import POSTGRES_ADMIN_URL, create_postgres, emit, peak_mib

from peiling.vocabulary import DEFAULT_SURVEY

ROOT = Path(__file__).resolve().parents[1]

CONTACTS_PER_ORG = (1 * 3 + 2 * 4 + 3 * 2) / 9


def organisations_for(responses: int, seed: int) -> int:
    """Return how many synthetic municipalities give about this many responses per wave."""
    from peiling.cleaning.dataset import size_class
    from peiling.simulation.panel import synthetic_list
    from peiling.simulation.plan import RESPONSE_RATES

    sample = synthetic_list(2000, seed)
    rate = sum(RESPONSE_RATES.get(size_class(o["population"]), 0.6) for o in sample) / 2000
    return max(1, round(responses / (rate * CONTACTS_PER_ORG * 1.02)))


def labels_for(waves: int) -> list[str]:
    """Return wave labels ending in 2026 (the newest questionnaire version)."""
    return [str(2026 - waves + 1 + i) for i in range(waves)]


def phase_simulate(url: str, waves: int, responses: int, seed: int) -> dict:
    """Create the schema and simulate the panel and waves (fast path)."""
    from sqlalchemy import func, select

    from peiling.models.db import make_engine, session_factory
    from peiling.models.migrate import upgrade
    from peiling.models.response import Response
    from peiling.simulation import simulate_history

    upgrade(url)
    engine = make_engine(url)
    count = organisations_for(responses, seed)
    started = time.perf_counter()
    with session_factory(engine)() as session:
        result = simulate_history(
            session,
            secret_key="benchmark",
            labels=labels_for(waves),
            organisations=count,
            seed=seed,
            fast=True,
        )
        session.commit()
        responses = session.scalar(select(func.count(Response.id)))
    engine.dispose()
    return {
        "organisations": count,
        "responses": responses,
        "simulated": len(result.waves),
        "seconds": time.perf_counter() - started,
    }


def phase_baseline(url: str, waves: int) -> dict:
    """Load every wave's raw response rows into a DataFrame: the bare work."""
    import pandas as pd
    from sqlalchemy import select

    from peiling.cleaning.raw import RAW_RESPONSE_COLUMNS
    from peiling.models.db import make_engine, session_factory
    from peiling.models.response import Response
    from peiling.models.wave_lifecycle import get_wave

    engine = make_engine(url)
    with session_factory(engine)() as session:
        wave_ids = [get_wave(session, DEFAULT_SURVEY, label).id for label in labels_for(waves)]
        session.rollback()
        started, cpu = time.perf_counter(), time.process_time()
        rows = 0
        for wave_id in wave_ids:
            result = session.connection().execute(
                select(*RAW_RESPONSE_COLUMNS).where(Response.wave_id == wave_id)
            )
            frame = pd.DataFrame.from_records([tuple(row) for row in result])
            rows += len(frame)
            del frame
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "peak_mib": peak_mib()}


def phase_clean(url: str, waves: int) -> dict:
    """Clean every wave into the newest version's keys and codes."""
    from peiling.cleaning.wave import iter_clean_waves
    from peiling.models.db import make_engine, session_factory
    from peiling.models.wave_lifecycle import get_wave

    engine = make_engine(url)
    with session_factory(engine)() as session:
        waves_ = [get_wave(session, DEFAULT_SURVEY, label) for label in labels_for(waves)]
        _ = [w.questionnaire_version.checksum for w in waves_]
        started, cpu = time.perf_counter(), time.process_time()
        kept = sum(len(cleaned.data) for cleaned in iter_clean_waves(session, waves_))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu, "kept": kept, "peak_mib": peak_mib()}


def run_phase(name: str, url: str, args) -> dict:
    """Run one phase in a fresh Python process and return its JSON result."""
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--url",
        url,
        "--waves",
        str(args.waves),
        "--responses",
        str(args.responses),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"phase {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(backend: str, args, folder: Path) -> None:
    """Simulate, then measure baseline and cleaning on one backend, and print the figures."""
    drop = None
    size = f"{args.waves}x{args.responses}"
    if backend == "sqlite":
        where = Path(args.keep) if args.keep else folder
        url = f"sqlite:///{where / f'bench-{size}.sqlite3'}"
    else:
        keep_name = f"peiling_bench_{size}" if args.keep else None
        url, drop = create_postgres(args.postgres_url, "peiling_bench", keep_name)
    try:
        made = run_phase("simulate", url, args)
        run_phase("baseline", url, args)  # warm the database's cache; not counted
        bases, cleans = [], []
        for _ in range(args.repeat):  # alternate, and take the median of each
            bases.append(run_phase("baseline", url, args))
            cleans.append(run_phase("clean", url, args))
    finally:
        if drop is not None:
            drop()
    base = {k: statistics.median(r[k] for r in bases) for k in ("seconds", "cpu", "peak_mib")}
    clean = {k: statistics.median(r[k] for r in cleans) for k in ("seconds", "cpu")}
    clean["peak_mib"] = max(r["peak_mib"] for r in cleans)
    clean["kept"] = cleans[0]["kept"]
    ratio = clean["seconds"] / base["seconds"]
    how = f"simulated in {made['seconds']:.0f} s" if made["simulated"] else "kept from before"
    print(
        f"{backend:10} {args.waves} waves, {made['responses']:,} responses "
        f"({made['organisations']:,} municipalities; {how})"
    )
    print(
        f"{'':10} baseline load {base['seconds']:.2f} s (peak {base['peak_mib']:.0f} MiB); "
        f"cleaning {clean['seconds']:.2f} s (peak {clean['peak_mib']:.0f} MiB, "
        f"{clean['kept']:,} responses kept)"
    )
    cpu_ratio = clean["cpu"] / base["cpu"]
    print(
        f"{'':10} CPU time of this process: baseline {base['cpu']:.2f} s, "
        f"cleaning {clean['cpu']:.2f} s, ratio {cpu_ratio:.2f}x"
    )
    limit = 2048 if args.large else 1024
    print(
        f"{'':10} ratio {ratio:.2f}x (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'}); "
        f"peak memory goal < {limit} MiB: {'met' if clean['peak_mib'] < limit else 'NOT met'}"
    )
    emit(
        f"clean, {'PostgreSQL' if backend == 'postgresql' else 'SQLite'}",
        f"{args.waves} waves, {made['responses']:,} responses: {clean['seconds']:.2f} s "
        f"({clean['cpu']:.2f} s CPU)",
        f"bare load {base['seconds']:.2f} s ({base['cpu']:.2f} s CPU)",
        ratio,
        f"<= 2x, < {limit // 1024} GiB",
        ratio <= 2 and clean["peak_mib"] < limit,
        clean["peak_mib"],
        cpu_ratio=round(cpu_ratio, 3),
        repeats=args.repeat,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="10 waves of 50,000 responses")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default=POSTGRES_ADMIN_URL,
        help="an administrative connection; a database is created and dropped for the run",
    )
    parser.add_argument("--waves", type=int, default=None)
    parser.add_argument("--responses", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each phase; the median counts"
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the simulated databases (SQLite in DIR, PostgreSQL by name) and reuse them",
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.waves = args.waves or (10 if args.large else 5)
    args.responses = args.responses or (50_000 if args.large else 20_000)
    if args.phase:
        phases = {
            "simulate": lambda: phase_simulate(args.url, args.waves, args.responses, args.seed),
            "baseline": lambda: phase_baseline(args.url, args.waves),
            "clean": lambda: phase_clean(args.url, args.waves),
        }
        print(json.dumps(phases[args.phase]()))
        return
    with tempfile.TemporaryDirectory() as folder:
        for backend in args.backends.split(","):
            bench(backend.strip(), args, Path(folder))


if __name__ == "__main__":
    main()
