"""What every question-type handler shares: field names, texts, the required check."""

from __future__ import annotations

from typing import Any

from wtforms.validators import StopValidation

from peiling.webforms.i18n import translate


def field_name(storage_key: str, suffix: str | None = None) -> str:
    """Return the form field name for a storage key (dots are not used in field names)."""
    name = storage_key.replace(".", "__")
    return f"{name}__{suffix}" if suffix else name


def field_id(name: str, index: int | None = None) -> str:
    """Return the HTML id of a field, or of one of its options."""
    return f"f-{name}" if index is None else f"f-{name}-{index}"


def text(value: Any, lang: str) -> str:
    """Return a questionnaire text in a language (Dutch when it has no translation)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("nl") or ""


def is_empty(data: Any) -> bool:
    """Tell whether a field's data counts as not answered."""
    if data is None:
        return True
    if isinstance(data, str):
        return not data.strip()
    if isinstance(data, list | tuple | set):
        return len(data) == 0
    return False


class Required:
    """Stop with a message when a field is empty; otherwise let the other checks run."""

    def __init__(self, key: str, lang: str):
        self.message = translate(key, lang)
        self.field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        if is_empty(field.data):
            field.errors[:] = []
            raise StopValidation(self.message)


class Optional:
    """Skip the other checks when a field is empty."""

    def __call__(self, form, field) -> None:
        if is_empty(field.data):
            field.errors[:] = []
            raise StopValidation()


def presence(question, lang: str, strict: bool, key: str = "error_required") -> list:
    """Return the leading validator: Required when the question needs an answer now."""
    return [Required(key, lang)] if strict and question.required else [Optional()]


class Handler:
    """What a question type offers the pages; each type's handler fills these in."""

    template = ""

    def fields(self, question, lang: str, strict: bool) -> dict:
        """Return the unbound WTForms fields of a question, by field name."""
        raise NotImplementedError

    def answers(self, question, form) -> dict[str, Any]:
        """Return the stored values a validated form gives, by storage key (None removes)."""
        raise NotImplementedError

    def form_data(self, question, answers: dict) -> dict[str, Any]:
        """Return field data that shows saved answers in the form."""
        raise NotImplementedError

    def display(self, question, answers: dict, lang: str) -> list[tuple[str | None, str]]:
        """Return the answer as (label or None, text) lines for the review."""
        raise NotImplementedError

    def anchors(self, question) -> dict[str, str]:
        """Return field name -> HTML id, for the links in the error summary."""
        raise NotImplementedError
