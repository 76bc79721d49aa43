"""Headings and fixed texts of the exports, in Dutch and English."""

from __future__ import annotations

TEXTS = {
    "nl": {
        "sheet_notes": "Toelichting",
        "sheet_response": "Respons",
        "sheet_trends": "Trends",
        "sheet_themes": "Thema's",
        "sheet_breakdowns": "Uitsplitsingen",
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
        "q_value": "{new} t.o.v. {old}: q-waarde (Benjamini-Hochberg)",
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
            "niet mee); verschil in procentpunten. Intervallen en toetsen: zie Toelichting, "
            "methode per kolom. q-waarde: p-waarde gecorrigeerd voor meervoudig toetsen "
            "(Benjamini-Hochberg, over alle toetsen van een paar golven op dit blad); "
            "significant bij q < {alpha}. "
            "Aandelen rusten op alle inhoudelijke antwoorden van een golf in haar eigen "
            'vragenlijstversie. "niet gevraagd": de golf stelde de vraag of bood de optie niet '
            "aan (geen 0%). Cellen op minder dan {k} antwoorden zijn onderdrukt."
        ),
        "themes_title": "Thema's: hoe sterk ze leven, aandacht in beleid, tevredenheid en behoefte",
        "themes_method": (
            "Gemiddelden op de schaal 1-5 (ontbrekende codes tellen niet mee). Kloof = "
            "gemiddeld verschil tussen 'leeft' en 'aandacht' bij respondenten die beide "
            "beantwoordden (positief: het thema leeft meer dan het aandacht krijgt)."
        ),
        "breakdowns_title": "Thema-cijfers van golf {wave} naar grootteklasse, provincie en domein",
        "breakdowns_weighted": (
            "Gewogen gemiddelden, met dezelfde gewichten als de bladen Trends en Thema's "
            "(zie Toelichting, Weging); N: ongewogen aantal antwoorden."
        ),
        "breakdowns_unweighted": "Ongewogen gemiddelden; N: aantal antwoorden.",
        "open_title": "Open antwoorden",
        "codebook_title": "Codeboek",
        "codebook_unit_note": (
            "In een golf waarin de gemeente als geheel antwoordt, is er één gedeelde respons per "
            "gemeente (contributing_roles noemt de domeinen die eraan bijdroegen); in een golf "
            "per contactpersoon kan een gemeente meer responsen hebben. Trends over golven met "
            "een verschillende opzet zijn vergelijkbaar op gemeenteniveau: gebruik org_primary "
            "of org_weight (eenheid 'organisation')."
        ),
        "response_title": "Respons per golf",
        "mean_of": "Gemiddelde",
        "gap": "Kloof leeft - aandacht",
        "gap_share": "Aandeel waar het thema meer leeft dan het aandacht krijgt",
        "not_shown": "niet te berekenen",
        "not_asked": "niet gevraagd",
        "axis_mean": "Gemiddelde (1-5)",
        "axis_gap": "Kloof (punten op de schaal 1-5)",
        "axis_share": "Aandeel",
        "bar_minus": "Grafiek {wave}: 95%-BI onder de waarde",
        "bar_plus": "Grafiek {wave}: 95%-BI boven de waarde",
        "kind_collapsed": "aandeel (samengevoegd)",
        "original_of": "{text} (antwoord zoals gegeven in versie {version}, niet omgezet)",
        "original_codebook": (
            "antwoorden zoals gegeven in versie {version}; de omgezette kolom is {mapped}"
        ),
        "dropped_codebook": "laatst gevraagd in versie {version}",
        "carried_codes": (
            "confirmed = antwoord van vorig jaar bevestigd; changed = gewijzigd; new = geen "
            "antwoord van vorig jaar; leeg = niet beantwoord"
        ),
        "municipalities_responding": "Gemeenten met respons",
        "municipalities_active": "Gemeenten actief op de peildatum",
        "municipalities_rate": "Respons gemeenten",
        "municipalities_words": "Gemeenten",
        "contacts": "contactpersonen",
        "organisations": "gemeenten",
        "counted": "Geteld",
        "weights": "Weging",
        "weights_on": (
            "Gewogen naar de gemeentelijst in de database: per golf zijn de responderende "
            "gemeenten gewogen (raking, iteratief proportioneel aanpassen, met svy) naar "
            "grootteklasse en provincie van alle gemeenten die op de startdatum bestonden; "
            "bij analyse per respons telt elke gemeente eenmaal (gewicht gemeente x org_weight)."
        ),
        "weights_off": "Ongewogen: elk antwoord telt even zwaar (optie --no-weights).",
        "methods": "Methode per kolom",
        "method_design": (
            "Trends en Thema's, kolommen waarde: gewogen aandeel of gemiddelde (statsmodels WLS "
            "op een constante). Kolommen 95%-BI laag en hoog (de enige kolommen met "
            "eindige-populatiecorrectie): standaardfout geclusterd per gemeente (HC1 op een "
            "regel per gemeente, gelijk aan cov_type=cluster) maal de eindige-populatiecorrectie "
            "wortel(1 - f), f = responderende gemeenten / alle actieve gemeenten; gemiddelden "
            "t-verdeling met (gemeenten - 1) vrijheidsgraden, aandelen Wilson op de effectieve "
            "steekproefomvang. Het interval beschrijft de gemeenten van die golf. Kolommen "
            "verschil, p-waarde, q-waarde en significant: Wald-toets (scipy) op de twee "
            "geclusterde standaardfouten zonder eindige-populatiecorrectie: een verandering "
            "wordt getoetst als verandering van het proces achter de antwoorden "
            "(superpopulatie), niet van de vaste gemeenten van twee jaren (Graubard en Korn "
            "2002, Statistical Science 17(1), 73-96); q-waarde: Benjamini-Hochberg "
            "(statsmodels multipletests). N: ongewogen aantal antwoorden. Uitsplitsingen: "
            "gewogen gemiddelden met dezelfde gewichten (zonder interval), N ongewogen."
        ),
        "method_simple": (
            "Trends en Thema's, waarde: ongewogen aandeel of gemiddelde. 95%-BI: aandelen "
            "Wilson (statsmodels proportion_confint), gemiddelden t-verdeling (scipy). "
            "p-waarde: aandelen z-toets voor twee proporties (statsmodels proportions_ztest), "
            "gemiddelden Welch' t-toets (scipy); q-waarde: Benjamini-Hochberg. N: aantal "
            "antwoorden. Uitsplitsingen: ongewogen gemiddelden."
        ),
        "scale_change": "schaal gewijzigd (4 naar 5 punten) tussen {old} en {new}",
        "new_scale": "nieuwe schaal",
        "lives_attention_title": "Leeft versus aandacht per thema en golf",
        "lives": "Leeft",
        "attention": "Aandacht",
        "rank_lives": "Rang leeft",
        "rank_attention": "Rang aandacht",
        "axis_lives": "Hoe sterk leeft het thema (1-5)",
        "axis_attention": "Aandacht in het beleid (1-5)",
        "rank_correlation": "Rangcorrelatie (Spearman) leeft-aandacht, golf {wave}",
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
        "q_value": "{new} vs {old}: q-value (Benjamini-Hochberg)",
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
            "Shares: of the respondents with a substantive answer (missing codes left out); "
            "change in percentage points. Intervals and tests: see Notes, method per column. "
            "q-value: the p-value adjusted "
            "for multiple testing (Benjamini-Hochberg, over every test of a pair of waves on "
            "this sheet); significant at q < {alpha}. Shares rest on every substantive answer "
            'a wave gave in its own questionnaire version. "not asked": the wave did not ask '
            "the question or offer the option (not 0%). Cells resting on fewer than {k} answers "
            "are suppressed."
        ),
        "themes_title": "Themes: how much they live, policy attention, satisfaction and need",
        "themes_method": (
            "Means on the 1-5 scale (missing codes left out). Gap = mean difference between "
            "'lives' and 'attention' among respondents who answered both (positive: the theme "
            "lives more than it gets attention)."
        ),
        "breakdowns_title": "Theme figures of wave {wave} by size class, province and domain",
        "breakdowns_weighted": (
            "Weighted means, with the same weights as the Trends and Themes sheets (see "
            "Notes, Weighting); N: unweighted number of answers."
        ),
        "breakdowns_unweighted": "Unweighted means; N: number of answers.",
        "open_title": "Open answers",
        "codebook_title": "Codebook",
        "codebook_unit_note": (
            "In a wave where the municipality answers as a whole there is one shared response per "
            "municipality (contributing_roles names the domains that contributed); in a wave per "
            "contact a municipality may have several responses. Trends across waves of different "
            "set-ups compare at municipality level: use org_primary or org_weight (unit "
            "'organisation')."
        ),
        "response_title": "Response per wave",
        "mean_of": "Mean",
        "gap": "Gap lives - attention",
        "gap_share": "Share for whom the theme lives more than it gets attention",
        "not_shown": "cannot be computed",
        "not_asked": "not asked",
        "axis_mean": "Mean (1-5)",
        "axis_gap": "Gap (points on the 1-5 scale)",
        "axis_share": "Share",
        "bar_minus": "Chart {wave}: 95% CI below the value",
        "bar_plus": "Chart {wave}: 95% CI above the value",
        "kind_collapsed": "share (merged)",
        "original_of": "{text} (answer as given in version {version}, not mapped)",
        "original_codebook": "answers as given in version {version}; the mapped column is {mapped}",
        "dropped_codebook": "last asked in version {version}",
        "carried_codes": (
            "confirmed = last year's answer confirmed; changed = changed; new = no answer of "
            "last year; empty = not answered"
        ),
        "municipalities_responding": "Municipalities responding",
        "municipalities_active": "Municipalities active on the wave's date",
        "municipalities_rate": "Municipal response rate",
        "municipalities_words": "Municipalities",
        "contacts": "contacts",
        "organisations": "municipalities",
        "counted": "Counted",
        "weights": "Weighting",
        "weights_on": (
            "Weighted to the municipality list in the database: per wave the responding "
            "municipalities are raked (iterative proportional fitting, with svy) to the size "
            "class and province of every municipality that existed on the wave's opening "
            "date; with one row per response every municipality counts once (municipality "
            "weight x org_weight)."
        ),
        "weights_off": "Unweighted: every answer counts the same (option --no-weights).",
        "methods": "Method per column",
        "method_design": (
            "Trends and Themes, value columns: weighted share or mean (statsmodels WLS on a "
            "constant). 95% CI low and high columns (the only columns with the finite "
            "population correction): standard error clustered by municipality (HC1 on one row "
            "per municipality, equal to cov_type=cluster) times the finite population "
            "correction sqrt(1 - f), f = responding municipalities / all active municipalities; "
            "means Student's t with (municipalities - 1) degrees of freedom, shares Wilson on the "
            "effective sample size. The interval describes that wave's municipalities. Change, "
            "p-value, q-value and significant columns: Wald test (scipy) on the two clustered "
            "standard errors without the finite population correction: a change is tested as a "
            "change of the process behind the answers (superpopulation), not of two years' "
            "fixed municipalities (Graubard and Korn 2002, Statistical Science 17(1), 73-96); "
            "q-value: Benjamini-Hochberg (statsmodels multipletests). N: unweighted number of "
            "answers. Breakdowns: weighted means with the same weights (no interval), N "
            "unweighted."
        ),
        "method_simple": (
            "Trends and Themes, value: unweighted share or mean. 95% CI: shares Wilson "
            "(statsmodels proportion_confint), means Student's t (scipy). p-value: shares "
            "two-proportion z-test (statsmodels proportions_ztest), means Welch's t-test "
            "(scipy); q-value: Benjamini-Hochberg. N: number of answers. Breakdowns: unweighted "
            "means."
        ),
        "scale_change": "scale changed (4 to 5 points) between {old} and {new}",
        "new_scale": "new scale",
        "lives_attention_title": "Lives versus attention per theme and wave",
        "lives": "Lives",
        "attention": "Attention",
        "rank_lives": "Rank lives",
        "rank_attention": "Rank attention",
        "axis_lives": "How much the theme lives (1-5)",
        "axis_attention": "Policy attention (1-5)",
        "rank_correlation": "Rank correlation (Spearman) lives-attention, wave {wave}",
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
    """Return a fixed text in a language, filled in (numbers with a decimal comma in Dutch)."""
    if lang == "nl":
        values = {
            name: str(value).replace(".", ",") if isinstance(value, float) else value
            for name, value in values.items()
        }
    return TEXTS[lang][key].format(**values)


# Comparability of a row between two waves (questionnaires/comparability.py: Verdict).
LEVELS = {
    "nl": {
        "comparable": "vergelijkbaar",
        "comparable_after_mapping": "vergelijkbaar na omzetting",
        "not_comparable": "niet vergelijkbaar",
        "not_asked": "niet gevraagd",
    },
    "en": {
        "comparable": "comparable",
        "comparable_after_mapping": "comparable after mapping",
        "not_comparable": "not comparable",
        "not_asked": "not asked",
    },
}
REASONS = {
    "nl": {
        "same_version": "zelfde vragenlijstversie",
        "unchanged": "vraag en antwoorden ongewijzigd",
        "reworded": "kleine wijziging, betekenis gelijk",
        "recoded": "codes omgezet volgens de vragenlijst",
        "rescaled_means": "gemiddelden vergeleken op de nieuwe schaal (oude antwoorden omgezet)",
        "rescaled_shares": "schaal gewijzigd: aandelen per categorie hebben geen tegenhanger",
        "split": "antwoordoptie gesplitst of samengevoegd: alleen samen vergelijkbaar",
        "collapsed": "samengevoegde categorie, beide golven op dezelfde basis",
        "declared_not_comparable": "betekenis gewijzigd volgens de vragenlijst",
        "not_asked_older": "niet gevraagd in de eerdere golf",
        "not_asked_newer": "niet meer gevraagd in de latere golf",
        "not_asked_both": "in geen van beide golven gevraagd",
        "not_offered_older": "antwoordoptie niet aangeboden in de eerdere golf",
        "not_offered_newer": "antwoordoptie niet aangeboden in de latere golf",
        "not_offered_both": "antwoordoptie in geen van beide golven aangeboden",
        "answers_without_counterpart": "een deel van de eerdere antwoorden heeft geen tegenhanger",
    },
    "en": {
        "same_version": "same questionnaire version",
        "unchanged": "question and answers unchanged",
        "reworded": "minor change, same meaning",
        "recoded": "codes mapped as the questionnaire declares",
        "rescaled_means": "means compared on the new scale (earlier answers mapped onto it)",
        "rescaled_shares": "scale changed: category shares have no counterpart",
        "split": "answer option split or merged: comparable only taken together",
        "collapsed": "merged category, both waves on the same base",
        "declared_not_comparable": "meaning changed, as the questionnaire declares",
        "not_asked_older": "not asked in the earlier wave",
        "not_asked_newer": "no longer asked in the later wave",
        "not_asked_both": "asked in neither wave",
        "not_offered_older": "answer option not offered in the earlier wave",
        "not_offered_newer": "answer option not offered in the later wave",
        "not_offered_both": "answer option offered in neither wave",
        "answers_without_counterpart": "some earlier answers have no counterpart",
    },
}


def verdict_words(lang: str, verdict, with_note: bool = True) -> str:
    """Return a comparability verdict in words: level, reason and (optionally) the note."""
    words = f"{LEVELS[lang][verdict.level]}: {REASONS[lang][verdict.reason]}"
    if with_note and verdict.note:
        words += f" ({questionnaire_note(lang, verdict.note)})"
    return words


def questionnaire_note(lang: str, note: str) -> str:
    """Return a note quoted from the questionnaire file (written in the file's language)."""
    return note if lang == "nl" else f'questionnaire note: "{note}"'
