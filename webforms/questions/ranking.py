"""Ranking: the respondent's top N options in order, one select list per place."""

from __future__ import annotations

from typing import Any

from wtforms import SelectField
from wtforms.validators import ValidationError

from peiling.webforms.i18n import translate
from peiling.webforms.questions.base import Handler, Optional, Required, field_id, field_name
from peiling.webforms.questions.choice import OneOf, choices, declared, label_of


def places(question) -> int:
    """Return how many places the respondent ranks."""
    return min(question.top or len(question.options), len(question.options))


class DistinctPlaces:
    """Refuse an option chosen for two places, or a place left open above a filled one."""

    def __init__(self, question, place: int, lang: str):
        self.question = question
        self.place = place
        self.lang = lang

    def __call__(self, form, field) -> None:
        earlier = [form[field_name(self.question.key, str(p))].data for p in range(1, self.place)]
        if field.data in earlier:
            raise ValidationError(translate("error_rank_twice", self.lang))
        if any(value in (None, "") for value in earlier):
            raise ValidationError(translate("error_rank_gap", self.lang))


class Ranking(Handler):
    """The top N options in order; stored as a list of codes, first place first."""

    template = "ranking"

    def fields(self, question, lang: str, strict: bool) -> dict:
        pairs = choices(question.options, lang)
        empty = [("", translate("rank_choose", lang))]
        result = {}
        for place in range(1, places(question) + 1):
            needed = strict and question.required
            result[field_name(question.key, str(place))] = SelectField(
                translate("rank_place", lang, n=place),
                choices=declared(empty + pairs),
                validators=[
                    Required("error_required_rank", lang) if needed else Optional(),
                    OneOf([v for v, _ in pairs], lang),
                    DistinctPlaces(question, place, lang),
                ],
                validate_choice=False,
            )
        return result

    def answers(self, question, form) -> dict[str, Any]:
        order = []
        for place in range(1, places(question) + 1):
            data = form[field_name(question.key, str(place))].data
            if data not in (None, ""):
                order.append(int(data))
        return {question.key: order or None}

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        value = answers.get(question.key) or []
        return {field_name(question.key, str(i)): str(code) for i, code in enumerate(value, 1)}

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key) or []
        return [
            (translate("rank_place", lang, n=i), label_of(question, code, lang))
            for i, code in enumerate(value, 1)
        ]

    def anchors(self, question) -> dict[str, str]:
        names = [field_name(question.key, str(p)) for p in range(1, places(question) + 1)]
        return {name: field_id(name) for name in names}
