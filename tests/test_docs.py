"""The README and docs/ say what is true: commands exist, links resolve, the README stays short."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from peiling.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_read_in_five_minutes():
    assert len(README.splitlines()) <= 150


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
def test_every_relative_link_leads_to_a_file(path):
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def _commands_in(text: str) -> list[list[str]]:
    rows = re.findall(r"^\| `peiling ([^`]+)`", text, flags=re.M)
    commands = []
    for row in rows:
        words = []
        for word in row.split():
            if word.startswith("-") or word.startswith("[") or word.isupper() or "=" in word:
                break
            words.append(word.split("\\|")[0])
        commands.append(words)
    return commands


def test_every_command_in_the_readme_exists():
    commands = _commands_in(README)
    assert len(commands) >= 20
    for words in commands:
        group: click.Command = cli
        for word in words:
            assert isinstance(group, click.Group), f"peiling {' '.join(words)}"
            group = group.commands.get(word)
            assert group is not None, (
                f"README names `peiling {' '.join(words)}`, which does not exist"
            )


def test_every_command_is_in_the_readme():
    missing = []
    for name, command in cli.commands.items():
        subcommands = list(command.commands) if isinstance(command, click.Group) else [""]
        for sub in subcommands:
            # `peiling wave open\|invite LABEL` names wave invite; `db current` names db current
            pattern = rf"`(peiling )?{name}\b[^`]*" + (rf"\b{sub}\b" if sub else "")
            if not re.search(pattern, README):
                missing.append(f"{name} {sub}".strip())
    assert not missing, f"commands missing from the README: {missing}"
