"""Interface texts in Dutch (the default) and English, and the respondent's language."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request, session

from peiling.vocabulary import DEFAULT_LANGUAGE, TIME_ZONE, language_or_default
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


MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def local_datetime(moment: datetime, lang: str) -> str:
    """Return a moment as Dutch local time in words, e.g. 3 maart 2026 om 09:00."""
    at = "at" if lang == "en" else "om"
    return f"{local_date(moment, lang)} {at} {moment.astimezone(TIME_ZONE):%H:%M}"


def local_date(moment: datetime, lang: str) -> str:
    """Return the Amsterdam day of a moment in words, e.g. 3 maart 2026."""
    local = moment.astimezone(TIME_ZONE)
    month = MONTHS.get(lang, MONTHS[DEFAULT]).split()[local.month - 1]
    return f"{local.day} {month} {local.year}"


def init_app(app: Flask) -> None:
    """Offer `_`, the current language and the text filters to every template."""
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(local_date, "local_date")

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
