"""The Toelichting (notes) and Respons (response) sheets."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from peiling.cleaning.rules import note_text, rule_description
from peiling.exports.design import wave_estimators
from peiling.exports.disclosure import suppressed
from peiling.exports.figures.breakdowns import response_rows
from peiling.exports.figures.common import analysed
from peiling.exports.labels import text
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.population import municipal_response
from peiling.exports.safe import neutralise
from peiling.exports.stats import ALPHA
from peiling.exports.xlsx.writer import SheetWriter, repeat_header

NOTES = {
    "nl": {
        "title": "Trendwerkboek {survey}",
        "about": (
            "Dit werkboek vergelijkt de golven {waves} van de behoeftepeiling. Het bevat de "
            "respons, trends per vraag en antwoord, de thema-cijfers met grafieken, uitsplitsingen "
            "van de laatste golf, de open antwoorden, de opgeschoonde gegevens per golf en een "
            "codeboek."
        ),
        "made": "Gemaakt op (UTC)",
        "made_by": "Gemaakt door",
        "software": "Gemaakt met",
        "division": "Indeling gemeenten",
        "division_current": (
            "huidige indeling: antwoorden van gemeenten die sindsdien zijn heringedeeld tellen "
            "mee bij hun opvolger (provincie en grootte van de huidige gemeente)"
        ),
        "division_historical": "indeling zoals ten tijde van elke golf (zonder herindeling)",
        "unit": "Analyse-eenheid",
        "unit_response": "elke opgenomen respons (meerdere contactpersonen per gemeente mogelijk)",
        "unit_organisation": "een respons per gemeente (de primaire respons, zie org_primary)",
        "k": "Kleine aantallen",
        "k_text": 'cijfers op minder dan {k} antwoorden worden niet getoond ("< {k}")',
        "stats": "Statistiek",
        "waves": "Golven",
        "rules": "Toegepaste opschoningsregels",
        "rule": "Regel",
        "description": "Omschrijving",
        "responses": "Responsen",
        "answers": "Antwoorden",
        "notes": "Opmerkingen bij het opschonen (herindelingen, harmonisatie van vragen)",
        "sheets": "Bladen",
        "sheet_texts": [
            ("sheet_response", "uitgenodigd, gestart, ingevuld en respons per golf en groep"),
            ("sheet_trends", "per vraag en antwoord het aandeel per golf, verschil en toets"),
            ("sheet_themes", "per thema en golf de gemiddelden en de kloof, met grafieken"),
            ("sheet_breakdowns", "thema-cijfers van de laatste golf per groep"),
            ("sheet_open", "open antwoorden per vraag en golf, met de organisatie"),
            ("sheet_data", "de opgeschoonde gegevens, een regel per respons"),
            ("sheet_codebook", "variabelen, teksten per versie, codes en vergelijkbaarheid"),
        ],
    },
    "en": {
        "title": "Trend workbook {survey}",
        "about": (
            "This workbook compares the waves {waves} of the needs survey. It holds the "
            "response, trends per question and answer, the theme figures with charts, "
            "breakdowns of the latest wave, the open answers, the cleaned data per wave and a "
            "codebook."
        ),
        "made": "Made at (UTC)",
        "made_by": "Made by",
        "software": "Made with",
        "division": "Division of municipalities",
        "division_current": (
            "today's division: answers of municipalities merged since count under their "
            "successor (province and size of today's municipality)"
        ),
        "division_historical": "division as it was at each wave (no mergers applied)",
        "unit": "Unit of analysis",
        "unit_response": "every kept response (several contacts per municipality possible)",
        "unit_organisation": "one response per municipality (the primary one, see org_primary)",
        "k": "Small numbers",
        "k_text": 'figures resting on fewer than {k} answers are not shown ("< {k}")',
        "stats": "Statistics",
        "waves": "Waves",
        "rules": "Cleaning rules applied",
        "rule": "Rule",
        "description": "Description",
        "responses": "Responses",
        "answers": "Answers",
        "notes": "Notes from cleaning (mergers, harmonisation of questions)",
        "sheets": "Sheets",
        "sheet_texts": [
            ("sheet_response", "invited, started, submitted and response rate per wave and group"),
            ("sheet_trends", "per question and answer the share per wave, change and test"),
            ("sheet_themes", "per theme and wave the means and the gap, with charts"),
            ("sheet_breakdowns", "theme figures of the latest wave per group"),
            ("sheet_open", "open answers per question and wave, with the organisation"),
            ("sheet_data", "the cleaned data, one row per response"),
            ("sheet_codebook", "variables, texts per version, codes and comparability"),
        ],
    },
}


def write_notes(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write what the workbook holds, the waves, the cleaning rules and how it was made."""
    from peiling import __version__

    lang = options.lang
    words = NOTES[lang]
    labels = source.labels
    survey = source.waves[0].survey_key
    out.write([words["title"].format(survey=survey)], "title")
    out.note(words["about"].format(waves=", ".join(labels)), NOTE_COLUMNS, 150)
    out.blank()
    weighted = any(e.design is not None for e in wave_estimators(source, options).values())
    made_at = (options.made_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    facts = [
        (words["made"], made_at),
        (words["made_by"], options.made_by or None),
        (words["software"], f"peiling {__version__}"),
        (words["division"], words[f"division_{source.division}"]),
        (words["unit"], words[f"unit_{options.unit}"]),
        (words["k"], words["k_text"].format(k=options.small_cell_k)),
        (words["stats"], text(lang, "trends_method", alpha=ALPHA, k=options.small_cell_k)),
        (text(lang, "weights"), text(lang, "weights_on" if weighted else "weights_off")),
        (text(lang, "methods"), text(lang, "method_design" if weighted else "method_simple")),
    ]
    for name, value in facts:
        _fact(out, name, value)
    out.blank()
    out.write([words["waves"]], "subtitle")
    out.write(
        [
            text(lang, "wave"),
            text(lang, "version"),
            text(lang, "opens"),
            text(lang, "closes"),
            text(lang, "kept"),
            text(lang, "submitted"),
            text(lang, "partial"),
            text(lang, "counted"),
            text(lang, "municipalities_words"),
        ],
        "header",
    )
    counted = text(lang, "organisations" if options.unit == "organisation" else "contacts")
    for wave in source.waves:
        data = analysed(wave, options)
        submitted = int(data["submitted"].astype(bool).sum()) if "submitted" in data else 0
        municipal = municipal_response(wave, source.populations.get(wave.label))
        out.write(
            [
                wave.label,
                wave.version,
                _naive(wave.opens_at),
                _naive(wave.closes_at),
                len(data),
                submitted,
                len(data) - submitted,
                counted,
                municipal.words(lang),
            ],
            [None, None, "date", "date", "int", "int", "int", None, None],
        )
    out.blank()
    out.write([words["rules"]], "subtitle")
    out.write(
        [
            text(lang, "wave"),
            words["rule"],
            words["description"],
            words["responses"],
            words["answers"],
        ],
        "header",
    )
    for wave in source.waves:
        for rule in wave.rules:
            description = rule_description(rule, lang)
            out.sheet.set_row(out.row, 15 * max(1, math.ceil(len(description) / 58)))
            out.write(
                [wave.label, rule.rule, description, rule.responses, rule.answers],
                ["wrap", "wrap", "wrap", "int", "int"],
                widths=False,
            )
    notes = [(w.label, note_text(note, lang)) for w in source.waves for note in w.notes]
    notes += [("", note) for note in options.extra_notes]
    if notes:
        out.blank()
        out.write([words["notes"]], "subtitle")
        for label, note in notes:
            _fact(out, label, note, "wrap")
    out.blank()
    out.write([words["sheets"]], "subtitle")
    for key, description in words["sheet_texts"]:
        out.write(
            [text(lang, key, wave="<golf>" if lang == "nl" else "<wave>"), description],
            widths=False,
        )
    out.fit_columns({0: 28, 1: 22, 2: 60, 3: 14, 4: 14, 5: 12, 6: 14})


def write_response(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write invited, started, submitted and response rate per wave, in total and per group."""
    lang = options.lang
    out.write([text(lang, "response_title")], "title")
    out.blank()
    out.write(
        [
            text(lang, "wave"),
            text(lang, "version"),
            text(lang, "invited"),
            text(lang, "started"),
            text(lang, "submitted"),
            text(lang, "rate"),
            text(lang, "kept"),
            text(lang, "counted"),
            text(lang, "municipalities_responding"),
            text(lang, "municipalities_active"),
            text(lang, "municipalities_rate"),
            text(lang, "municipalities_words"),
        ],
        "header",
    )
    rows = response_rows(source, options)
    total = rows[0]
    counted = text(lang, "organisations" if options.unit == "organisation" else "contacts")
    for wave in source.waves:
        sent, started, submitted = total.counts[wave.label]
        municipal = municipal_response(wave, source.populations.get(wave.label))
        out.write(
            [
                wave.label,
                wave.version,
                sent,
                started,
                submitted,
                submitted / sent if sent else None,
                len(analysed(wave, options)),
                counted,
                municipal.responding,
                municipal.active,
                municipal.rate,
                municipal.words(lang),
            ],
            [None, None, "int", "int", "int", "pct", "int", None, "int", "int", "pct", None],
        )
    out.blank()
    header = [text(lang, "dimension"), text(lang, "category")]
    formats = [None, None]
    for label in source.labels:
        header += [
            f"{label}: {text(lang, 'invited')}",
            f"{label}: {text(lang, 'submitted')}",
            f"{label}: {text(lang, 'rate')}",
        ]
        formats += ["int", "int", "pct"]
    first = out.write(header, "header")
    hidden = _hidden_counts(rows[1:], source.labels, options.small_cell_k)
    mark = text(lang, "suppressed", k=options.small_cell_k)
    for index, row in enumerate(rows[1:]):
        values = [text(lang, row.dimension), row.category]
        cell_formats = [None, None]
        for label in source.labels:
            sent, _, submitted = row.counts.get(label, (0, 0, 0))
            hide_sent, hide_submitted = (
                hidden[(label, "sent")][index],
                hidden[(label, "submitted")][index],
            )
            values += [
                mark if hide_sent else sent,
                mark if hide_submitted else submitted,
                None if hide_sent or hide_submitted or not sent else submitted / sent,
            ]
            cell_formats += [
                "suppressed" if hide_sent else "int",
                "suppressed" if hide_submitted else "int",
                "pct",
            ]
        out.write(values, cell_formats)
    out.sheet.autofilter(first, 0, max(out.row - 1, first), len(header) - 1)
    if first < 15:
        repeat_header(out.sheet, first, 2)
    out.fit_columns({0: 24})


def _hidden_counts(rows, labels, k: int) -> dict[tuple[str, str], list[bool]]:
    """Return per wave and count which group rows to suppress, breakdown by breakdown."""
    result = {}
    for label in labels:
        for position, name in ((0, "sent"), (2, "submitted")):
            flags = [False] * len(rows)
            for dimension in dict.fromkeys(r.dimension for r in rows):
                indexes = [i for i, r in enumerate(rows) if r.dimension == dimension]
                counts = [rows[i].counts.get(label, (0, 0, 0))[position] for i in indexes]
                for i, hide in zip(indexes, suppressed(counts, k), strict=True):
                    flags[i] = hide
            result[(label, name)] = flags
    return result


NOTE_COLUMNS = 7  # the Toelichting's columns: a long text wraps across columns B to G
NOTE_CHARS = 125  # about the characters a line of columns B to G holds


def _fact(out: SheetWriter, name: str, value, name_format: str | None = "bold") -> None:
    """Write a name and its value; a long text wraps across the sheet's width."""
    if isinstance(value, str) and len(value) > 60:
        row = out.note(value, NOTE_COLUMNS, NOTE_CHARS, first=1)
        if name:
            cell_format = out.fmt[name_format] if name_format else None
            out.sheet.write_string(row, 0, neutralise(name), cell_format)
        return
    formats = [name_format, "datetime" if isinstance(value, datetime) else None]
    out.write([name, value], formats, widths=False)


def _naive(value):
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
