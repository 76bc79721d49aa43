"""Who a survey is from and what it promises: organisation, logo, duration and statements.

Each survey may have a folder `<data folder>/surveys/<survey>/` holding `about.toml`, a logo and
the privacy and accessibility statements (`privacy.nl.md`, `toegankelijkheid.en.md`, ...). What
it lacks comes from the shipped folder of that survey, then from the shipped ESS folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from peiling.errors import UserError
from peiling.questionnaires.duration import estimate_minutes
from peiling.settings import get_settings
from peiling.vocabulary import DEFAULT_LANGUAGE, DEFAULT_SURVEY

SHIPPED = Path(str(files("peiling.webforms") / "surveys"))
STATEMENTS = ("privacy", "toegankelijkheid")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
# Markdown without raw HTML: a statement file can format text and link, never add markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class About:
    """A survey's sender (per language), logo file and configured duration in minutes."""

    organisation: dict[str, str]
    logo: Path | None
    minutes: int | None

    def organisation_in(self, lang: str) -> str:
        """Return the organisation's name in a language (Dutch when not given)."""
        return self.organisation.get(lang) or self.organisation.get(DEFAULT_LANGUAGE, "")


def folders(survey_key: str) -> list[Path]:
    """Return the folders that may describe a survey, the data folder's first."""
    own = get_settings().data_path / "surveys" / survey_key
    found = [own, SHIPPED / survey_key, SHIPPED / DEFAULT_SURVEY]
    return [f for f in dict.fromkeys(found) if f.is_dir()]


def _first(survey_key: str, *names: str) -> Path | None:
    for folder in folders(survey_key):
        for name in names:
            if (folder / name).is_file():
                return folder / name
    return None


def about_survey(survey_key: str) -> About:
    """Read a survey's about.toml: organisation (name per language), logo, minutes."""
    path = _first(survey_key, "about.toml")
    if path is None:
        return About({}, None, None)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not a valid TOML file ({exc})") from None
    organisation = data.get("organisation", {})
    if isinstance(organisation, str):
        organisation = {DEFAULT_LANGUAGE: organisation}
    logo = path.parent / data["logo"] if data.get("logo") else None
    if logo is not None and (logo.suffix not in LOGO_TYPES or not logo.is_file()):
        raise UserError(f"{path}: logo {data['logo']!r} must be an .svg or .png file beside it")
    minutes = data.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or minutes < 1):
        raise UserError(f"{path}: minutes must be a whole number of at least 1, not {minutes!r}")
    return About(dict(organisation), logo, minutes)


def minutes_for(survey_key: str, questionnaire) -> int:
    """Return how long the questionnaire takes: configured, else computed from its questions."""
    return about_survey(survey_key).minutes or estimate_minutes(questionnaire)


def statement(survey_key: str, name: str, lang: str) -> Markup:
    """Return a statement (privacy, toegankelijkheid) as HTML, in the language or else Dutch."""
    path = _first(survey_key, f"{name}.{lang}.md", f"{name}.{DEFAULT_LANGUAGE}.md")
    if path is None:
        raise UserError(f"no {name} statement for survey {survey_key}")
    return Markup(_MARKDOWN.render(path.read_text(encoding="utf-8")))
