"""Matrix: several rows answered on one shared scale, each row its own radio group."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField

from peiling.webforms.questions.base import Handler, field_id, field_name, presence, text
from peiling.webforms.questions.choice import OneOf, choices, declared, label_of


def row_key(question, row) -> str:
    """Return the storage key of a matrix row ("question.row")."""
    return f"{question.key}.{row.key}"


class Matrix(Handler):
    """Rows sharing one scale; stored per row as "question.row"."""

    template = "matrix"

    def fields(self, question, lang: str, strict: bool) -> dict:
        pairs = choices(question.all_options(), lang)
        codes = [v for v, _ in pairs]
        return {
            field_name(row_key(question, row)): RadioField(
                text(row.text, lang),
                choices=declared(pairs),
                validators=[
                    *presence(question, lang, strict, "error_required_row"),
                    OneOf(codes, lang),
                ],
                validate_choice=False,
            )
            for row in question.rows
        }

    def answers(self, question, form) -> dict[str, Any]:
        result = {}
        for row in question.rows:
            data = form[field_name(row_key(question, row))].data
            result[row_key(question, row)] = int(data) if data not in (None, "") else None
        return result

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        return {
            field_name(row_key(question, row)): str(answers[row_key(question, row)])
            for row in question.rows
            if answers.get(row_key(question, row)) is not None
        }

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        shown = []
        for row in question.rows:
            value = answers.get(row_key(question, row))
            label = label_of(question, value, lang) if value is not None else ""
            shown.append((text(row.text, lang), label))
        return shown

    def anchors(self, question) -> dict[str, str]:
        names = [field_name(row_key(question, row)) for row in question.rows]
        return {name: field_id(name, 0) for name in names}
