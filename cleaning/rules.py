"""What each cleaning rule does, in English and Dutch: the one place its texts are written."""

from __future__ import annotations

from peiling.cleaning.dataset import RuleReport

RULE_TEXTS: dict[str, dict[str, str]] = {
    "responses_counted": {
        "en": "submitted responses count; partial ones with at least {share:.0%} answered are "
        "kept and flagged",
        "nl": "ingevulde responsen tellen mee; gedeeltelijke met minstens {share:.0%} "
        "beantwoord worden bewaard en gemarkeerd",
    },
    "responses_submitted_only": {
        "en": "only submitted responses count",
        "nl": "alleen ingevulde responsen tellen mee",
    },
    "one_per_invitation": {
        "en": "one response per invitation and per person (same address at one organisation)",
        "nl": "een respons per uitnodiging en per persoon (zelfde adres bij een organisatie)",
    },
    "speeders": {
        "en": "flagged: submitted in under {share:.0%} of the median completion time ({median})",
        "nl": "gemarkeerd: ingevuld in minder dan {share:.0%} van de mediane invultijd ({median})",
    },
    "mergers": {
        "en": "responses of merged municipalities counted under their successor (today's division)",
        "nl": "responsen van heringedeelde gemeenten geteld bij hun opvolger (huidige indeling)",
    },
    "mergers_historical": {
        "en": "municipalities reported as they were when the wave ran",
        "nl": "gemeenten zoals ze waren ten tijde van de golf",
    },
    "hidden_answers": {
        "en": "answers to questions hidden by conditions removed",
        "nl": "antwoorden op vragen die door voorwaarden verborgen waren verwijderd",
    },
    "invalid_codes": {
        "en": "codes the question does not have removed",
        "nl": "codes die de vraag niet kent verwijderd",
    },
    "missing_codes": {
        "en": "don't know / not applicable answers kept as missing codes (never in means or "
        "shares)",
        "nl": "antwoorden 'weet ik niet' / 'n.v.t.' bewaard als ontbrekende waarden (nooit in "
        "gemiddelden of aandelen)",
    },
    "open_text": {
        "en": "open answers: control characters and extra whitespace removed",
        "nl": "open antwoorden: stuurtekens en overtollige witruimte verwijderd",
    },
    "partial_responses": {
        "en": "flagged: kept partial responses (not submitted)",
        "nl": "gemarkeerd: bewaarde gedeeltelijke responsen (niet ingediend)",
    },
    "straightlining": {
        "en": "flagged: one value in every row of each answered matrix (>= {matrices} "
        "matrices of >= {rows} rows)",
        "nl": "gemarkeerd: een waarde in elke rij van elke beantwoorde matrix (>= {matrices} "
        "matrices van >= {rows} rijen)",
    },
    "organisation_level": {
        "en": "several contacts of one municipality kept with their role; org_weight = 1 / "
        "their number and one org_primary response (by role priority) for municipality-level "
        "results",
        "nl": "meerdere contactpersonen van een gemeente bewaard met hun domein; org_weight = "
        "1 / hun aantal en een org_primary-respons (naar domein) voor resultaten per gemeente",
    },
    "harmonised": {
        "en": "answers mapped to the newest version's keys and codes; the answers as given kept "
        "beside them where a code map changed them, and those of dropped questions",
        "nl": "antwoorden omgezet naar de sleutels en codes van de nieuwste versie; de "
        "antwoorden zoals gegeven ernaast bewaard waar een codetabel ze wijzigde, en die van "
        "vervallen vragen",
    },
}


def rule_report(rule: str, text: str | None = None, **values) -> RuleReport:
    """Return an empty report of a rule, its description in English (text: the texts' key)."""
    key = text or rule
    return RuleReport(rule, RULE_TEXTS[key]["en"].format(**values), text=key, values=values)


def rule_description(report: RuleReport, lang: str) -> str:
    """Return what a rule did in a language (a report without texts keeps its own words)."""
    key = getattr(report, "text", None)  # reports pickled before texts existed have none
    if key not in RULE_TEXTS:
        return report.description
    return RULE_TEXTS[key][lang].format(**getattr(report, "values", {}))


# What a change of a question is called in a note (questionnaires: Comparability.status).
STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "same": "same",
        "comparable": "comparable",
        "recoded": "recoded",
        "rescaled": "rescaled",
        "not_comparable": "not comparable",
        "new": "new",
        "dropped": "dropped",
    },
    "nl": {
        "same": "gelijk",
        "comparable": "vergelijkbaar",
        "recoded": "gehercodeerd",
        "rescaled": "schaal omgezet",
        "not_comparable": "niet vergelijkbaar",
        "new": "nieuw",
        "dropped": "vervallen",
    },
}

NOTE_TEXTS: dict[str, dict[str, str]] = {
    "harmonised": {"en": "{question}: {status}", "nl": "{question}: {status}"},
    "harmonised_note": {
        "en": '{question}: {status} - questionnaire note: "{note}"',  # the file's words
        "nl": "{question}: {status} - {note}",
    },
    "left_out": {
        "en": "{question}: {status}, earlier answers left out",
        "nl": "{question}: {status}, eerdere antwoorden niet omgezet",
    },
    "merged_one": {
        "en": "{responses} response(s) of 1 merged municipality counted under the successor: "
        "{listed}",
        "nl": "{responses} respons(en) van 1 heringedeelde gemeente geteld bij de opvolger: "
        "{listed}",
    },
    "merged": {
        "en": "{responses} response(s) of {municipalities} merged municipalities counted under "
        "the successor: {listed}",
        "nl": "{responses} respons(en) van {municipalities} heringedeelde gemeenten geteld bij "
        "de opvolger: {listed}",
    },
}


def note_text(note, lang: str) -> str:
    """Return a cleaning note in a language (a note stored as plain text keeps its words)."""
    if isinstance(note, str) or getattr(note, "text", None) not in NOTE_TEXTS:
        return str(note) if isinstance(note, str) else getattr(note, "text", "")
    values = dict(note.values)
    if "status" in values:
        values["status"] = STATUS_WORDS[lang].get(values["status"], values["status"])
    return NOTE_TEXTS[note.text][lang].format(**values)
