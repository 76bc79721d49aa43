"""Conditions: evaluating show_if on stored answers, and which pages and questions show."""

from pathlib import Path

import pytest

from peiling.questionnaires import (
    evaluate,
    parse_questionnaire,
    shipped,
    visible_pages,
    visible_questions,
)

FIXTURES = Path(__file__).parent / "questionnaire_fixtures"
QUESTIONNAIRES = shipped.FOLDER


@pytest.fixture(scope="module")
def small():
    return parse_questionnaire((FIXTURES / "valid_small.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"question": "a", "equals": 2}, {"a": 2}, True),
        ({"question": "a", "equals": 2}, {"a": 3}, False),
        ({"question": "a", "equals": 2}, {}, False),
        ({"question": "a", "in": [1, 2]}, {"a": 1}, True),
        ({"question": "a", "in": [1, 2]}, {"a": 4}, False),
        ({"question": "m", "contains": 3}, {"m": [1, 3]}, True),
        ({"question": "m", "contains": 3}, {"m": [1]}, False),
        ({"question": "m", "contains": 3}, {"m": []}, False),
        ({"question": "n", "gte": 10}, {"n": 10}, True),
        ({"question": "n", "gte": 10}, {"n": 9.5}, False),
        ({"question": "n", "lte": 10}, {"n": 3}, True),
        ({"question": "d", "gte": "2025-01-01"}, {"d": "2025-06-30"}, True),
        ({"question": "d", "lte": "2025-01-01"}, {"d": "2025-06-30"}, False),
        ({"question": "t", "answered": True}, {"t": "ja"}, True),
        ({"question": "t", "answered": True}, {"t": ""}, False),
        ({"question": "t", "answered": False}, {}, True),
        ({"question": "q.r", "equals": 1}, {"q.r": 1}, True),
        ({"question": "n", "gte": 1}, {"n": "veel"}, False),
        (
            {"all": [{"question": "a", "equals": 1}, {"question": "n", "gte": 2}]},
            {"a": 1, "n": 2},
            True,
        ),
        ({"all": [{"question": "a", "equals": 1}, {"question": "n", "gte": 2}]}, {"a": 1}, False),
        ({"any": [{"question": "a", "equals": 1}, {"question": "n", "gte": 2}]}, {"n": 5}, True),
        ({"any": [{"question": "a", "equals": 1}]}, {}, False),
        ({"not": {"question": "m", "contains": 9}}, {"m": [1]}, True),
        ({"not": {"question": "m", "contains": 9}}, {}, True),
        (None, {}, True),
    ],
)
def test_evaluate(condition, answers, expected):
    assert evaluate(condition, answers) is expected


def test_missing_codes_never_pass_a_comparison(small):
    condition = {"question": "thema.inclusie", "gte": 2}
    assert evaluate(condition, {"thema.inclusie": 98}) is True  # without the questionnaire
    assert evaluate(condition, {"thema.inclusie": 98}, small) is False
    assert evaluate(condition, {"thema.inclusie": 3}, small) is True


def keys(items):
    return [item.key for item in items]


def test_a_hidden_page_hides_all_its_questions(small):
    assert keys(visible_pages(small, {"domein": 2})) == ["start"]
    assert keys(visible_questions(small, {"domein": 2})) == ["domein", "kanalen", "thema"]


def test_a_shown_page_shows_the_questions_whose_conditions_hold(small):
    shown = visible_questions(small, {"domein": 1, "thema.inclusie": 1})
    assert keys(shown) == ["domein", "kanalen", "thema", "aantal"]
    shown = visible_questions(small, {"domein": 1, "thema.inclusie": 3})
    assert keys(shown)[-1] == "toelichting"
    assert keys(visible_pages(small, {"domein": 1})) == ["start", "verder"]


def test_answers_to_hidden_questions_do_not_count():
    text = (QUESTIONNAIRES / "ess-2026.yaml").read_text(encoding="utf-8")
    ess = parse_questionnaire(text)
    answers = {"vervolg_gesprek": 2, "vervolg_contact": "J. Jansen"}
    assert "vervolg_contact" not in keys(visible_questions(ess, answers))
    answers = {"samenwerking_gemist": [3, 8]}
    shown = keys(visible_questions(ess, answers))
    assert "samenwerking_gemist_anders" in shown and "samenwerking_verbeteren" in shown
    shown = keys(visible_questions(ess, {"samenwerking_gemist": [9]}))
    assert "samenwerking_gemist_anders" not in shown and "samenwerking_verbeteren" not in shown
    assert "veiligheid_signalen" in keys(visible_questions(ess, {"rol_domein": 1}))
    assert "veiligheid_signalen" not in keys(visible_questions(ess, {"rol_domein": 2}))


def test_a_chain_of_conditions_stops_at_a_hidden_question():
    text = """
survey: keten
version: "1"
title: {nl: Keten}
languages: [nl]
pages:
  - key: een
    title: {nl: Een}
    questions:
      - {key: a, type: number, text: {nl: A}}
      - {key: b, type: number, text: {nl: B}, show_if: {question: a, gte: 1}}
      - {key: c, type: number, text: {nl: C}, show_if: {question: b, answered: true}}
"""
    questionnaire = parse_questionnaire(text)
    assert keys(visible_questions(questionnaire, {"a": 0, "b": 5})) == ["a"]
    assert keys(visible_questions(questionnaire, {"a": 1, "b": 5})) == ["a", "b", "c"]
