"""Plausible answers per question type, drawn from a seeded random generator."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from peiling.vocabulary import THEME_PROFILES

TEXTS = [
    "Meer handvatten voor het gesprek met jongeren die online radicaliseren.",
    "Een netwerkbijeenkomst met andere gemeenten in de regio zou helpen.",
    "Ondersteuning bij het opzetten van een signaleringsstructuur.",
    "Training voor frontlijnwerkers over polarisatie in wijken.",
    "Casusoverleg met de politie loopt goed; behoefte aan juridisch advies.",
    "Duidelijkheid over de rol van de gemeente bij demonstraties.",
    "Kennis over complotdenken en hoe daarmee om te gaan.",
    "Hulp bij het duiden van spanningen rond de opvang van asielzoekers.",
]
# Open answers that fit their question (by question key); others get a general remark.
OPEN_TEXTS = {
    "rol_domein_anders": [
        "Openbare orde en veiligheid",
        "Jeugd en onderwijs",
        "Integratie en participatie",
        "Wijkteam",
        "Communicatie en dienstverlening",
    ],
    "samenwerking_gemist_anders": [
        "Woningcorporaties",
        "Sportverenigingen",
        "Moskeebesturen en kerken",
        "Buurgemeenten in de regio",
        "Het Openbaar Ministerie",
    ],
    "samenwerking_verbeteren": [
        "Een vaste contactpersoon bij de politie die de wijk kent.",
        "Regelmatig casusoverleg met scholen, ook buiten incidenten om.",
        "Duidelijke afspraken over wat we onder de AVG mogen delen.",
        "Meer tijd en capaciteit bij de partners voor preventie.",
        "Korte lijnen met het veiligheidshuis over lopende casussen.",
    ],
    "polarisatie_aanpak": [
        "Training voor frontlijnwerkers over polarisatie in wijken.",
        "Handvatten voor het gesprek met jongeren die online radicaliseren.",
        "Voorbeelden van gemeenten die spanningen rond de opvang goed hebben begeleid.",
        "Kennis over complotdenken en hoe daarmee om te gaan.",
        "Een netwerkbijeenkomst met andere gemeenten in de regio.",
    ],
    "rechtsextremisme_toelichting": [
        "Stickers en pamfletten van een extreemrechtse groep in het centrum.",
        "Online bedreigingen aan het adres van een raadslid na een debat over de opvang.",
        "Jongeren die in een appgroep extreemrechtse memes delen; gemeld door een school.",
        "Een demonstratie waarbij symbolen van een extreemrechtse beweging te zien waren.",
    ],
    "opmerkingen": [
        "Fijn dat deze peiling jaarlijks terugkomt.",
        "Graag meer regionale bijeenkomsten van de Expertise-unit.",
        "De vragenlijst was wat lang, maar de onderwerpen zijn herkenbaar.",
        "Ondermijning krijgt veel aandacht, polarisatie en inclusie blijven achter.",
    ],
    "vervolg_contact": [
        "De beleidsadviseur openbare orde en veiligheid",
        "Teamleider sociaal domein",
        "Coördinator veiligheid en zorg",
        "Strategisch adviseur integratie",
    ],
}
AVERAGE_LEVEL = 0.45  # the mean of an organisation's base level (simulation/plan.py)
JUNK_TEXTS = ["asdf", "...", "-", "  xx\t\t  \x07", "nvt nvt nvt", "kjhkjh", "\n\n?\n", "0"]


def theme_level(key: str, wave_index: int, base: float, question_key: str = "") -> float:
    """Return the 0..1 level of a theme (by the first survey's pattern for lives and attention,
    around an organisation's base level); polarisation rises wave by wave."""
    profile = THEME_PROFILES.get(question_key, {})
    level = base - AVERAGE_LEVEL + profile[key] if key in profile else base
    if "polarisatie" in key and question_key != "thema_aandacht":  # attention lags behind
        level += 0.08 * wave_index
    if "extremisme" in key or "radicalisering" in key:
        level += 0.03 * wave_index
    return min(max(level, 0.0), 1.0)


def scale_value(rng: random.Random, codes: list[int], level: float) -> int:
    """Draw a code of an ordered scale around a level between 0 (lowest) and 1 (highest)."""
    position = level * (len(codes) - 1) + rng.gauss(0, 0.9)
    return codes[min(max(round(position), 0), len(codes) - 1)]


@lru_cache(maxsize=4096)
def substantive_codes(question) -> tuple[int, ...]:
    """Return the codes of the options that are not missing codes, in their order."""
    return tuple(o.code for o in question.options)


@lru_cache(maxsize=4096)
def missing_codes(question) -> tuple[int, ...]:
    """Return the missing codes (don't know, not applicable) of a question."""
    return tuple(o.code for o in question.missing)


def answer(rng: random.Random, question, ctx: dict) -> dict[str, Any]:
    """Return a plausible answer to one question as {storage key: value}."""
    kind = question.type
    level = ctx["level"]
    missing = missing_codes(question)
    if kind in ("likert", "single_choice") and missing and rng.random() < 0.05:
        return {question.key: rng.choice(missing)}
    if kind == "likert":
        codes = substantive_codes(question)
        return {
            question.key: scale_value(rng, codes, theme_level(question.key, ctx["wave"], level))
        }
    if kind == "single_choice":
        codes = substantive_codes(question)
        weights = [1.0 / (i + 1) for i in range(len(codes))]
        return {question.key: rng.choices(codes, weights=weights)[0]}
    if kind == "matrix":
        return matrix_answer(rng, question, ctx)
    if kind == "multiple_choice":
        return {question.key: multiple_answer(rng, question)}
    if kind == "ranking":
        codes = substantive_codes(question)
        top = question.top or len(codes)
        return {question.key: rng.sample(codes, min(top, len(codes)))}
    if kind == "number":
        return {question.key: number_answer(rng, question)}
    if kind == "date":
        return {question.key: (ctx["date"] - timedelta(days=rng.randint(0, 300))).isoformat()}
    if kind in ("short_text", "long_text"):
        return {question.key: text_answer(rng, question, ctx)}
    return {}


def matrix_answer(rng: random.Random, question, ctx: dict) -> dict[str, Any]:
    """Answer every row of a matrix; a straight-liner gives one value to all rows."""
    codes = substantive_codes(question)
    missing = missing_codes(question)
    if ctx.get("straightline"):
        value = codes[len(codes) // 2] if rng.random() < 0.5 else rng.choice(codes)
        return {f"{question.key}.{row.key}": value for row in question.rows}
    result = {}
    for row in question.rows:
        if missing and rng.random() < 0.04:
            result[f"{question.key}.{row.key}"] = rng.choice(missing)
            continue
        level = theme_level(row.key, ctx["wave"], ctx["level"], question.key)
        result[f"{question.key}.{row.key}"] = scale_value(rng, codes, level)
    return result


def multiple_answer(rng: random.Random, question) -> list[int]:
    """Pick one to three options, or the exclusive option alone now and then."""
    options = question.all_options()
    exclusive = [o.code for o in options if o.exclusive]
    plain = [o.code for o in options if not o.exclusive and not question.is_missing_code(o.code)]
    if (exclusive and rng.random() < 0.07) or not plain:
        return [exclusive[0]] if exclusive else []
    count = min(len(plain), rng.choice([1, 1, 2, 2, 3]))
    low = question.min_selected or 1
    high = question.max_selected or len(plain)
    count = min(max(count, low), high)
    return sorted(rng.sample(plain, count))


def number_answer(rng: random.Random, question) -> int:
    """Return a plausible number: years of experience skewed (median about 7), else uniform."""
    low = int(question.min if question.min is not None else 0)
    high = int(question.max if question.max is not None else max(low + 20, 20))
    if "ervaring" in question.key:  # years: many newcomers, a long tail of veterans
        value = round(rng.lognormvariate(math.log(7), 0.75))
    elif "fte" in question.key:  # a municipality's staff on these subjects
        value = round(rng.lognormvariate(math.log(2), 0.8))
    else:
        return rng.randint(low, min(high, low + 50))
    return min(max(value, low), high)


def text_answer(rng: random.Random, question, ctx: dict) -> str:
    """Return an open answer that fits its question; junk for a share of respondents; never
    over the maximum length."""
    fitting = OPEN_TEXTS.get(question.key, TEXTS)
    value = rng.choice(JUNK_TEXTS) if ctx.get("junk") else rng.choice(fitting)
    if question.type == "long_text" and not ctx.get("junk") and rng.random() < 0.4:
        others = [t for t in fitting if t != value] or fitting
        value += "  \n" + rng.choice(others)
    if question.max_length:
        value = value[: question.max_length]
    return value


def as_date(value) -> date:
    """Return the date part of a datetime (or a date)."""
    return value.date() if hasattr(value, "date") else value
