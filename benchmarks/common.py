"""What the benchmarks share: a result line for `make bench`, and a throwaway PostgreSQL database.

Each benchmark calls emit() once per figure; when PEILING_BENCH_RESULTS names a file, the result
is appended to it as one JSON line, and benchmarks/report.py turns the lines into one table.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import uuid
from datetime import UTC, datetime

RESULTS = "PEILING_BENCH_RESULTS"
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def emit(
    benchmark: str,
    figure: str,
    baseline: str,
    ratio: float | None,
    goal: str,
    met: bool,
    peak_mib: float | None = None,
    **details,
) -> dict:
    """Record one benchmark result (printed, and appended to the results file when set)."""
    row = {
        "benchmark": benchmark,
        "figure": figure,
        "baseline": baseline,
        "ratio": None if ratio is None else round(ratio, 3),
        "goal": goal,
        "met": bool(met),
        "peak_mib": None if peak_mib is None else round(peak_mib),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "load": round(os.getloadavg()[0], 1),
        **details,
    }
    path = os.environ.get(RESULTS)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
    return row


def peak_mib() -> float:
    """Return this process's peak resident memory in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """Describe this machine without naming it: cores, memory, system, Python."""
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(info.readline().split()[1])
        memory = f", {kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = ""
    return (
        f"{os.cpu_count()} cores{memory}, {platform.system()}, Python {platform.python_version()}"
    )


def create_postgres(admin_url: str, prefix: str, keep_name: str | None = None):
    """Create a PostgreSQL database; return its URL and a function that drops it (or None).

    With keep_name the database keeps that name, is reused when it exists, and stays.
    """
    from sqlalchemy import make_url, text

    from peiling.models.db import make_engine

    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = keep_name or f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    if keep_name:
        admin.dispose()
        return url, None

    def drop() -> None:
        from peiling.models.db import engine_for

        engine_for.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop
