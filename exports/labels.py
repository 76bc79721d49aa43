"""Headings and fixed texts of the exports, in Dutch and English."""

from __future__ import annotations

TEXTS = {
    "nl": {
        "sheet_notes": "Toelichting",
        "sheet_response": "Respons",
        "sheet_trends": "Trends",
        "sheet_themes": "Thema's",
        "sheet_breakdowns": "Breakdowns",
        "sheet_open": "Open antwoorden",
        "sheet_data": "Data {wave}",
        "sheet_codebook": "Codeboek",
        "wave": "Golf",
        "version": "Versie vragenlijst",
        "opens": "Open vanaf",
        "closes": "Gesloten op",
        "invited": "Uitgenodigd",
        "started": "Gestart",
        "submitted": "Ingevuld",
        "rate": "Responspercentage",
        "kept": "Opgenomen in de analyse",
        "partial": "Waarvan gedeeltelijk ingevuld",
        "dimension": "Indeling",
        "category": "Categorie",
        "province": "Provincie",
        "size_class": "Grootteklasse (inwoners)",
        "safety_region": "Veiligheidsregio",
        "role": "Domein respondent",
        "unknown": "Onbekend",
        "total": "Totaal",
        "question": "Vraag",
        "variable": "Variabele",
        "text": "Vraagtekst",
        "type": "Type",
        "row_kind": "Soort regel",
        "code": "Code",
        "option": "Antwoord",
        "kind_option": "aandeel",
        "kind_mean": "gemiddelde",
        "kind_missing": "ontbrekend (niet in aandelen of gemiddelden)",
        "mean_label": "Gemiddelde (95%-betrouwbaarheidsinterval)",
        "value": "{wave}: waarde",
        "n": "{wave}: N",
        "low": "{wave}: 95%-BI laag",
        "high": "{wave}: 95%-BI hoog",
        "change": "{new} t.o.v. {old}: verschil",
        "p_value": "{new} t.o.v. {old}: p-waarde",
        "significant": "{new} t.o.v. {old}: significant",
        "comparability": "{new} t.o.v. {old}: vergelijkbaarheid",
        "yes": "ja",
        "no": "nee",
        "suppressed": "< {k}",
        "new_option": "nieuwe antwoordoptie",
        "theme": "Thema",
        "organisation_code": "Organisatiecode",
        "organisation": "Organisatie",
        "answer": "Antwoord",
        "texts_in": "Tekst versie {version}",
        "codes": "Codes",
        "missing_codes": "Ontbrekende waarden",
        "chosen_codes": "1 = gekozen; 0 = niet gekozen; leeg = vraag niet beantwoord",
        "rank_codes": "rangnummer (1 = eerste keuze); leeg = niet gekozen",
        "trends_title": "Trends per vraag en antwoord",
        "trends_method": (
            "Aandelen: van de respondenten met een inhoudelijk antwoord (ontbrekende codes tellen "
            "niet mee), met een 95%-betrouwbaarheidsinterval (Wilson). Verschil in procentpunten, "
            "getoetst met de tweezijdige z-toets voor twee proporties; gemiddelden met een "
            "95%-betrouwbaarheidsinterval (t-verdeling), verschil getoetst met Welch' t-toets. "
            "Significant bij p < {alpha}. Cellen op minder dan {k} antwoorden zijn onderdrukt."
        ),
        "themes_title": "Thema's: hoe sterk ze leven, aandacht in beleid, tevredenheid en behoefte",
        "themes_method": (
            "Gemiddelden op de schaal 1-5 (ontbrekende codes tellen niet mee). Kloof = "
            "gemiddeld verschil tussen 'leeft' en 'aandacht' bij respondenten die beide "
            "beantwoordden (positief: het thema leeft meer dan het aandacht krijgt)."
        ),
        "breakdowns_title": "Thema-cijfers van golf {wave} naar grootteklasse, provincie en domein",
        "open_title": "Open antwoorden",
        "codebook_title": "Codeboek",
        "response_title": "Respons per golf",
        "mean_of": "Gemiddelde",
        "gap": "Kloof leeft - aandacht",
        "gap_share": "Aandeel waar het thema meer leeft dan het aandacht krijgt",
        "not_shown": "niet te berekenen",
    },
    "en": {
        "sheet_notes": "Notes",
        "sheet_response": "Response",
        "sheet_trends": "Trends",
        "sheet_themes": "Themes",
        "sheet_breakdowns": "Breakdowns",
        "sheet_open": "Open answers",
        "sheet_data": "Data {wave}",
        "sheet_codebook": "Codebook",
        "wave": "Wave",
        "version": "Questionnaire version",
        "opens": "Opened",
        "closes": "Closed",
        "invited": "Invited",
        "started": "Started",
        "submitted": "Submitted",
        "rate": "Response rate",
        "kept": "Included in the analysis",
        "partial": "Of which partial",
        "dimension": "Breakdown",
        "category": "Category",
        "province": "Province",
        "size_class": "Size class (population)",
        "safety_region": "Safety region",
        "role": "Respondent's domain",
        "unknown": "Unknown",
        "total": "Total",
        "question": "Question",
        "variable": "Variable",
        "text": "Question text",
        "type": "Type",
        "row_kind": "Row kind",
        "code": "Code",
        "option": "Answer",
        "kind_option": "share",
        "kind_mean": "mean",
        "kind_missing": "missing (not in shares or means)",
        "mean_label": "Mean (95% confidence interval)",
        "value": "{wave}: value",
        "n": "{wave}: N",
        "low": "{wave}: 95% CI low",
        "high": "{wave}: 95% CI high",
        "change": "{new} vs {old}: change",
        "p_value": "{new} vs {old}: p-value",
        "significant": "{new} vs {old}: significant",
        "comparability": "{new} vs {old}: comparability",
        "yes": "yes",
        "no": "no",
        "suppressed": "< {k}",
        "new_option": "new answer option",
        "theme": "Theme",
        "organisation_code": "Organisation code",
        "organisation": "Organisation",
        "answer": "Answer",
        "texts_in": "Text version {version}",
        "codes": "Codes",
        "missing_codes": "Missing values",
        "chosen_codes": "1 = chosen; 0 = not chosen; empty = question not answered",
        "rank_codes": "rank (1 = first choice); empty = not chosen",
        "trends_title": "Trends per question and answer",
        "trends_method": (
            "Shares: of the respondents with a substantive answer (missing codes left out), with "
            "a 95% confidence interval (Wilson). Change in percentage points, tested with the "
            "two-sided two-proportion z-test; means with a 95% confidence interval (t "
            "distribution), change tested with Welch's t-test. Significant at p < {alpha}. "
            "Cells resting on fewer than {k} answers are suppressed."
        ),
        "themes_title": "Themes: how much they live, policy attention, satisfaction and need",
        "themes_method": (
            "Means on the 1-5 scale (missing codes left out). Gap = mean difference between "
            "'lives' and 'attention' among respondents who answered both (positive: the theme "
            "lives more than it gets attention)."
        ),
        "breakdowns_title": "Theme figures of wave {wave} by size class, province and domain",
        "open_title": "Open answers",
        "codebook_title": "Codebook",
        "response_title": "Response per wave",
        "mean_of": "Mean",
        "gap": "Gap lives - attention",
        "gap_share": "Share for whom the theme lives more than it gets attention",
        "not_shown": "cannot be computed",
    },
}

STATUS = {
    "nl": {
        "same": "gelijk",
        "comparable": "vergelijkbaar (kleine wijziging)",
        "recoded": "vergelijkbaar na hercodering",
        "rescaled": "vergelijkbaar na omzetting van de schaal",
        "not_comparable": "niet vergelijkbaar",
        "new": "nieuw (niet gevraagd in de eerdere golf)",
        "dropped": "vervallen",
    },
    "en": {
        "same": "same",
        "comparable": "comparable (minor change)",
        "recoded": "comparable after recoding",
        "rescaled": "comparable after rescaling",
        "not_comparable": "not comparable",
        "new": "new (not asked in the earlier wave)",
        "dropped": "dropped",
    },
}

ROLES = {
    "nl": {"safety": "Veiligheid", "social": "Sociaal domein", "other": "Anders"},
    "en": {"safety": "Safety", "social": "Social domain", "other": "Other"},
}

# The theme figures: which matrix question measures what (rows are the themes).
THEME_MEASURES = [
    ("thema_leeft", {"nl": "Hoe sterk leeft het thema", "en": "How much the theme lives"}),
    ("thema_aandacht", {"nl": "Aandacht in het beleid", "en": "Policy attention"}),
    (
        "steun_tevredenheid",
        {"nl": "Tevredenheid over de ondersteuning", "en": "Satisfaction with support"},
    ),
    ("steun_behoefte", {"nl": "Behoefte aan expertise", "en": "Need for expertise"}),
]
GAP_MEASURES = ("thema_leeft", "thema_aandacht")


def text(lang: str, key: str, **values) -> str:
    """Return a fixed text in a language, filled in."""
    return TEXTS[lang][key].format(**values)
