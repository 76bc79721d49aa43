"""The registry of question types: each type's handler turns a question into WTForms fields.

A handler offers ``fields(question, lang, strict)`` (unbound fields by name), ``answers(question,
form)`` (stored values by storage key; None removes one), ``form_data(question, answers)`` (field
data to show saved answers), ``display(question, answers, lang)`` (the answer as text) and
``anchors(question)`` (field name -> HTML id, for links from the error summary). ``strict`` is
False when the respondent goes back or saves for later: then required questions may stay open.
"""

from __future__ import annotations

from functools import lru_cache

from wtforms import Form

from peiling.webforms.questions.choice import MultipleChoice, SingleChoice
from peiling.webforms.questions.matrix import Matrix
from peiling.webforms.questions.ranking import Ranking
from peiling.webforms.questions.scalar import Date, LongText, Number, ShortText

REGISTRY = {
    "single_choice": SingleChoice(),
    "likert": SingleChoice(),
    "multiple_choice": MultipleChoice(),
    "matrix": Matrix(),
    "ranking": Ranking(),
    "number": Number(),
    "date": Date(),
    "short_text": ShortText(),
    "long_text": LongText(),
}


def handler_for(question):
    """Return the handler of a question's type."""
    return REGISTRY[question.type]


class PageForm(Form):
    """Base of the per-request page forms; CSRF is checked for the whole app by CSRFProtect."""


@lru_cache(maxsize=4096)
def _unbound_fields(question, lang: str, strict: bool) -> dict:
    # Unbound fields are recipes: every form instance binds fresh Field objects from them,
    # so one recipe per question (parsed questionnaires are shared and read-only) serves all.
    return handler_for(question).fields(question, lang, strict)


def build_form(questions, lang: str, strict: bool) -> type[PageForm]:
    """Return the form class holding the fields of these questions (made once, then shared)."""
    return _form_class(tuple(questions), lang, strict)


@lru_cache(maxsize=1024)
def _form_class(questions: tuple, lang: str, strict: bool) -> type[PageForm]:
    # A form class is a recipe too: each instance binds its own fields and data, so one class
    # per page, language and strictness (parsed questionnaires are read-only) serves every
    # request; building it anew cost every request a class creation.
    attrs = {}
    for question in questions:
        attrs.update(_unbound_fields(question, lang, strict))
    return type("PageForm", (PageForm,), attrs)


def changes(questions, form: PageForm) -> dict:
    """Return the stored values a validated form gives, by storage key."""
    result = {}
    for question in questions:
        result.update(handler_for(question).answers(question, form))
    return result


def form_data(questions, answers: dict) -> dict:
    """Return field data that shows the saved answers of these questions."""
    result = {}
    for question in questions:
        result.update(handler_for(question).form_data(question, answers))
    return result


def validate(form: PageForm, questions) -> bool:
    """Validate the fields of these questions only (the visible ones); True when all pass."""
    ok = True
    for question in questions:
        for name in handler_for(question).anchors(question):
            if not form[name].validate(form):
                ok = False
    return ok


def errors(form: PageForm, questions, lang: str) -> list[tuple[str, str, str]]:
    """List (HTML id, question text, message) of every error, in page order."""
    from peiling.webforms.questions.base import text

    found = []
    for question in questions:
        asked = text(question.text, lang)
        for name, anchor in handler_for(question).anchors(question).items():
            label = form[name].label.text
            # A matrix row or ranking place is named after its question and its own label.
            where = asked if label in (asked, "") else f"{asked} – {label}"
            for message in form[name].errors:
                found.append((anchor, where, message))
    return found
