"""HTML for option groups, cached: the same question, language and answer give the same markup.

A page of matrix questions repeats one scale on every row; building each radio button through
the template costs more than the rest of the page, so option groups are rendered here once per
(field, options, chosen value) and reused.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from peiling.webforms.questions.base import field_name, text


@lru_cache(maxsize=2048)
def choice_pairs(options: tuple, lang: str) -> tuple[tuple[str, str], ...]:
    """Return (value, label) pairs of options in a language, their codes as strings."""
    return tuple((str(option.code), text(option.label, lang)) for option in options)


def option_group(name: str, kind: str, pairs: tuple, chosen, apart: int | None = None) -> Markup:
    """Return the radio buttons or checkboxes of a field, each with its label.

    ``apart`` is the index of the first option set apart from the scale ("weet ik niet").
    """
    if isinstance(chosen, list | tuple | set):
        chosen = tuple(sorted(str(c) for c in chosen))
    elif chosen is None:
        chosen = ()
    else:
        chosen = (str(chosen),)
    return _option_group(name, kind, pairs, chosen, apart)


@lru_cache(maxsize=8192)
def _option_group(name: str, kind: str, pairs: tuple, chosen: tuple, apart: int | None) -> Markup:
    safe_name = escape(name)
    parts = ['<div class="opties">']
    for index, (value, label) in enumerate(pairs):
        ident = f"f-{safe_name}-{index}"
        checked = " checked" if value in chosen else ""
        css = "optie optie-apart" if index == apart else "optie"
        parts.append(
            f'<div class="{css}"><input type="{kind}" name="{safe_name}" id="{ident}" '
            f'value="{escape(value)}"{checked}>\n<label for="{ident}">{escape(label)}</label></div>'
        )
    parts.append("</div>")
    return Markup("\n".join(parts))


def _pairs(choices) -> tuple[tuple[str, str], ...]:
    return tuple(c if isinstance(c, tuple) else (c.value, c.label) for c in choices)


def init_app(app) -> None:
    """Offer the cached option groups and the questionnaire-text filters to the templates."""
    app.add_template_global(option_group, "option_group")
    app.add_template_filter(text, "qtext")
    app.add_template_filter(field_name, "field_name")
    app.add_template_filter(_pairs, "pairs")
    app.add_template_filter(choice_pairs, "option_pairs")
