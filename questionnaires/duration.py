"""How long a questionnaire takes: seconds per question type, summed and rounded up."""

from __future__ import annotations

import math

# Seconds a careful official needs per question (per row of a matrix, per place of a ranking).
SECONDS = {
    "single_choice": 12,
    "likert": 10,
    "multiple_choice": 20,
    "matrix": 8,
    "ranking": 15,
    "number": 25,
    "date": 20,
    "short_text": 30,
    "long_text": 90,
}
ROUND_TO = 5  # minutes


def seconds_for(question) -> int:
    """Return the seconds one question takes (matrix: per row; ranking: per place)."""
    each = SECONDS.get(question.type, 20)
    if question.type == "matrix":
        return each * max(1, len(question.rows))
    if question.type == "ranking":
        return each * max(1, question.top or len(question.options))
    return each


def estimate_minutes(questionnaire) -> int:
    """Return the minutes all questions take, rounded up to five (at least five)."""
    total = sum(seconds_for(q) for page in questionnaire.pages for q in page.questions)
    return max(ROUND_TO, math.ceil(total / 60 / ROUND_TO) * ROUND_TO)
