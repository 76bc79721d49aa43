"""The built wheel works on its own: installed outside the checkout, with its data, as peiling.*."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, env: dict, timeout: int = 600) -> str:
    """Run a command; fail the test with its output when it does not succeed."""
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """Build the wheel, install it into a fresh venv outside the checkout; return bin and env."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEILING_", "PYTHON"))}
    # Build from a copy: setuptools leaves build/ behind, and stale files there reach later wheels.
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", "var", "build", ".git", "__pycache__", "*.egg-info"),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    require_tool(built.returncode == 0, f"a wheel build (pip wheel said: {built.stderr[-500:]})")
    wheel = next(work.glob("peiling-*.whl"))
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], work, env)
    # The dependencies come from this environment's site-packages (its own .pth files, among
    # them the editable install of the checkout, are not read from there); peiling from the wheel.
    site = Path(
        run(
            [str(venv / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
            work,
            env,
        ).strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        work,
        env,
    )
    env["PEILING_DATA_DIR"] = str(work / "data")
    return venv / "bin", env


def test_the_wheel_installs_only_the_peiling_import_root(installed, tmp_path):
    bin_dir, env = installed
    for bare in ("models", "flows", "webforms", "exports", "cleaning", "mailing", "simulation"):
        done = subprocess.run(
            [str(bin_dir / "python"), "-c", f"import {bare}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, bare
    where = run(
        [str(bin_dir / "python"), "-c", "import peiling.models as m; print(m.__file__)"],
        tmp_path,
        env,
    )
    assert str(ROOT) not in where and "site-packages" in where


def test_the_installed_command_runs_a_wave_from_questionnaire_to_export(installed, tmp_path):
    bin_dir, env = installed
    peiling = str(bin_dir / "peiling")
    shipped = run(
        [
            str(bin_dir / "python"),
            "-c",
            "from peiling.questionnaires.shipped import shipped_files as f; print(*f(), sep='\\n')",
        ],
        tmp_path,
        env,
    ).split()
    assert [Path(p).name for p in shipped] == ["ess-2025.yaml", "ess-2026.yaml"]
    assert run([peiling, "questionnaire", "check", *shipped], tmp_path, env).startswith("OK: ")
    run([peiling, "db", "upgrade"], tmp_path, env)
    out = run([peiling, "simulate", "--waves", "2025,2026", "--organisations", "12"], tmp_path, env)
    assert "Wave 2026" in out
    run([peiling, "clean", "2026"], tmp_path, env)
    target = tmp_path / "trends.xlsx"
    run([peiling, "export", "trends", "--waves", "2025,2026", "--out", str(target)], tmp_path, env)
    assert target.stat().st_size > 10_000
    from openpyxl import load_workbook

    sheets = load_workbook(target, read_only=True).sheetnames
    assert "Trends" in sheets and "Codeboek" in sheets


def test_the_wheel_ships_the_compiled_text_catalogs(installed, tmp_path):
    bin_dir, env = installed
    code = (
        "from peiling.webforms.i18n import TRANSLATIONS, translate as t;"
        "print(t('welcome_title', 'en'), t('welcome_title', 'nl'), TRANSLATIONS)"
    )
    out = run([str(bin_dir / "python"), "-c", code], tmp_path, env).split()
    assert out[:2] == ["Welcome", "Welkom"]
    assert str(ROOT) not in out[2] and "site-packages" in out[2]
