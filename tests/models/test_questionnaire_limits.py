"""The questionnaire loader refuses alias bombs, deep nests, unknown tags and huge files by line."""

from __future__ import annotations

import pytest

from peiling.limits import QUESTIONNAIRE_MAX_BYTES
from peiling.questionnaires import QuestionnaireError, parse_questionnaire

# 342 bytes that expand to 9^9 (387 million) values: the classic billion laughs.
ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as excinfo:
        parse_questionnaire(text, "vragen.yaml")
    return [str(problem) for problem in excinfo.value.problems]


def test_an_alias_bomb_is_refused_with_its_line():
    assert problems(ALIAS_BOMB) == [
        "vragen.yaml:6: more than 200000 values once aliases are expanded; use fewer aliases"
    ]


def test_too_many_aliases_are_refused():
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 600) + "]\n"
    assert problems(text) == ["vragen.yaml:2: more than 500 aliases (*name)"]


def test_deep_nesting_is_refused_with_its_line():
    text = "survey: x\npages:\n  - " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems(text) == ["vragen.yaml:3: nested more than 40 levels deep"]


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!foo bar"]
)
def test_an_unknown_tag_is_refused_with_its_line(tag):
    found = problems(f"survey: x\nversion: {tag}\n")
    assert len(found) == 1 and found[0].startswith("vragen.yaml:2: unknown YAML tag")


def test_a_standard_tag_with_an_unreadable_value_is_a_problem():
    found = problems("survey: x\nversion: !!int abc\n")
    assert any(p.startswith("vragen.yaml:2:") and "cannot be read as" in p for p in found)


def test_a_file_over_the_size_limit_is_refused():
    found = problems("# " + "x" * QUESTIONNAIRE_MAX_BYTES + "\n")
    assert len(found) == 1 and found[0].startswith("vragen.yaml:1: the file is")


@pytest.mark.parametrize("text", ["null\n", "42\n", "just words\n", "~\n...\n"])
def test_a_file_of_one_plain_value_holds_no_questionnaire(text):
    assert problems(text) == ["vragen.yaml:1: the file holds no questionnaire"]
