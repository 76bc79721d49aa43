"""Harmonisation between questionnaire versions: declarations, inference and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from peiling.models.questionnaire_store import load_version
from peiling.questionnaires import check_file, parse_questionnaire
from peiling.questionnaires.comparability import compare_versions, compose, harmonise_answers
from peiling.questionnaires.diff_report import diff_lines
from peiling.questionnaires.problems import QuestionnaireError

VERSIONS = Path(__file__).parent / "versions"


def text(name: str) -> str:
    return (VERSIONS / name).read_text(encoding="utf-8")


@pytest.fixture
def v1():
    return parse_questionnaire(text("v1.yaml"), "v1.yaml")


@pytest.fixture
def v2():
    return parse_questionnaire(text("v2.yaml"), "v2.yaml")


def test_every_declared_relation_is_reported_per_storage_key(v1, v2):
    result = compare_versions(v1, v2)
    assert result["domain"].status == "same"
    assert result["domain"].previous_key == "role"
    assert result["contact_ess"].status == "comparable"
    assert result["need.polarisatie"].status == "rescaled"
    assert result["need.polarisatie"].code_map == {1: 1, 2: 2, 3: 4, 4: 5, 98: 98}
    assert result["need.rechts_extremisme"].status == "new"
    assert result["topics"].status == "recoded"
    assert result["satisfied"].status == "not_comparable"
    assert result["budget"].status == "new"
    assert result["contact_freq"].status == "dropped"
    assert result["contact_freq"].note == "Niet meer gevraagd."
    assert result["remarks"].status == "same" and result["remarks"].inferred


def test_answers_move_to_the_newer_keys_and_codes(v1, v2):
    answers = {
        "role": 2,
        "contact_ess": 1,
        "contact_freq": 3,
        "need.polarisatie": 3,
        "need.extremisme": 98,
        "topics": [1, 2],
        "satisfied": 2,
        "remarks": "goed",
    }
    before = dict(answers)
    assert harmonise_answers(answers, v1, v2) == {
        "domain": 2,
        "contact_ess": 1,
        "need.polarisatie": 4,
        "need.extremisme": 98,
        "topics": [1],
        "remarks": "goed",
    }
    assert answers == before


def test_an_answer_whose_only_code_has_no_equivalent_becomes_unanswered(v1, v2):
    assert "topics" not in harmonise_answers({"topics": [2]}, v1, v2)


def test_the_shipped_pair_passes_the_check():
    assert check_file(VERSIONS / "v2.yaml") == []


def broken(tmp_path, old: str, new: str) -> list[str]:
    (tmp_path / "v1.yaml").write_text(text("v1.yaml"), encoding="utf-8")
    changed = text("v2.yaml").replace(old, new)
    assert changed != text("v2.yaml")
    (tmp_path / "v2.yaml").write_text(changed, encoding="utf-8")
    return [str(p) for p in check_file(tmp_path / "v2.yaml")]


def test_an_option_code_with_a_new_meaning_is_refused(tmp_path):
    problems = broken(
        tmp_path,
        "          - {code: 2, label: {nl: Sociaal domein}}",
        "          - {code: 2, label: {nl: Openbare orde}}",
    )
    assert any("[domain]" in p and "option 2 changed meaning" in p for p in problems)


def test_a_changed_scale_without_a_map_is_refused(tmp_path):
    problems = broken(
        tmp_path,
        "        change: {status: not_comparable, note: Andere schaal.}",
        "",
    )
    assert any("[satisfied]" in p and "without a declaration" in p for p in problems)


def test_a_rescaled_question_without_a_map_is_refused(tmp_path):
    problems = broken(tmp_path, "          code_map: {1: 1, 2: 2, 3: 4, 4: 5, 98: 98}\n", "")
    assert any("rescaled needs a code_map" in p for p in problems)


def test_an_incomplete_map_is_refused(tmp_path):
    problems = broken(tmp_path, "{1: 1, 2: 2, 3: 4, 4: 5, 98: 98}", "{1: 1, 2: 2, 3: 4, 4: 5}")
    assert any("leaves older code(s) [98] unmapped" in p for p in problems)


def test_a_reused_key_for_another_question_is_refused(tmp_path):
    problems = broken(
        tmp_path,
        "      - key: budget\n        type: number\n        text: {nl: Budget in euro}\n"
        "        change: {status: new}",
        "      - key: contact_freq\n        type: short_text\n        text: {nl: Budget in euro}",
    )
    assert any("[contact_freq]" in p and "different question" in p for p in problems), problems


def test_a_key_reused_as_a_new_question_after_dropping_it_is_allowed(tmp_path):
    problems = broken(
        tmp_path,
        "      - key: budget\n        type: number\n        text: {nl: Budget in euro}\n"
        "        change: {status: new}",
        "      - key: contact_freq\n        type: short_text\n        text: {nl: Budget in euro}\n"
        "        change: {status: new}",
    )
    assert problems == []


def test_a_silent_rewording_is_refused(tmp_path):
    declaration = "        change: {status: comparable, note: Periode toegevoegd.}\n"
    problems = broken(tmp_path, declaration, "")
    assert any("[contact_ess]" in p and "reworded without a declaration" in p for p in problems)


def test_declaring_same_for_a_reworded_question_is_refused(tmp_path):
    problems = broken(tmp_path, "status: comparable, note: Periode", "status: same, note: Periode")
    assert any("declared same, but the wording changed" in p for p in problems)


def test_a_previous_key_that_never_existed_is_refused(tmp_path):
    problems = broken(tmp_path, "previous_key: role", "previous_key: rol")
    assert any("previous_key 'rol'" in p for p in problems)


def test_loading_a_trend_breaking_version_after_its_predecessor_is_refused(db_session):
    load_version(db_session, text("v1.yaml"))
    declaration = "        change: {status: not_comparable, note: Andere schaal.}\n"
    bad = text("v2.yaml").replace(declaration, "")
    with pytest.raises(QuestionnaireError, match="satisfied"):
        load_version(db_session, bad)
    assert load_version(db_session, text("v2.yaml")).version == "2"


def test_the_diff_report_has_a_line_per_item(v1, v2):
    lines, problems = diff_lines(v1, v2)
    assert problems == []
    report = "\n".join(lines)
    assert "need.polarisatie" in report and "1->1 2->2 3->4 4->5" in report
    assert "domain" in report and "role" in report
    assert "1 dropped" in report


def without_declarations(source: str) -> str:
    """Return a version's text with every change: block and the dropped list removed."""
    kept, skipping = [], False
    for line in source.splitlines():
        if line.strip().startswith("change:") or line.startswith("dropped:"):
            skipping = True
            indent = len(line) - len(line.lstrip())
            continue
        if skipping and (len(line) - len(line.lstrip())) > indent:
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept) + "\n"


def test_comparisons_chain_over_versions(v1, v2):
    v3 = parse_questionnaire(
        without_declarations(text("v2.yaml")).replace(
            'version: "2"\nprevious_version: "1"', 'version: "3"\nprevious_version: "2"'
        ),
        "v3.yaml",
    )
    chained = compose(compare_versions(v1, v2), compare_versions(v2, v3))
    assert chained["domain"].previous_key == "role"
    assert chained["need.polarisatie"].code_map == {1: 1, 2: 2, 3: 4, 4: 5, 98: 98}
    assert chained["contact_freq"].status == "dropped"


def test_the_shipped_ess_versions_differ_as_yearly_versions_do():
    folder = Path(__file__).resolve().parents[2] / "questionnaires"
    older = parse_questionnaire((folder / "ess-2025.yaml").read_text("utf-8"), "ess-2025.yaml")
    newer = parse_questionnaire((folder / "ess-2026.yaml").read_text("utf-8"), "ess-2026.yaml")
    result = compare_versions(older, newer)
    statuses = {key: item.status for key, item in result.items()}
    assert statuses["rol_domein"] == "comparable"  # reworded
    assert statuses["rol_functie"] == "recoded"  # an option split in two
    assert result["rol_functie"].code_map[2] is None
    assert statuses["samenwerking_gemist"] == "comparable"  # an option added
    assert statuses["rechtsextremisme_signalen"] == "new"  # right-wing extremism on its own
    assert statuses["steun_kanalen"] == "dropped"
    assert result["thema_leeft.polarisatie"].code_map == {1: 1, 2: 2, 3: 4, 4: 5, 98: 98}
    assert check_file(folder / "ess-2026.yaml") == []
