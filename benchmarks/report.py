"""Print the results of `make bench` as one table: benchmark, figure, baseline, ratio, goal.

    python benchmarks/report.py RESULTS.jsonl [--markdown]

RESULTS.jsonl holds one JSON line per result, written by the benchmarks (benchmarks/common.py:
emit) when PEILING_BENCH_RESULTS names the file.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from common import machine

COLUMNS = ["benchmark", "figure", "baseline", "ratio", "goal", "met", "peak memory"]


def cells(row: dict) -> list[str]:
    """Return a result's cells in table order."""
    ratio = "-" if row.get("ratio") is None else f"{row['ratio']:.2f}x"
    if row.get("cpu_ratio") is not None:
        ratio += f" (CPU {row['cpu_ratio']:.2f}x)"
    peak = "-" if row.get("peak_mib") is None else f"{row['peak_mib']} MiB"
    met = "met" if row["met"] else "NOT met"
    return [row["benchmark"], row["figure"], row["baseline"], ratio, row["goal"], met, peak]


def table(rows: list[dict], markdown: bool) -> str:
    """Return the results as a Markdown table, or as aligned plain text."""
    body = [cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
        lines += ["| " + " | ".join(line) + " |" for line in body]
        return "\n".join(lines)
    widths = [max(len(x) for x in column) for column in zip(COLUMNS, *body, strict=True)]
    return "\n".join(
        "  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True))
        for line in [COLUMNS, *body]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    lines = args.results.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    loads = [row["load"] for row in rows if "load" in row]
    print(f"{datetime.now(UTC):%Y-%m-%d}, {machine()}", end="")
    print(f", load average {min(loads):.1f}-{max(loads):.1f}" if loads else "")
    print(table(rows, args.markdown))
    missed = sum(not row["met"] for row in rows)
    print(f"{len(rows) - missed} of {len(rows)} goals met")


if __name__ == "__main__":
    main()
