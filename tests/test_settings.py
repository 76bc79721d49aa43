"""Settings: defaults that run out of the box, masking, and documentation in the README."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from peiling.errors import UserError
from peiling.settings import Settings, from_environ, setting_names

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in setting_names() if name not in readme]
    assert not missing, f"settings not documented in README.md: {missing}"


def test_readme_documents_no_setting_that_does_not_exist():
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"\bPEILING_[A-Z_]+\b", readme)) - {"PEILING_TEST_POSTGRES_URL"}
    documented -= {"PEILING_TEST_BACKENDS"}
    assert documented <= set(setting_names())


def test_defaults_give_a_sqlite_database_in_the_data_folder(tmp_path):
    s = from_environ({"PEILING_DATA_DIR": str(tmp_path)})
    assert s.effective_database_url == f"sqlite:///{tmp_path}/peiling.sqlite3"


def test_secret_key_is_generated_once_and_kept(tmp_path):
    s = from_environ({"PEILING_DATA_DIR": str(tmp_path)})
    first = s.effective_secret_key
    assert len(first) >= 40
    assert s.effective_secret_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert from_environ({"PEILING_DATA_DIR": str(tmp_path / "other")}).effective_secret_key != first


def test_describe_masks_secrets():
    s = Settings(smtp_url="smtp+starttls://ess:hunter2@mail.example.org:587", secret_key="abc123")
    shown = {name: value for name, value, _ in s.describe()}
    assert "hunter2" not in shown["PEILING_SMTP_URL"]
    assert "mail.example.org" in shown["PEILING_SMTP_URL"]
    assert shown["PEILING_SECRET_KEY"] == "****"


def test_bind_follows_the_base_url_unless_set():
    assert (
        Settings(base_url="https://peiling.example.nl").effective_bind == "peiling.example.nl:443"
    )
    assert Settings(base_url="http://127.0.0.1:8000").effective_bind == "127.0.0.1:8000"
    assert Settings(bind="0.0.0.0:9000").effective_bind == "0.0.0.0:9000"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PEILING_TOKEN_RATE_LIMIT", "twenty"),
        ("PEILING_TOKEN_RATE_LIMIT", "0/300"),
        ("PEILING_WEB_WORKERS", "two"),
        ("PEILING_SMALL_CELL_K", "0"),
        ("PEILING_SMTP_URL", "mail.example.org:25"),
        ("PEILING_BASE_URL", "ftp://peiling.example.nl"),
        ("PEILING_RETENTION_YEARS", "0"),
        ("PEILING_RETENTION_YEARS", "vijf"),
    ],
)
def test_a_bad_value_fails_when_the_settings_are_read_and_names_the_setting(name, value):
    with pytest.raises(UserError, match=name):
        from_environ({name: value})


def test_numbers_are_numbers_once_read():
    s = from_environ(
        {"PEILING_WEB_WORKERS": " 4 ", "PEILING_SMALL_CELL_K": "10", "PEILING_RETENTION_YEARS": "3"}
    )
    assert (s.web_workers, s.small_cell_k, s.retention_years) == (4, 10, 3)


def test_the_command_refuses_to_start_with_a_bad_setting(tmp_path):
    env = {**os.environ, "PEILING_DATA_DIR": str(tmp_path), "PEILING_TOKEN_RATE_LIMIT": "lots"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "peiling"), "wave", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "PEILING_TOKEN_RATE_LIMIT" in done.stderr
    assert "Traceback" not in done.stderr
