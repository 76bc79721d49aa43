"""The import commands: organisations, mergers and respondents, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from peiling.cli import cli, main
from peiling.models import Contact, Merger, Organisation

FIXTURES = Path(__file__).parents[1] / "models" / "import_fixtures"


def count(session, model) -> int:
    session.rollback()  # see what the command committed
    return session.scalar(select(func.count()).select_from(model))


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result.output


def run_main(capsys, *args: str) -> tuple[int, str]:
    """Run the CLI as the console script does; return the exit code and standard error."""
    with pytest.raises(SystemExit) as exit_info:
        main([str(arg) for arg in args])
    return exit_info.value.code, capsys.readouterr().err


def test_the_real_reference_data_is_imported_once(db_session, shared_data):
    first = run("organisations", "import", shared_data / "gemeenten_2024.csv")
    assert first == "Imported gemeenten_2024.csv: 342 added, 0 updated, 0 unchanged.\n"
    again = run("organisations", "import", shared_data / "gemeenten_2024.csv")
    assert "0 added, 0 updated, 342 unchanged" in again
    mergers = run("organisations", "mergers", shared_data / "herindelingen.csv")
    assert "63 added, 0 updated, 0 unchanged; 63 organisation(s) created" in mergers
    assert count(db_session, Organisation) == 342 + 63
    assert count(db_session, Merger) == 63


def test_respondents_are_imported_and_a_second_import_changes_nothing(db_session):
    run("organisations", "import", FIXTURES / "municipalities.csv")
    run("organisations", "mergers", FIXTURES / "mergers.csv")
    first = run("respondents", "import", FIXTURES / "respondents.csv")
    assert "Imported respondents.csv: 3 added, 0 updated, 0 unchanged." in first
    assert "Contacts not in the file are left alone." in first
    again = run("respondents", "import", FIXTURES / "respondents.csv")
    assert "0 added, 0 updated, 3 unchanged" in again
    assert count(db_session, Contact) == 3


def test_a_dry_run_writes_nothing(db_session):
    run("organisations", "import", FIXTURES / "municipalities.csv")
    output = run("respondents", "import", "--dry-run", FIXTURES / "respondents.csv")
    assert "Dry run, nothing written. It would be: 3 added, 0 updated, 0 unchanged." in output
    assert count(db_session, Contact) == 0
    run("organisations", "import", "--dry-run", FIXTURES / "municipalities_english.csv")
    assert count(db_session, Organisation) == 4


def test_a_bad_file_lists_every_problem_and_exits_1_without_traceback(db_session, capsys):
    run("organisations", "import", FIXTURES / "municipalities.csv")
    run("organisations", "mergers", FIXTURES / "mergers.csv")
    code, err = run_main(capsys, "respondents", "import", FIXTURES / "respondents_bad.csv")
    assert code == 1
    assert "Traceback" not in err
    assert err.startswith("Error: respondents_bad.csv: 7 problems, nothing imported\n")
    assert "respondents_bad.csv, row 4, column email: 's.bakker@@amsterdam.example'" in err
    assert "row 6, column organisation_code: GM0081 (Leeuwarderadeel) was merged into" in err
    assert count(db_session, Contact) == 0


def test_a_bad_organisation_list_imports_nothing(db_session, capsys):
    code, err = run_main(capsys, "organisations", "import", FIXTURES / "municipalities_bad.csv")
    assert code == 1
    assert "Traceback" not in err
    assert "municipalities_bad.csv, row 7, column code: GM0014 appears twice" in err
    assert count(db_session, Organisation) == 0


def test_a_file_that_is_not_utf8_gets_one_message(db_session, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_bytes("organisation_code;name;email;role\nGM0080;Frysl\u00e2n".encode("cp1252"))
    code, err = run_main(capsys, "respondents", "import", path)
    assert code == 1
    assert "contacts.csv: not UTF-8 text (byte 0xE2 on line 2)" in err
    assert "Traceback" not in err


def test_the_help_says_what_happens_to_contacts_not_in_the_file():
    result = CliRunner().invoke(cli, ["respondents", "import", "--help"])
    assert result.exit_code == 0
    assert "Contacts that are not in the file are left alone." in result.output
    assert "--dry-run" in result.output
