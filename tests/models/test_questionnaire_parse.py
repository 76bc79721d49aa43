"""Parsing: the shipped files become Questionnaire objects with stable keys and options."""

from datetime import date
from pathlib import Path

import pytest

from peiling.questionnaires import (
    QUESTION_TYPES,
    QuestionnaireError,
    Text,
    parse_questionnaire,
    shipped,
)
from peiling.questionnaires.source import checksum

QUESTIONNAIRES = shipped.FOLDER
FIXTURES = Path(__file__).parent / "questionnaire_fixtures"
THEMES = [
    "inclusie",
    "polarisatie",
    "problematisch_gedrag",
    "ondermijning",
    "radicalisering",
    "extremisme",
]


def load(name: str):
    path = QUESTIONNAIRES / name
    return parse_questionnaire(path.read_text(encoding="utf-8"), name)


@pytest.fixture(scope="module")
def ess2026():
    return load("ess-2026.yaml")


@pytest.fixture(scope="module")
def ess2025():
    return load("ess-2025.yaml")


def test_2026_storage_keys_expand_matrix_rows_in_order(ess2026):
    keys = ess2026.storage_keys()
    assert keys[:6] == [
        "rol_domein",
        "rol_domein_anders",
        "rol_functie",
        "rol_ervaring",
        "rol_fte",
        "thema_leeft.inclusie",
    ]
    assert len(keys) == len(set(keys)) == 55
    for matrix in ("thema_leeft", "thema_aandacht", "steun_tevredenheid", "steun_behoefte"):
        assert ess2026.question(matrix).storage_keys() == tuple(f"{matrix}.{t}" for t in THEMES)
    assert ess2026.question_for_storage_key("steun_behoefte.extremisme").key == "steun_behoefte"
    with pytest.raises(KeyError):
        ess2026.question_for_storage_key("steun_behoefte.onbekend")


def test_2026_uses_every_question_type_on_six_to_eight_pages(ess2026):
    assert {q.type for q in ess2026.questions()} == set(QUESTION_TYPES)
    assert 6 <= len(ess2026.pages) <= 8
    assert 40 <= len(ess2026.storage_keys()) <= 60


def test_header_fields(ess2026):
    assert (ess2026.survey, ess2026.version, ess2026.previous_version) == (
        "ess-behoeftepeiling",
        "2026",
        "2025",
    )
    assert ess2026.languages == ("nl", "en")
    assert ess2026.title.get("en") == "Social stability needs survey 2026"
    text = (QUESTIONNAIRES / "ess-2026.yaml").read_text(encoding="utf-8")
    assert ess2026.source_text == text
    assert ess2026.checksum == checksum(text)


def test_scales_give_options_and_missing_codes(ess2026):
    question = ess2026.question("thema_leeft")
    assert question.scale == "mate5"
    assert [o.code for o in question.options] == [1, 2, 3, 4, 5]
    assert [o.code for o in question.all_options()] == [1, 2, 3, 4, 5, 98]
    assert question.is_missing_code(98) and not question.is_missing_code(5)
    assert question.option(98).missing_kind == "dont_know"
    assert question.option(98).label.get("nl") == "Weet ik niet"
    assert question.option(7) is None


def test_question_missing_codes_replace_the_scales():
    text = (FIXTURES / "valid_small.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        scale: eens\n",
        "        scale: eens\n        missing: [{code: 9, label: {nl: N, en: N}, kind: refused}]\n",
    )
    question = parse_questionnaire(text).question("thema")
    assert [o.code for o in question.missing] == [9]


def test_exclusive_options_and_type_settings(ess2026):
    gemist = ess2026.question("samenwerking_gemist")
    assert [o.code for o in gemist.options if o.exclusive] == [9]
    ranking = ess2026.question("leren_rangorde")
    assert ranking.top == 3
    number = ess2026.question("rol_ervaring")
    assert (number.min, number.max, number.integer) == (0, 50, True)
    when = ess2026.question("beleid_vastgesteld")
    assert (when.min_date, when.max_date) == (date(2010, 1, 1), date(2026, 12, 31))
    assert ess2026.question("opmerkingen").max_length == 5000
    assert ess2026.question("rol_domein_anders").max_length == 200


def test_questions_know_their_page_and_line(ess2026):
    question = ess2026.question("rol_domein")
    assert ess2026.page_of(question).key == "over_u"
    line = ess2026.source_text.splitlines()[question.line - 1]
    assert "key: rol_domein" in line


def test_text_falls_back_to_dutch():
    text = Text({"nl": "Hallo"})
    assert text.get("en") == "Hallo"
    assert str(Text({"nl": "Dag", "en": "Bye"})) == "Dag"
    assert not Text()


def test_2025_is_a_plausible_previous_year(ess2025, ess2026):
    assert ess2025.version == "2025" and ess2025.previous_version is None
    assert len(ess2025.storage_keys()) < len(ess2026.storage_keys())
    assert len(ess2025.question("thema_leeft").options) == 4
    assert len(ess2026.question("thema_leeft").options) == 5
    old_keys, new_keys = set(ess2025.storage_keys()), set(ess2026.storage_keys())
    assert "steun_kanalen" in old_keys - new_keys
    assert not any(k.startswith("rechtsextremisme") for k in old_keys)
    assert ess2025.question("rol_domein").text != ess2026.question("rol_domein").text
    assert [r.key for r in ess2025.question("thema_leeft").rows] == THEMES


def test_parse_error_holds_every_problem():
    text = (FIXTURES / "many_problems.yaml").read_text(encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "many_problems.yaml")
    assert len(caught.value.problems) == len(caught.value.details) == 8
    assert caught.value.details[0].startswith("many_problems.yaml:2: [survey]")
    assert "8 problems" in caught.value.message
