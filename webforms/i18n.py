"""Interface texts in Dutch (the default) and English, and the respondent's language."""

from __future__ import annotations

from flask import Flask, request, session

from peiling.dates import day_in_words, last_day, moment_in_words
from peiling.vocabulary import DEFAULT_LANGUAGE, language_or_default
from peiling.webforms.texts import TEXTS

DEFAULT = DEFAULT_LANGUAGE


def current_language() -> str:
    """Return the language of this respondent: the one chosen, else Dutch."""
    lang = session.get("lang")
    return language_or_default(lang)


def translate(key: str, lang: str | None = None, **values) -> str:
    """Return an interface text in a language, with {placeholders} filled in."""
    lang = lang or current_language()
    table = TEXTS.get(lang, TEXTS[DEFAULT])
    text = table.get(key) or TEXTS[DEFAULT][key]
    return text.format(**values) if values else text


def init_app(app: Flask) -> None:
    """Offer `_`, the current language and the text filters to every template."""
    app.add_template_filter(day_in_words, "day")
    app.add_template_filter(moment_in_words, "moment")
    app.add_template_global(last_day, "last_day")

    @app.context_processor
    def _language():
        lang = current_language()
        # Never echo a link token into the page (the language switch returns to this path).
        here = request.path if not request.path.startswith("/r/") else "/"
        return {
            "here": here,
            "lang": lang,
            "other_lang": "en" if lang == "nl" else "nl",
            "_": lambda key, **values: translate(key, lang, **values),
        }
