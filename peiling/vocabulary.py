"""The domain words, defined once: languages, divisions, export choices, time zone and survey."""

from __future__ import annotations

from zoneinfo import ZoneInfo

# Languages of the questionnaire, the mail and the exports; the first is the default.
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

# How earlier waves place merged municipalities: under today's successor, or as they were.
DIVISIONS = ("current", "historical")
DEFAULT_DIVISION = DIVISIONS[0]

# What an export writes, and what one row of its figures stands for.
EXPORT_FORMATS = ("xlsx", "csv", "sav", "dta")
EXPORT_UNITS = ("response", "organisation")
CSV_DIALECTS = ("standard", "nl")  # long CSV: comma and decimal point, or Dutch Excel

# The twelve provinces, in the order of their CBS codes (PV20 to PV31).
PROVINCES = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

# Size classes of municipalities by population: (from, below, label); None means no upper bound.
SIZE_CLASSES = (
    (0, 20_000, "< 20.000"),
    (20_000, 50_000, "20.000 - 50.000"),
    (50_000, 100_000, "50.000 - 100.000"),
    (100_000, None, ">= 100.000"),
)

# Every day and time a person sees or types is a day in this zone.
TIME_ZONE = ZoneInfo("Europe/Amsterdam")

# The survey peiling was built for; commands and flows use it when no other survey is named.
DEFAULT_SURVEY = "ess-behoeftepeiling"


def language_or_default(value: str | None) -> str:
    """Return value when it is a known language, otherwise the default language."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


# The first needs survey's finding, per theme matrix and theme (0 low .. 1 high): inclusion and
# polarisation live most, subversion gets most policy attention (simulated answers follow it).
THEME_PROFILES = {
    "thema_leeft": {
        "inclusie": 0.72,
        "polarisatie": 0.74,
        "problematisch_gedrag": 0.6,
        "ondermijning": 0.52,
        "radicalisering": 0.36,
        "extremisme": 0.3,
    },
    "thema_aandacht": {
        "inclusie": 0.4,
        "polarisatie": 0.38,
        "problematisch_gedrag": 0.5,
        "ondermijning": 0.8,
        "radicalisering": 0.46,
        "extremisme": 0.42,
    },
}
