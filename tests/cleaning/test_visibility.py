"""The grouped visibility computation agrees with the questionnaire's own, response by response."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from peiling.cleaning.answers import expand
from peiling.cleaning.visibility import visible_mask
from peiling.questionnaires import visible_questions
from peiling.simulation.plan import plan_response


def simulated_answers(questionnaire, count=400):
    opens = datetime(2026, 3, 1, tzinfo=UTC)
    result = []
    for number in range(count):
        plan = plan_response(
            questionnaire,
            seed=11,
            wave_label="2026",
            wave_index=0,
            opens_at=opens,
            closes_at=opens + timedelta(days=42),
            email=f"c{number}@example.nl",
            organisation_code=f"GM{number % 50:04d}",
            size_class=">= 100.000",
        )
        if plan is not None:
            answers = {}
            for save in plan.saves:
                answers.update(save.changes)  # stale follow-ups included
            result.append(answers)
    result += [{}, {"rol_domein": 4}, {"leren_vormen": [7]}, {"samenwerking_gemist": [8, 9]}]
    return result


@pytest.mark.parametrize("version", ["v2025", "v2026"])
def test_visible_mask_matches_visible_questions(version, request):
    questionnaire = request.getfixturevalue(version)
    rows = simulated_answers(questionnaire)
    frame = expand(pd.Series(rows), questionnaire.storage_keys())
    mask = visible_mask(frame, questionnaire)
    for position, answers in enumerate(rows):
        expected = {q.key for q in visible_questions(questionnaire, answers)}
        assert set(mask.columns[mask.iloc[position]]) == expected, answers
