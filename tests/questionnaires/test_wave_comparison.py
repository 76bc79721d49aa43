"""Comparability per pair of waves and per row, driven by the shipped 2025 and 2026 files."""

from __future__ import annotations

import pytest

from peiling.questionnaires import parse_questionnaire, shipped
from peiling.questionnaires.comparability import (
    PAIR_COMPARABLE,
    PAIR_MAPPED,
    PAIR_NOT_ASKED,
    PAIR_NOT_COMPARABLE,
    WaveComparison,
    compare_versions,
)

WAVES = [("2024", "2025"), ("2025", "2025"), ("2026", "2026")]


@pytest.fixture(scope="module")
def versions() -> dict:
    result = {}
    for path in sorted(shipped.FOLDER.glob("ess-*.yaml")):
        questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
        result[questionnaire.version] = questionnaire
    return result


@pytest.fixture(scope="module")
def waves(versions) -> WaveComparison:
    return WaveComparison(versions, WAVES, "2026")


def test_split_option_compares_only_as_the_merged_category(waves):
    same = waves.pair("2024", "2025", "rol_functie")
    assert same.question.level == PAIR_COMPARABLE
    assert same.options[6].level == PAIR_NOT_ASKED  # never "new answer option" in one version
    across = waves.pair("2025", "2026", "rol_functie")
    assert across.question.level == PAIR_MAPPED
    assert {c: v.level for c, v in across.options.items() if c in (2, 6)} == {
        2: PAIR_NOT_COMPARABLE,
        6: PAIR_NOT_COMPARABLE,
    }
    assert across.options[1].level == PAIR_MAPPED
    [merged] = across.collapsed
    assert (merged.codes, merged.older_codes, merged.newer_codes) == ((2, 6), (2,), (2, 6))


def test_declared_split_of_a_multiple_choice_option(waves):
    pair = waves.pair("2025", "2026", "samenwerking_gemist")
    assert pair.options[8].reason == "split" and pair.options[10].reason == "split"
    assert pair.options[1].level == PAIR_COMPARABLE
    assert [(g.older_codes, g.newer_codes) for g in pair.collapsed] == [((8,), (8, 10))]


def test_rescaled_scale_compares_means_not_shares(waves):
    pair = waves.pair("2025", "2026", "thema_leeft.polarisatie")
    assert pair.means.level == PAIR_MAPPED and pair.means.reason == "rescaled_means"
    assert "Vierpuntsschaal" in pair.means.note
    assert all(v.level == PAIR_NOT_COMPARABLE for v in pair.options.values())
    assert waves.pair("2024", "2025", "thema_leeft.polarisatie").options[4].compares


def test_questions_a_wave_did_not_ask_are_not_asked_never_new(waves):
    assert waves.pair("2024", "2025", "rol_fte").question.reason == "not_asked_both"
    assert waves.pair("2025", "2026", "rol_fte").question.reason == "not_asked_older"
    assert waves.wave_item("2025", "thema_leeft.inclusie").offered == frozenset({1, 2, 4, 5, 98})


def test_a_dropped_question_stays_for_the_waves_that_asked_it(waves):
    assert waves.homes()["steun_kanalen"] == "2025"
    assert waves.pair("2024", "2025", "steun_kanalen").question.level == PAIR_COMPARABLE
    later = waves.pair("2025", "2026", "steun_kanalen").question
    assert (later.level, later.reason) == (PAIR_NOT_ASKED, "not_asked_newer")
    assert "steun_vindbaar" in later.note
    assert waves.kept_originals("2025")["steun_kanalen"] == "steun_kanalen"


def test_mapped_answers_are_kept_beside_the_harmonised_ones(waves):
    kept = waves.kept_originals("2025")
    assert kept["rol_functie"] == "rol_functie@2025"
    assert kept["thema_leeft.inclusie"] == "thema_leeft.inclusie@2025"
    assert "rol_domein" not in kept  # comparable as it is: nothing to keep apart
    assert waves.own_column("2025", "rol_functie") == "rol_functie@2025"
    assert waves.own_column("2026", "rol_functie") == "rol_functie"


def test_a_declared_change_of_meaning_makes_the_pair_incomparable(versions):
    text = versions["2026"].source_text.replace(
        "status: comparable\n          note: Herformuleerd",
        "status: not_comparable\n          note: Herformuleerd",
    )
    changed = parse_questionnaire(text, "ess-2026.yaml")
    waves = WaveComparison({"2025": versions["2025"], "2026": changed}, WAVES, "2026")
    verdict = waves.pair("2025", "2026", "rol_domein").question
    assert (verdict.level, verdict.reason) == (PAIR_NOT_COMPARABLE, "declared_not_comparable")
    assert waves.kept_originals("2025")["rol_domein"] == "rol_domein@2025"


def test_a_split_naming_unknown_codes_is_refused(versions):
    text = versions["2026"].source_text.replace("split: {8: [8, 10]}", "split: {8: [8, 11]}")
    changed = parse_questionnaire(text, "ess-2026.yaml")
    problems = compare_versions(versions["2025"], changed)["samenwerking_gemist"].problems
    assert any("unknown newer code(s) [11]" in p for p in problems)
