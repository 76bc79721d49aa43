"""Single choice, Likert and multiple choice: option groups of radio buttons or checkboxes."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectMultipleField
from wtforms.validators import ValidationError

from peiling.webforms.i18n import translate
from peiling.webforms.questions.base import Handler, field_id, field_name, presence, text
from peiling.webforms.questions.render import choice_pairs

try:
    from wtforms import SelectChoice
except ImportError:  # WTForms before 3.3 takes plain (value, label) pairs

    def SelectChoice(value: str, label: str):
        return (value, label)


def choices(options, lang: str) -> list[tuple[str, str]]:
    """Return (value, label) pairs for options, their codes as strings."""
    return list(choice_pairs(tuple(options), lang))


def declared(pairs: list[tuple[str, str]]) -> list:
    """Return pairs as the choices a WTForms select or radio field declares."""
    return [SelectChoice(value, label) for value, label in pairs]


def label_of(question, code: Any, lang: str) -> str:
    """Return the label of an option code (the code itself when unknown)."""
    for option in question.all_options():
        if option.code == code:
            return text(option.label, lang)
    return str(code)


class OneOf:
    """Refuse values that are not among the given codes."""

    def __init__(self, codes: list[str], lang: str):
        self.codes = set(codes)
        self.message = translate("error_choice", lang)

    def __call__(self, form, field) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.codes for value in values):
            raise ValidationError(self.message)


class SingleChoice(Handler):
    """One answer from a list (radio buttons); Likert is the same with a scale."""

    template = "single_choice"

    def fields(self, question, lang: str, strict: bool) -> dict:
        pairs = choices(question.all_options(), lang)
        validators = [*presence(question, lang, strict), OneOf([v for v, _ in pairs], lang)]
        return {
            field_name(question.key): RadioField(
                text(question.text, lang),
                choices=declared(pairs),
                validators=validators,
                validate_choice=False,
            )
        }

    def answers(self, question, form) -> dict[str, Any]:
        data = form[field_name(question.key)].data
        return {question.key: int(data) if data not in (None, "") else None}

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        value = answers.get(question.key)
        return {field_name(question.key): str(value)} if value is not None else {}

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key)
        return [(None, label_of(question, value, lang) if value is not None else "")]

    def anchors(self, question) -> dict[str, str]:
        name = field_name(question.key)
        return {name: field_id(name, 0)}


class ExclusiveOption:
    """Refuse an exclusive option (such as "none of these") ticked together with others."""

    def __init__(self, question, lang: str):
        self.exclusive = {str(o.code) for o in question.all_options() if _is_exclusive(o)}
        self.labels = {str(o.code): text(o.label, lang) for o in question.all_options()}
        self.lang = lang

    def __call__(self, form, field) -> None:
        chosen = set(field.data or [])
        clash = chosen & self.exclusive
        if clash and len(chosen) > 1:
            label = self.labels[sorted(clash)[0]]
            raise ValidationError(translate("error_exclusive", self.lang, option=label))


class SelectionCount:
    """Refuse fewer or more ticked options than the question allows."""

    def __init__(self, question, lang: str):
        self.low = question.min_selected
        self.high = question.max_selected
        self.lang = lang

    def __call__(self, form, field) -> None:
        count = len(field.data or [])
        if self.low and count < self.low:
            raise ValidationError(translate("error_min_selected", self.lang, n=self.low))
        if self.high and count > self.high:
            raise ValidationError(translate("error_max_selected", self.lang, n=self.high))


def _is_exclusive(option) -> bool:
    return bool(getattr(option, "exclusive", False) or getattr(option, "missing_kind", None))


class MultipleChoice(Handler):
    """Several answers from a list (checkboxes); an exclusive option stands alone."""

    template = "multiple_choice"

    def fields(self, question, lang: str, strict: bool) -> dict:
        pairs = choices(question.all_options(), lang)
        validators = [
            *presence(question, lang, strict, "error_required_multiple"),
            OneOf([v for v, _ in pairs], lang),
            ExclusiveOption(question, lang),
            SelectionCount(question, lang),
        ]
        return {
            field_name(question.key): SelectMultipleField(
                text(question.text, lang),
                choices=declared(pairs),
                validators=validators,
                validate_choice=False,
            )
        }

    def answers(self, question, form) -> dict[str, Any]:
        data = form[field_name(question.key)].data or []
        order = [o.code for o in question.all_options()]
        codes = {int(v) for v in data if str(v).lstrip("-").isdigit()}
        return {question.key: [c for c in order if c in codes] or None}

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        value = answers.get(question.key)
        return {field_name(question.key): [str(v) for v in value]} if value else {}

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key) or []
        return [(None, "; ".join(label_of(question, v, lang) for v in value))]

    def anchors(self, question) -> dict[str, str]:
        name = field_name(question.key)
        return {name: field_id(name, 0)}
