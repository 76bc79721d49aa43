"""The command line: help, settings, schema, and errors without tracebacks."""

import subprocess
import sys

from click.testing import CliRunner

from peiling.cli import cli, main


def test_help_lists_the_command_groups():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for group in ("settings", "db", "questionnaire", "organisations", "respondents", "serve"):
        assert group in result.output


def test_settings_masks_the_smtp_password(monkeypatch):
    monkeypatch.setenv("PEILING_SMTP_URL", "smtps://ess:geheim123@mail.example.nl:465")
    from peiling import settings

    settings.reset()
    try:
        result = CliRunner().invoke(cli, ["settings"])
    finally:
        settings.reset()
    assert result.exit_code == 0
    assert "mail.example.nl" in result.output
    assert "geheim123" not in result.output


def test_db_upgrade_creates_the_schema_on_an_empty_sqlite_file(tmp_path):
    env = {"PEILING_DATA_DIR": str(tmp_path), "PATH": ""}
    cmd = [sys.executable, "-c", "from peiling.cli import main; main()", "db", "upgrade"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "peiling.sqlite3").exists()
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr


def test_unreachable_database_gives_one_message_and_exit_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PEILING_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/x.sqlite3")
    from peiling import settings

    settings.reset()
    try:
        try:
            main(["db", "current"])
        except SystemExit as exc:
            code = exc.code
    finally:
        settings.reset()
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert "database" in err.lower()
