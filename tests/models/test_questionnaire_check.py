"""The checker: every kind of problem in a questionnaire file, each with its line and key.

Each fixture in questionnaire_fixtures/ breaks one thing. A comment `# expect: [key] text`
marks the line where a problem must be reported, its key, and part of its message.
"""

import re
from pathlib import Path

import pytest

from peiling.questionnaires import Problem, check_file, check_text, shipped

FIXTURES = Path(__file__).parent / "questionnaire_fixtures"
QUESTIONNAIRES = shipped.FOLDER
EXPECT = re.compile(r"#\s*expect:\s*(?:\[(?P<key>[^\]]+)\]\s*)?(?P<message>.+)$")
BAD = sorted(p for p in FIXTURES.glob("*.yaml") if p.stem != "valid_small")


def expected_problems(path: Path) -> list[tuple[int, str, str]]:
    """Return (line, key, message part) for every expect comment in a fixture."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.append((number, match["key"] or "", match["message"].strip()))
    return found


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_problem_is_reported_at_its_line_with_its_key(path):
    expected = expected_problems(path)
    assert expected, f"{path.name} has no expect comment"
    problems = check_file(path)
    assert len(problems) == len(expected), "\n".join(str(p) for p in problems)
    for line, key, message in expected:
        assert any(p.line == line and p.key == key and message in p.message for p in problems), (
            f"{path.name}:{line}: no [{key}] {message!r} among:\n" + "\n".join(map(str, problems))
        )


def test_all_problems_are_reported_at_once():
    problems = check_file(FIXTURES / "many_problems.yaml")
    assert len(problems) == 8
    assert [p.line for p in problems] == sorted(p.line for p in problems)


@pytest.mark.parametrize("name", ["ess-2025.yaml", "ess-2026.yaml", "valid_small.yaml"])
def test_shipped_questionnaires_check_clean(name):
    path = QUESTIONNAIRES / name if name.startswith("ess") else FIXTURES / name
    assert check_file(path) == []


def test_problem_reads_as_file_line_key_message():
    problem = Problem("ess-2026.yaml", 123, "rol_domein", "option code 3 is used twice")
    assert str(problem) == "ess-2026.yaml:123: [rol_domein] option code 3 is used twice"
    assert str(Problem("x.yaml", None, "", "file not found")) == "x.yaml: file not found"


def test_a_missing_file_is_one_problem(tmp_path):
    [problem] = check_file(tmp_path / "nothing.yaml")
    assert problem.message == "file not found"


def test_an_empty_text_is_a_problem():
    [problem] = check_text("", "leeg.yaml")
    assert (problem.line, problem.message) == (1, "the file holds no questionnaire")


def test_a_text_that_is_not_a_mapping_is_a_problem():
    [problem] = check_text("- a\n- b\n", "lijst.yaml")
    assert "must be a mapping" in problem.message


def test_every_schema_field_is_documented_in_format_md():
    import json

    schema = json.loads((QUESTIONNAIRES / "schema.json").read_text(encoding="utf-8"))
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition.get("properties", {}))
    for branch in schema["$defs"]["condition"]["oneOf"]:
        fields |= set(branch.get("properties", {}))
    format_md = (QUESTIONNAIRES / "FORMAT.md").read_text(encoding="utf-8")
    assert sorted(f for f in fields if f"`{f}" not in format_md and f"{f}:" not in format_md) == []
