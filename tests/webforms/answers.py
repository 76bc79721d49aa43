"""Valid answers for any question, as a browser would post them (used by the journey tests)."""

from __future__ import annotations

from datetime import date

from peiling.webforms.questions.base import field_name
from peiling.webforms.questions.ranking import places


def posted(question, choice: int = 0) -> dict:
    """Return form fields that answer a question validly (the option at index `choice`)."""
    name = field_name(question.key)
    kind = question.type
    if kind in ("single_choice", "likert"):
        return {name: str(question.options[choice].code)}
    if kind == "multiple_choice":
        return {name: [str(question.options[choice].code)]}
    if kind == "matrix":
        code = str(question.options[choice].code)
        return {field_name(f"{question.key}.{row.key}"): code for row in question.rows}
    if kind == "ranking":
        return {
            field_name(question.key, str(i + 1)): str(question.options[i].code)
            for i in range(places(question))
        }
    if kind == "number":
        return {name: str(int(question.min or 0) + 1)}
    if kind == "date":
        return {name: (question.min_date or date(2025, 1, 1)).isoformat()}
    return {name: f"Antwoord op {question.key} <b>&amp;</b>"}


def posted_page(page) -> dict:
    """Return form fields that answer every question of a page validly."""
    data = {}
    for question in page.questions:
        data.update(posted(question))
    return data
