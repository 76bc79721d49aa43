"""The floors stay apart and no module imports itself round a cycle (read from the source)."""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _folders() -> dict[str, str]:
    """Read the folder map from setup.py (running it would run setuptools)."""
    for node in ast.parse((ROOT / "setup.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "FOLDERS":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no FOLDERS")


FOLDERS = _folders()

# What each folder may import of peiling (besides itself and the ground floor, `peiling/`).
ALLOWED = {
    "questionnaires": set(),
    "models": {"questionnaires"},
    "importers": {"models", "questionnaires"},
    "mailing": {"models", "questionnaires"},
    "cleaning": {"models", "questionnaires"},
    "exports": {"models", "questionnaires", "cleaning"},
    "webforms": {"models", "questionnaires", "importers", "mailing", "exports"},
    "simulation": {"models", "questionnaires", "importers", "cleaning", "mailing"},
    "flows": {"models", "questionnaires", "importers", "mailing", "cleaning", "exports"},
}
# Libraries a floor must not reach for: the questionnaire language is plain data.
FORBIDDEN_LIBRARIES = {
    "ground": {"sqlalchemy", "flask", "wtforms", "prefect", "pandas"},
    "questionnaires": {"sqlalchemy", "flask", "wtforms", "prefect", "pandas", "alembic"},
    "models": {"flask", "wtforms", "prefect", "werkzeug"},
    "cleaning": {"flask", "wtforms", "prefect"},
    "exports": {"flask", "wtforms", "prefect"},
    "mailing": {"flask", "wtforms"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for name, folder in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts]
            parts = [p for p in parts if p != "__init__"]
            found[".".join([name, *parts])] = path
    return found


MODULES = _modules()


def floor(module: str) -> str:
    """Return the top-level folder a module lives in, or 'ground' for peiling/ itself."""
    parts = module.split(".")
    if len(parts) > 1 and f"peiling.{parts[1]}" in FOLDERS:
        return parts[1]
    return "ground"


def imports(module: str) -> tuple[set[str], set[str]]:
    """Return the peiling modules and the outside libraries a module imports (anywhere in it)."""
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names
            ]
        else:
            continue
        for name in names:
            if name.split(".")[0] != "peiling":
                outside.add(name.split(".")[0])
                continue
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                inside.add(name)
    return inside, outside


@functools.cache
def graph() -> dict[str, tuple[set[str], set[str]]]:
    """Each module's imports (see imports), worked out when a test first asks: not on every
    test process that only collects this file."""
    return {module: imports(module) for module in MODULES}


def test_every_folder_imports_only_the_floors_below_it():
    wrong = []
    for module, (inside, _) in graph().items():
        here = floor(module)
        if here in ("cli", "ground"):
            continue
        for target in inside:
            there = floor(target)
            if there not in ("ground", here) and there not in ALLOWED[here]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_ground_floor_imports_nothing_above_it():
    wrong = [
        f"{module} imports {target}"
        for module, (inside, _) in graph().items()
        if floor(module) == "ground"
        for target in inside
        if floor(target) != "ground"
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("here", sorted(FORBIDDEN_LIBRARIES))
def test_a_floor_uses_no_library_of_the_floors_above(here):
    wrong = [
        f"{module} imports {library}"
        for module, (_, outside) in graph().items()
        if floor(module) == here
        for library in outside & FORBIDDEN_LIBRARIES[here]
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    edges = {module: inside for module, (inside, _) in graph().items()}
    cycles = _strongly_connected(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(sorted(c)) for c in cycles)


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the groups of modules that import each other round a cycle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def test_the_example_of_a_cycle_is_found():
    assert _strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["b", "a"]]
    assert _strongly_connected({"a": {"b"}, "b": set()}) == []


def test_a_web_process_starts_without_the_data_libraries(tmp_path):
    """Every web process builds the app; pandas and numpy load where data is read (exports,
    cleaning, imports), not in each process that serves a page."""
    code = (
        "import sys; from peiling.webforms import create_app; create_app(); "
        "print(sorted({'pandas', 'numpy', 'openpyxl', 'xlsxwriter'} & set(sys.modules)))"
    )
    env = {**os.environ, "PEILING_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
