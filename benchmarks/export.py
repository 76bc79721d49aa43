"""Benchmark the trend workbook against writing the same cells with bare xlsxwriter.

    python benchmarks/export.py [--large] [--questionnaires FOLDER] [--seed N]

Builds seeded synthetic cleaned waves (5 waves of 10,000 responses; --large: 10 of 50,000),
then, each in a child process: (1) the full export (statistics, trend sheets, charts, formats,
data sheets), in a fresh interpreter that first builds the same seeded input (its peak memory
includes that input), (2) the baseline: the same cell values, prepared beforehand, written
row by row with xlsxwriter in constant-memory mode and nothing else. Prints both times, the
ratio and the peak memory (RSS) of each child.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from common import emit

from peiling.questionnaires import shipped

ROOT = Path(__file__).resolve().parents[1]


def build(folder: Path, waves: int, responses: int, seed: int):
    """Return the synthetic trend input: all but the last wave in the older version."""
    from peiling.exports.synthetic import synthetic_input
    from peiling.questionnaires import parse_questionnaire

    versions = {}
    for path in sorted(folder.glob("ess-*.yaml")):
        questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
        versions[questionnaire.version] = questionnaire
    names = sorted(versions)
    first = 2026 - waves + 1
    plan = [(str(first + i), names[0] if i < waves - 1 else names[-1]) for i in range(waves)]
    # with the organisation list the waves were drawn from: the default, weighted figures
    return synthetic_input(versions, plan, responses, seed=seed)


def run_export(folder, waves, responses, seed, path, queue) -> None:
    """Build the same seeded input in this fresh process, then time the export of it."""
    from peiling.exports.options import ExportOptions
    from peiling.exports.xlsx.workbook import write_trend_workbook

    source = build(folder, waves, responses, seed)
    start, cpu = time.perf_counter(), time.process_time()
    result = write_trend_workbook(source, path, ExportOptions())  # the tables
    micro = Path(path).with_suffix(".micro.xlsx")  # and the row-level data, a separate file
    write_trend_workbook(source, micro, ExportOptions(microdata=True))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = Path(path).stat().st_size + micro.stat().st_size
    queue.put((seconds, cpu, _peak_mib(), result.rows, size))


def captured_cells(source, folder: Path):
    """Return every sheet's rows as the export writes them (summary sheets recorded, data built)."""
    from xlsxwriter.worksheet import Worksheet

    from peiling.exports.disclosure import data_variables, protect_frame
    from peiling.exports.options import ExportOptions
    from peiling.exports.variables import wide_frame
    from peiling.exports.xlsx import workbook as workbook_module
    from peiling.exports.xlsx.data import _column_values, _kind

    cells: dict[str, dict[int, dict[int, object]]] = {}
    names = ("write_string", "write_number", "write_boolean", "write_datetime", "write")
    originals = {name: getattr(Worksheet, name) for name in names}

    def recorder(name):
        def record(self, row, col, value, *rest):
            cells.setdefault(self.name, {}).setdefault(row, {})[col] = value
            return originals[name](self, row, col, value, *rest)

        return record

    for name in names:
        setattr(Worksheet, name, recorder(name))
    try:
        workbook_module.write_trend_workbook(source, folder / "capture.xlsx", ExportOptions())
    finally:
        for name, method in originals.items():
            setattr(Worksheet, name, method)
    sheets = []
    for sheet, rows in cells.items():
        last = max(rows)
        table = []
        for number in range(last + 1):
            row = rows.get(number, {})
            table.append([row.get(col) for col in range(max(row) + 1)] if row else [])
        sheets.append((sheet, table))
    items = data_variables(source)
    by_name = {item.name: item for item in items}
    for wave in source.waves:
        frame = protect_frame(wide_frame(wave.data, items), ExportOptions())
        columns = [_column_values(frame[n], _kind(n, frame[n], by_name.get(n))) for n in frame]
        rows = [list(frame.columns)] + [list(r) for r in zip(*columns, strict=True)]
        sheets.insert(-1, (f"Data {wave.label}", rows))
    return sheets


def run_baseline(sheets, path, queue) -> None:
    import xlsxwriter

    start, cpu = time.perf_counter(), time.process_time()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, rows in sheets:
        sheet = workbook.add_worksheet(name)
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
    workbook.close()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put((seconds, cpu, _peak_mib(), 0, Path(path).stat().st_size))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(target, *args, start_method="fork"):
    context = multiprocessing.get_context(start_method)
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="10 waves of 50,000 responses")
    parser.add_argument("--questionnaires", type=Path, default=shipped.FOLDER)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--responses", type=int, help="responses per wave (default 10,000)")
    args = parser.parse_args()
    waves, responses = (10, 50_000) if args.large else (5, 10_000)
    responses = args.responses or responses
    print(f"Building {waves} synthetic waves of {responses:,} responses ...", flush=True)
    source = build(args.questionnaires, waves, responses, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheets = captured_cells(source, folder)
        cells = sum(sum(1 for v in row if v is not None) for _, rows in sheets for row in rows)
        print(f"Cells per workbook: {cells:,} in {len(sheets)} sheets", flush=True)
        base = _in_child(run_baseline, sheets, folder / "base.xlsx")
        del sheets, source
        # The export runs in a fresh interpreter: this process has used svy (polars) for the
        # weights above, and polars' thread pool does not survive a fork.
        ours = _in_child(
            run_export,
            args.questionnaires,
            waves,
            responses,
            args.seed,
            folder / "export.xlsx",
            start_method="spawn",
        )
    for name, (wall, cpu, peak, _rows, size) in (
        ("baseline: xlsxwriter constant_memory, same cells", base),
        ("peiling export: stats, trend sheets, charts", ours),
    ):
        print(
            f"{name:50s} {wall:7.2f} s wall {cpu:7.2f} s CPU  peak RSS {peak:6.0f} MiB  "
            f"file {size / 2**20:5.1f} MiB"
        )
    print(
        f"ratio export / baseline: {ours[0] / base[0]:.2f}x wall, {ours[1] / base[1]:.2f}x CPU "
        "(goal: within 1.3x)"
    )
    emit(
        "export",
        f"{waves} x {responses:,} responses, {cells:,} cells: {ours[1]:.1f} s CPU "
        f"({ours[0]:.1f} s wall, {ours[0] / base[0]:.2f}x)",
        f"bare xlsxwriter {base[1]:.1f} s CPU ({base[0]:.1f} s wall)",
        ours[1] / base[1],
        "<= 1.3x CPU, < 1 GiB",
        ours[1] / base[1] <= 1.3 and ours[2] < 1024,
        ours[2],
    )


if __name__ == "__main__":
    main()
