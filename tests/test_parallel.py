"""`make test` runs in parallel: the costly modules must each stay on one worker."""

import os
import subprocess
from pathlib import Path

from tests.conftest import SHARED_FIXTURES, SHARED_SET_UP, XDIST_WORKER

ROOT = Path(__file__).resolve().parents[1]


def test_the_tests_of_each_costly_module_are_sent_to_one_worker(request):
    """Under `--dist loadgroup` a grouped test's id ends in its group (pytest-xdist's mark).

    pytest 9.2 changed how ids are kept and pytest-xdist 3.8's suffix was silently lost: the
    tests of tests/flows/test_deployments.py and tests/packaging/test_wheel.py then went to any
    worker, each repeating the module's set-up (a Prefect server, a built wheel).
    """
    grouped = [
        i
        for i in request.session.items
        if i.nodeid.split("@")[0].split("::")[0] in SHARED_SET_UP
        or set(SHARED_FIXTURES) & set(getattr(i, "fixturenames", ()))
    ]
    if XDIST_WORKER and request.config.getvalue("loadgroup"):
        lost = [i.nodeid for i in grouped if "@" not in i.nodeid]
        assert not lost, f"--dist loadgroup does not group {lost[:3]}: see pyproject.toml"
    assert all(i.get_closest_marker("xdist_group") for i in grouped)


def test_make_test_keeps_compiled_modules_whatever_the_environment_says():
    """Each worker and each process a test starts reuses the bytecode the first one wrote."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    printed = subprocess.run(
        ["make", "-n", "test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [command] = [line for line in printed.splitlines() if "-m pytest" in line]
    assert command.startswith("PYTHONDONTWRITEBYTECODE= "), command
