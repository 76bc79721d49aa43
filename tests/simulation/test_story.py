"""Simulated answers tell the first survey's story: what lives most gets the least attention."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

from scipy.stats import spearmanr

from peiling.questionnaires import parse_questionnaire, shipped
from peiling.simulation.answers import JUNK_TEXTS, OPEN_TEXTS
from peiling.simulation.plan import plan_response

THEMES = ["inclusie", "polarisatie", "problematisch_gedrag", "ondermijning", "radicalisering"]


def answers_of(version: str, count: int = 400) -> list[dict]:
    path = shipped.FOLDER / f"ess-{version}.yaml"
    questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
    opens = datetime(2026, 3, 1, tzinfo=UTC)
    result = []
    for i in range(count):
        plan = plan_response(
            questionnaire,
            seed=5,
            wave_label=version,
            wave_index=0,
            opens_at=opens,
            closes_at=opens + timedelta(days=30),
            email=f"c{i}@gm{i % 150:04d}.example.nl",
            organisation_code=f"GM{i % 150:04d}",
            size_class=">= 100.000",
        )
        if plan is not None:
            answers = {}
            for save in plan.saves:
                answers.update(save.changes)
            result.append(answers)
    return result


def mean_of(answers: list[dict], key: str) -> float:
    return statistics.mean(a[key] for a in answers if isinstance(a.get(key), int) and a[key] < 90)


def test_lives_and_attention_are_drawn_apart_with_the_first_surveys_pattern():
    answers = answers_of("2026")
    lives = {t: mean_of(answers, f"thema_leeft.{t}") for t in THEMES}
    attention = {t: mean_of(answers, f"thema_aandacht.{t}") for t in THEMES}
    assert max(lives, key=lives.get) in ("inclusie", "polarisatie")
    assert max(attention, key=attention.get) == "ondermijning"
    for theme in ("inclusie", "polarisatie"):
        assert lives[theme] - attention[theme] > 0.5  # lives clearly more than it gets attention
    assert attention["ondermijning"] - lives["ondermijning"] > 0.5
    assert spearmanr(list(lives.values()), list(attention.values())).statistic < 0


def test_years_of_experience_are_skewed_like_a_real_workforce():
    years = [a["rol_ervaring"] for a in answers_of("2025") if "rol_ervaring" in a]
    assert 4 <= statistics.median(years) <= 10
    assert min(years) >= 0 and max(years) <= 50
    assert sum(y > 25 for y in years) < 0.1 * len(years)


def test_open_answers_fit_their_question():
    answers = answers_of("2026")
    for key in ("polarisatie_aanpak", "rechtsextremisme_toelichting", "vervolg_contact"):
        given = [a[key] for a in answers if a.get(key)]
        assert given, key
        first_lines = {text.split("  \n")[0] for text in given}
        assert first_lines <= set(OPEN_TEXTS[key]) | set(JUNK_TEXTS), key
