"""Number, date, short and long text: one input each, with "don't know" boxes when offered."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from peiling.control_chars import remove_controls
from peiling.dates import local_day
from peiling.limits import NUMBER_MAX_CHARS, NUMBER_MAX_MAGNITUDE
from peiling.models.base import utcnow
from peiling.webforms.i18n import translate
from peiling.webforms.questions.base import Handler, field_id, field_name, is_empty, text
from peiling.webforms.questions.choice import choices, declared, label_of

MISSING = "missing"
SHORT_TEXT_LENGTH = 300
LONG_TEXT_LENGTH = 4000


def one_line(value: Any) -> Any:
    """Remove control characters from a typed value (a field filter; tabs become spaces)."""
    return remove_controls(value) if isinstance(value, str) else value


def several_lines(value: Any) -> Any:
    """Remove control characters from typed text but keep its line breaks (a field filter)."""
    return remove_controls(value, line_breaks=True) if isinstance(value, str) else value


def missing_options(question) -> list:
    """Return the "don't know" / "not applicable" options a question offers."""
    return [o for o in question.all_options() if getattr(o, "missing_kind", None)]


class ValueCheck:
    """Check a value field: required unless a missing box is ticked, never both, then parse."""

    def __init__(self, handler: Scalar, question, lang: str, strict: bool):
        self.handler = handler
        self.question = question
        self.lang = lang
        self.strict = strict

    def __call__(self, form, field) -> None:
        name = field_name(self.question.key, MISSING)
        ticked = form[name].data if name in form else []
        if ticked and not is_empty(field.data):
            raise StopValidation(translate("error_value_and_missing", self.lang))
        if is_empty(field.data):
            if self.strict and self.question.required and not ticked:
                raise StopValidation(translate(self.handler.required_message, self.lang))
            raise StopValidation()
        self.handler.parse(field.data, self.question, self.lang)


class OneMissing:
    """Allow at most one missing box, and only known codes."""

    def __init__(self, question, lang: str):
        self.codes = {str(o.code) for o in missing_options(question)}
        self.lang = lang

    def __call__(self, form, field) -> None:
        if len(field.data or []) > 1 or not set(field.data or []) <= self.codes:
            raise ValidationError(translate("error_one_missing", self.lang))


class Scalar(Handler):
    """A question answered with one typed value."""

    template = "scalar"
    input_type = "text"
    field_class = StringField
    required_message = "error_required_text"
    # NUL and other control characters are removed before any check, so what is stored is
    # the same on SQLite and PostgreSQL (whose JSONB refuses NUL).
    text_filter = staticmethod(one_line)

    def fields(self, question, lang: str, strict: bool) -> dict:
        result = {
            field_name(question.key): self.field_class(
                text(question.text, lang),
                validators=[ValueCheck(self, question, lang, strict)],
                filters=[self.text_filter],
                render_kw=self.render_kw(question),
            )
        }
        extra = missing_options(question)
        if extra:
            result[field_name(question.key, MISSING)] = SelectMultipleField(
                translate("missing_legend", lang),
                choices=declared(choices(extra, lang)),
                validators=[OneMissing(question, lang)],
                validate_choice=False,
            )
        return result

    def render_kw(self, question) -> dict:
        return {}

    def parse(self, raw: str, question, lang: str) -> Any:
        """Return the stored value of typed text, or raise ValidationError."""
        return raw.strip()

    def format(self, value: Any, lang: str) -> str:
        """Return a stored value as the respondent typed it."""
        return str(value)

    def answers(self, question, form) -> dict[str, Any]:
        name = field_name(question.key, MISSING)
        ticked = form[name].data if name in form else []
        if ticked:
            return {question.key: int(ticked[0])}
        raw = form[field_name(question.key)].data
        if is_empty(raw):
            return {question.key: None}
        return {question.key: self.parse(raw, question, "nl")}

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        value = answers.get(question.key)
        if value is None:
            return {}
        if self.is_missing_value(question, value):
            return {field_name(question.key, MISSING): [str(value)]}
        return {field_name(question.key): self.format(value, "nl")}

    def is_missing_value(self, question, value: Any) -> bool:
        codes = {o.code for o in missing_options(question)}
        return isinstance(value, int) and not isinstance(value, bool) and value in codes

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key)
        if value is None:
            return [(None, "")]
        if self.is_missing_value(question, value) and self.input_type != "number":
            return [(None, label_of(question, value, lang))]
        return [(None, self.format(value, lang))]

    def anchors(self, question) -> dict[str, str]:
        name = field_name(question.key)
        result = {name: field_id(name)}
        if missing_options(question):
            result[field_name(question.key, MISSING)] = field_id(
                field_name(question.key, MISSING), 0
            )
        return result


class Number(Scalar):
    """A whole or decimal number within bounds; a decimal comma is accepted."""

    input_type = "number"
    required_message = "error_required_number"

    def render_kw(self, question) -> dict:
        mode = "numeric" if question.integer else "decimal"
        return {"inputmode": mode, "autocomplete": "off"}

    def parse(self, raw: str, question, lang: str) -> int | float:
        cleaned = raw.strip().replace(" ", "").replace(",", ".")
        if len(cleaned) > NUMBER_MAX_CHARS:
            raise ValidationError(translate("error_number_too_large", lang))
        # The example in the message fits the question: a whole number never suggests "3,5".
        not_a_number = "error_integer" if question.integer else "error_number"
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(translate(not_a_number, lang)) from None
        if not number.is_finite():
            raise ValidationError(translate(not_a_number, lang))
        if number.copy_abs() > NUMBER_MAX_MAGNITUDE:  # copy_abs: no context, no overflow
            raise ValidationError(translate("error_number_too_large", lang))
        if question.integer and number != number.to_integral_value():
            raise ValidationError(translate("error_integer", lang))
        if question.min is not None and number < Decimal(str(question.min)):
            raise ValidationError(translate("error_min", lang, n=_plain(question.min)))
        if question.max is not None and number > Decimal(str(question.max)):
            raise ValidationError(translate("error_max", lang, n=_plain(question.max)))
        return int(number) if question.integer else float(number)

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key)
        if value is not None and self.is_missing_value(question, value):
            return [(None, label_of(question, value, lang))]
        return super().display(question, answers, lang)

    def format(self, value: Any, lang: str) -> str:
        shown = _plain(value)
        return shown.replace(".", ",") if lang == "nl" else shown


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


class Date(Scalar):
    """A calendar date, typed as yyyy-mm-dd or dd-mm-yyyy; stored as an ISO string."""

    input_type = "date"
    required_message = "error_required_date"

    def parse(self, raw: str, question, lang: str) -> str:
        value = raw.strip()
        match = DUTCH_DATE.match(value)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                parsed = date(year, month, day)
            else:
                parsed = date.fromisoformat(value)
        except ValueError:
            raise ValidationError(translate("error_date", lang)) from None
        low, high = _as_date(question.min_date), _as_date(question.max_date)
        if question.not_in_future and parsed > local_day(utcnow()):
            raise ValidationError(translate("error_future_date", lang))
        if low and parsed < low:
            raise ValidationError(translate("error_min_date", lang, d=_shown_date(low, lang)))
        if high and parsed > high:
            raise ValidationError(translate("error_max_date", lang, d=_shown_date(high, lang)))
        return parsed.isoformat()

    def format(self, value: Any, lang: str) -> str:
        return str(value)

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        value = answers.get(question.key)
        if isinstance(value, str):
            return [(None, _shown_date(date.fromisoformat(value), lang))]
        return super().display(question, answers, lang)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _shown_date(value: date, lang: str) -> str:
    return value.strftime("%d-%m-%Y") if lang == "nl" else value.isoformat()


class ShortText(Scalar):
    """One line of text up to a maximum length."""

    limit = SHORT_TEXT_LENGTH

    def max_length(self, question) -> int:
        return question.max_length or self.limit

    def render_kw(self, question) -> dict:
        return {"maxlength": self.max_length(question)}

    def parse(self, raw: str, question, lang: str) -> str:
        value = raw.strip()
        if len(value) > self.max_length(question):
            raise ValidationError(translate("error_too_long", lang, n=self.max_length(question)))
        return value


class LongText(ShortText):
    """Several lines of text up to a maximum length."""

    template = "long_text"
    field_class = TextAreaField
    text_filter = staticmethod(several_lines)
    limit = LONG_TEXT_LENGTH

    def render_kw(self, question) -> dict:
        return {"maxlength": self.max_length(question), "rows": 6}
