"""Fuzz the questionnaire loader (hypothesis): a questionnaire or a clear error, no traceback."""

from __future__ import annotations

import random

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from peiling.questionnaires import QuestionnaireError, parse_questionnaire, shipped

FUZZ = settings(max_examples=60, deadline=None)
FUZZ_REAL = settings(max_examples=15, deadline=None)  # each parses the whole 2026 questionnaire
SHIPPED = shipped.FOLDER / "ess-2026.yaml"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates().map(str),
)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)


def load(text: str) -> None:
    """Parse a text: a Questionnaire or QuestionnaireError with at least one located problem."""
    try:
        parse_questionnaire(text, "fuzz.yaml")
    except QuestionnaireError as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" for p in exc.problems)


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_is_a_questionnaire_or_a_clear_error(text):
    load(text)


@FUZZ
@given(value=data)
def test_any_yaml_data_is_a_questionnaire_or_a_clear_error(value):
    load(yaml.safe_dump(value, allow_unicode=True))


@FUZZ_REAL
@given(value=data, top=st.sampled_from(["survey", "version", "pages", "scales", "title"]))
def test_wrong_shapes_in_a_real_questionnaire_give_a_clear_error(value, top):
    real = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    real[top] = value
    load(yaml.safe_dump(real, allow_unicode=True))


@FUZZ_REAL
@given(seed=st.integers(min_value=0, max_value=2**32), cuts=st.integers(min_value=1, max_value=8))
def test_a_damaged_real_questionnaire_gives_a_clear_error(seed, cuts):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    for _ in range(cuts):
        i = rng.randrange(len(lines))
        choice = rng.randrange(4)
        if choice == 0:
            del lines[i]
        elif choice == 1:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif choice == 2:
            lines.insert(i, lines[rng.randrange(len(lines))])
        else:
            lines[i] = "  " + lines[i]
    load("\n".join(lines))
