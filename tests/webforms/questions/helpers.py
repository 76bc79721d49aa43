"""Build questions and bare WTForms forms for the handler tests (no app, no database)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import Form

from peiling.questionnaires import Option, Question, Row, Text
from peiling.webforms.questions import handler_for


def t(nl: str, en: str | None = None) -> Text:
    """Return a text in Dutch (and English)."""
    return Text({"nl": nl, **({"en": en} if en else {})})


def opts(*labels: str, missing: tuple[str, ...] = ()) -> dict:
    """Return options coded 1.. and missing codes 98.. for a question."""
    return {
        "options": tuple(Option(i, t(label)) for i, label in enumerate(labels, 1)),
        "missing": tuple(
            Option(98 + i, t(label), missing_kind="dont_know") for i, label in enumerate(missing)
        ),
    }


def question(key: str, type_: str, **fields) -> Question:
    """Return a question of a type with a Dutch text."""
    fields.setdefault("text", t(f"Vraag {key}", f"Question {key}"))
    return Question(key=key, type=type_, **fields)


def rows(*keys: str) -> tuple[Row, ...]:
    """Return matrix rows."""
    return tuple(Row(k, t(k.capitalize())) for k in keys)


def bind(q: Question, data: dict | None = None, *, strict=True, lang="nl", saved=None):
    """Build a bare wtforms.Form from a question's fields and fill it with posted data."""
    handler = handler_for(q)
    form_class = type("F", (Form,), handler.fields(q, lang, strict))
    if data is None:
        return handler, form_class(data=handler.form_data(q, saved or {}))
    items = []
    for key, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            items.append((key, one))
    return handler, form_class(formdata=MultiDict(items))


def check(q: Question, data: dict, **kw):
    """Validate posted data; return (valid, errors by field, handler, form)."""
    handler, form = bind(q, data, **kw)
    ok = all(form[name].validate(form) for name in list(handler.anchors(q)))
    errors = {name: form[name].errors for name in handler.anchors(q) if form[name].errors}
    return ok, errors, handler, form
