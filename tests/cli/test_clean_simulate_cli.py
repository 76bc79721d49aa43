"""`peiling simulate`, `peiling clean` and `peiling questionnaire diff` from the command line."""

from __future__ import annotations

import pytest

from peiling.cli import main
from peiling.questionnaires import shipped

QUESTIONNAIRES = shipped.FOLDER


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_then_clean_a_wave(capsys, settings, engine):
    code, out, err = run(capsys, "simulate", "--waves", "2025,2026", "--organisations", "6")
    assert code == 0, err
    assert "Wave 2025 (version 2025)" in out and "Wave 2026 (version 2026)" in out
    code, out, err = run(capsys, "clean", "2025", "--division", "historical")
    assert code == 0, err
    assert "| responses_counted |" in out and "division: historical" in out
    assert (
        settings.data_path / "cleaned/ess-behoeftepeiling/2025/report-historical.json"
    ).is_file()
    code, out, err = run(capsys, "simulate", "--waves", "2025", "--organisations", "6")
    assert "Left alone (exist already): 2025" in out
    code, out, err = run(capsys, "questionnaire", "diff", "2025", "2026")
    assert code == 0, err
    assert "ess-behoeftepeiling: 2025 -> 2026" in out


def test_cleaning_an_unknown_wave_is_one_clear_error(capsys, settings, engine):
    code, out, err = run(capsys, "clean", "1999", "--survey", "ess-behoeftepeiling")
    assert code == 1
    assert err.startswith("Error: no wave '1999'") and "Traceback" not in err
    code, out, err = run(capsys, "clean", "1999")
    assert code == 1
    assert "name the survey with --survey (none is stored" in err and "Traceback" not in err


def test_diff_prints_a_line_per_item(capsys):
    code, out, err = run(
        capsys,
        "questionnaire",
        "diff",
        str(QUESTIONNAIRES / "ess-2025.yaml"),
        str(QUESTIONNAIRES / "ess-2026.yaml"),
    )
    assert code == 0, err
    assert "ess-behoeftepeiling: 2025 -> 2026" in out
    line = next(x for x in out.splitlines() if x.startswith("thema_leeft.polarisatie "))
    assert "rescaled" in line and "3->4" in line
    assert any(x.startswith("steun_kanalen ") and "dropped" in x for x in out.splitlines())


@pytest.mark.parametrize("name", ["ess-2025.yaml", "ess-2026.yaml"])
def test_the_shipped_versions_pass_the_check(capsys, name):
    code, out, err = run(capsys, "questionnaire", "check", str(QUESTIONNAIRES / name))
    assert code == 0, err
