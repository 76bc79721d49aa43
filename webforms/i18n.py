"""Interface texts from the gettext catalogs, in the language Flask-Babel's selector chooses.

The catalogs are webforms/translations/<lang>/LC_MESSAGES/messages.po (compiled to .mo). A
msgid is a key such as "forward_title"; its msgstr is the text, with {placeholders} that
`translate` fills in with str.format. docs/development.md tells why and how to add one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import Flask, has_request_context, request, session
from flask_babel import Babel, get_locale, refresh

from peiling.dates import day_in_words, last_day, moment_in_words
from peiling.vocabulary import DEFAULT_LANGUAGE, LANGUAGES, language_or_default

DEFAULT = DEFAULT_LANGUAGE
# Shipped with the package (the .mo files are package data); Flask-Babel reads the same folder.
TRANSLATIONS = Path(__file__).with_name("translations")
DOMAIN = "messages"


def N_(key: str) -> str:
    """Mark a text key that a call site composes or passes on, so `pybabel extract` finds it."""
    return key


def select_language() -> str:
    """Choose the language of this request: the one in the session, else Dutch."""
    if not has_request_context():
        return DEFAULT
    return language_or_default(session.get("lang"))


def current_language() -> str:
    """Return the language of this request, as Flask-Babel's locale selector chose it."""
    locale = get_locale() if has_request_context() else None
    return language_or_default(locale.language if locale is not None else None)


def choose_language(lang: str) -> None:
    """Use a language for this respondent or staff member from now on, this request included."""
    session["lang"] = language_or_default(lang)
    refresh()


@cache
def catalog(lang: str) -> NullTranslations:
    """Return the compiled catalog of a language (read once per process)."""
    return Translations.load(str(TRANSLATIONS), [lang], DOMAIN)


def _lookup(key: str, lang: str) -> str | None:
    text = catalog(lang).gettext(key)
    return text if text != key else None


def translate(key: str, lang: str | None = None, **values) -> str:
    """Return an interface text in a language, with {placeholders} filled in."""
    lang = lang or current_language()
    if lang not in LANGUAGES:
        lang = DEFAULT
    text = _lookup(key, lang)
    if text is None and lang != DEFAULT:
        text = _lookup(key, DEFAULT)
    if text is None:
        raise KeyError(f"no text {key!r} in the catalogs (webforms/translations)")
    return text.format(**values) if values else text


def init_app(app: Flask) -> None:
    """Choose languages with Flask-Babel; offer `_`, the language and text filters to templates."""
    # The template `_` is the one below (not Flask-Babel's Jinja gettext), so no Jinja setup.
    Babel(
        app,
        configure_jinja=False,
        locale_selector=select_language,
        default_locale=DEFAULT,
        default_domain=DOMAIN,
        default_translation_directories=str(TRANSLATIONS),
    )
    # A request may share its app context (and so Flask-Babel's choice) with an earlier one, as
    # in a test that holds an app context: choose afresh for every request.
    app.before_request(refresh)
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
            "other_lang": next(other for other in LANGUAGES if other != lang),
            # Plain text that Jinja escapes, {placeholders} as in Python (not Flask-Babel's
            # newstyle gettext, which formats with % and marks the result safe).
            "_": lambda key, **values: translate(key, lang, **values),
        }
