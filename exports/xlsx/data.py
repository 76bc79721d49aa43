"""The Data <wave>, Open antwoorden and Codeboek sheets."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.utility import xl_range_abs

from peiling.cleaning.dataset import META_COLUMNS
from peiling.exports.disclosure import (
    Masker,
    data_variables,
    protect_frame,
    restricted_question,
)
from peiling.exports.figures.breakdowns import category_label
from peiling.exports.labels import text, verdict_words
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import defined_name, neutralise
from peiling.exports.variables import Variable, as_date, meta_label
from peiling.exports.xlsx.writer import SheetWriter, repeat_header
from peiling.questionnaires.carry_forward import status_column

META_FORMATS = {
    "population": "int",
    "share_answered": "pct",
    "duration_minutes": "dec",
    "org_weight": "mean",
}


def _column_values(series: pd.Series, kind: str) -> list:
    """Return a column as Python values ready to write: None for blanks, text neutralised."""
    if kind == "number":
        values = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
        return [None if v != v else v for v in values.tolist()]
    if kind == "bool":
        return [None if v is None or v is pd.NA or v != v else bool(v) for v in series.tolist()]
    if kind == "date":
        return [_date(v) for v in series.tolist()]
    return [
        neutralise(str(v)) or None if v is not None and v == v else None for v in series.tolist()
    ]


def _date(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    parsed = as_date(value)
    return parsed if parsed is not None else neutralise(str(value))


def _kind(name: str, series: pd.Series, item: Variable | None) -> str:
    if item is not None:
        return {"date": "date", "text": "text"}.get(item.kind, "number")
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


def write_data(
    out: SheetWriter, wave, source: TrendInput, workbook, options: ExportOptions | None = None
) -> int:
    """Write a wave's cleaned data, one row per response; return the number of rows.

    Personal answers and open text are left out; organisation codes are pseudonymised and
    names left out unless the options ask for them (exports/disclosure.py).
    """
    options = options or ExportOptions()
    items = data_variables(source)
    wide = source.wide(wave)
    frame = protect_frame(wide[[c for c in wide.columns if c not in _left_out(source)]], options)
    by_name = {item.name: item for item in items}
    names = list(frame.columns)
    sheet, fmt = out.sheet, out.fmt
    kinds = [_kind(n, frame[n], by_name.get(n)) for n in names]
    # Widths and column formats first: in constant-memory mode a cell takes its column's
    # format when the row is flushed.
    for col, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        width = max(len(name), 8)
        if kind == "text":
            lengths = frame[name].dropna().astype(str).str.len()
            width = max(width, int(lengths.quantile(0.9)) if len(lengths) else 0)
        cell_format = fmt.get(META_FORMATS.get(name, "")) or (
            fmt["date"] if kind == "date" else None
        )
        sheet.set_column(col, col, min(width + 2, 50), cell_format)
    header = fmt["header"]
    for col, name in enumerate(names):
        sheet.write_string(0, col, neutralise(name), header)
    writers = []
    for kind in kinds:
        writers.append(
            {
                "number": sheet.write_number,
                "bool": sheet.write_boolean,
                "date": sheet.write,
                "text": sheet.write_string,
            }[kind]
        )
    columns = [_column_values(frame[n], k) for n, k in zip(names, kinds, strict=True)]
    pairs = list(enumerate(writers))
    row = 0
    for row, values in enumerate(zip(*columns, strict=True), start=1):
        for col, write in pairs:
            value = values[col]
            if value is not None:
                write(row, col, value)
    last = max(row, 1)
    sheet.autofilter(0, 0, last, len(names) - 1)
    repeat_header(sheet, 0, 1)
    workbook.define_name(
        defined_name(f"Data_{wave.label}"),
        "='" + out.name.replace("'", "''") + "'!" + xl_range_abs(0, 0, last, len(names) - 1),
    )
    out.row = last + 1
    source.forget(wave)
    return len(frame)


def _left_out(source: TrendInput) -> set[str]:
    """Return the data columns that row-level data leave out (personal answers, open text)."""
    kept = {v.name for v in data_variables(source)}
    return {v.name for v in source.variables()} - kept


def write_open_answers(out: SheetWriter, source: TrendInput, options: ExportOptions) -> int:
    """Write the open answers per question and wave, with organisation and domain.

    In the tables personal questions are left out and every answer is masked (e-mail
    addresses, phone numbers, names of contacts); the restricted export holds them as given.
    """
    lang = options.lang
    masker = None if options.restricted else Masker(source.contact_names, lang)
    sheet = out.sheet
    widths = [26, 40, 8, 16, 26, 16, 80]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width, out.fmt["wrap"] if col == 6 else None)
    out.write([text(lang, "open_title")], "title", widths=False)
    out.blank()
    first = out.write(
        [
            text(lang, "question"),
            text(lang, "text"),
            text(lang, "wave"),
            text(lang, "organisation_code"),
            text(lang, "organisation"),
            text(lang, "role"),
            text(lang, "answer"),
        ],
        "header",
        widths=False,
    )
    write = sheet.write_string
    row = out.row
    questions = [
        q
        for q in source.target.questions()
        if q.type in ("short_text", "long_text")
        and (options.restricted or not restricted_question(q))
    ]
    for question in questions:
        key, question_text = neutralise(question.key), neutralise(question.text.get(lang))
        for wave in source.waves:
            data = wave.data
            if question.key not in data.columns:
                continue
            answers = data[question.key]
            mask = answers.notna() & (answers.astype(str).str.strip() != "")
            if not mask.any():
                continue
            part = data.loc[mask]
            label = neutralise(wave.label)
            columns = [
                _column_values(part["organisation_code"], "text"),
                _column_values(part["organisation_name"], "text"),
                [neutralise(category_label("role", v, lang)) for v in part["role"].tolist()],
                [
                    neutralise(masker(v)) if v and masker else v
                    for v in _column_values(part[question.key], "text")
                ],
            ]
            for code, name, role, answer in zip(*columns, strict=True):
                if not answer:  # only characters a cell cannot hold (e.g. ESC): nothing to show
                    continue
                write(row, 0, key)
                write(row, 1, question_text)
                write(row, 2, label)
                if code is not None:
                    write(row, 3, code)
                if name is not None:
                    write(row, 4, name)
                write(row, 5, role)
                write(row, 6, answer)
                row += 1
    out.row = row
    sheet.autofilter(first, 0, max(row - 1, first), 6)
    repeat_header(sheet, first)
    return row - first - 1


def _version_texts(source: TrendInput) -> list[tuple[str, dict[str, Variable | None]]]:
    """Return per version (oldest first) the variable of that version behind each target name."""
    from peiling.questionnaires.comparability import comparison_chain

    target = source.target
    ordered = []
    for wave in source.waves:
        if wave.version not in ordered and wave.version in source.versions:
            ordered.append(wave.version)
    if target.version not in ordered:
        ordered.append(target.version)
    result = []
    for version in ordered:
        questionnaire = source.versions[version]
        chain = comparison_chain(source.versions, version, target.version)
        mapping = {}
        for question in target.questions():
            for key in question.storage_keys():
                item = chain.get(key) if chain else None
                older_key = (
                    key
                    if chain is None
                    else (item.previous_key if item is not None and item.carries_over else None)
                )
                try:
                    older = questionnaire.question_for_storage_key(older_key) if older_key else None
                except KeyError:
                    older = None
                mapping[key] = (older, older_key)
        result.append((version, mapping))
    return result


def carried_variables(source: TrendInput) -> dict[str, str]:
    """Return the outcome column of each carried-forward question's answers, with its key."""
    return {
        status_column(item.storage_key): item.question.key
        for item in source.variables()
        if item.question.carried_forward and item.version is None
    }


def write_codebook(out: SheetWriter, source: TrendInput, options: ExportOptions) -> None:
    """Write per variable its question, type, text per version, codes, missing codes and
    comparability per pair of waves."""
    lang = options.lang
    out.write([text(lang, "codebook_title")], "title")
    out.write([text(lang, "codebook_unit_note")], "note", widths=False)
    versions = _version_texts(source)
    pairs = source.pairs()
    header = [text(lang, "variable"), text(lang, "question"), text(lang, "type")]
    header += [text(lang, "texts_in", version=v) for v, _ in versions]
    header += [text(lang, "codes"), text(lang, "missing_codes")]
    header += [text(lang, "comparability", old=o, new=n) for o, n in pairs]
    first = out.write(header, "header", widths=False)
    for name in META_COLUMNS:
        description = meta_label(name, options.lang)
        out.write([name, None, "meta", *([description] * len(versions))], widths=False)
    outcomes = text(lang, "carried_codes")
    for name, key in carried_variables(source).items():
        description = meta_label(name, options.lang)
        out.write([name, key, "meta", *([description] * len(versions)), outcomes], widths=False)
    homes = source.comparison.homes()
    for item in source.variables():
        values = [item.name, item.question.key, item.question.type]
        for version, mapping in versions:
            if item.version is not None:  # a dropped question, or the answers as given
                own = item.version == version
                values.append(
                    _older_text(item.question, item.storage_key.split("@")[0], item, lang)
                    if own
                    else None
                )
                continue
            older, older_key = mapping.get(item.storage_key, (None, None))
            values.append(_older_text(older, older_key, item, lang))
        values += [_codes(item, lang), _missing(item, lang)]
        for old, new in pairs:
            if item.storage_key not in homes:
                words = text(
                    lang, "original_codebook", version=item.version, mapped=item.original_of or ""
                )
            else:
                verdict = source.comparison.pair(old, new, item.storage_key)
                found = verdict.question
                if item.option is not None and item.option.code in verdict.options:
                    found = verdict.options[item.option.code]
                words = verdict_words(lang, found)
            values.append(words)
        out.write(values, "wrap", widths=False)
    out.sheet.autofilter(first, 0, max(out.row - 1, first), len(header) - 1)
    repeat_header(out.sheet, first, 1)
    widths = {0: 30, 1: 24, 2: 14}
    for i in range(len(versions)):
        widths[3 + i] = 50
    widths[3 + len(versions)] = 40
    widths[4 + len(versions)] = 28
    for i in range(len(pairs)):
        widths[5 + len(versions) + i] = 40
    out.fit_columns(widths)


def _older_text(question, key, item: Variable, lang: str) -> str | None:
    if question is None:
        return None
    result = question.text.get(lang)
    if question.type == "matrix" and key and "." in key:
        row = question.row(key.split(".", 1)[1])
        if row is not None:
            result += " - " + row.text.get(lang)
    if item.option is not None:
        option = question.option(item.option.code)
        if option is not None:
            result += " - " + option.label.get(lang)
    return result


def _codes(item: Variable, lang: str) -> str | None:
    if item.kind == "code":
        return "\n".join(f"{o.code} = {o.label.get(lang)}" for o in item.question.options)
    if item.kind == "chosen":
        return text(lang, "chosen_codes")
    if item.kind == "rank":
        return text(lang, "rank_codes")
    return None


def _missing(item: Variable, lang: str) -> str | None:
    if item.kind != "code" or not item.question.missing:
        return None
    return "\n".join(f"{o.code} = {o.label.get(lang)}" for o in item.question.missing)
