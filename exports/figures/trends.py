"""Trends: per closed question and option the share per wave, its change and its test."""

from __future__ import annotations

from dataclasses import dataclass, field

from peiling.exports.figures.common import substantive
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import Change, Estimate, mean, mean_change, proportion_change, share
from peiling.exports.variables import Variable, variables
from peiling.questionnaires.comparability import carried, reachable_codes

ORDERED_TYPES = ("likert", "matrix")


@dataclass
class TrendRow:
    """One row of the Trends sheet: an option's share, a mean, or a missing code's count."""

    variable: Variable
    kind: str  # option, mean, missing
    code: int | None
    label: str
    estimates: dict[str, Estimate | None] = field(default_factory=dict)  # None: not asked
    counts: dict[str, int] = field(default_factory=dict)  # selected, for shares and missing
    changes: dict[tuple[str, str], Change | str] = field(default_factory=dict)  # str: why not


def trend_rows(source: TrendInput, options: ExportOptions) -> list[TrendRow]:
    """Return the rows of the Trends sheet in questionnaire order."""
    items = [v for v in variables(source.target) if v.kind in ("code", "chosen", "rank", "number")]
    frames = {w.label: source.wide(w, options.unit) for w in source.waves}
    target = source.target.version
    reach = {
        w.label: reachable_codes(source.versions, w.version, target)
        if w.version in source.versions
        else {}
        for w in source.waves
    }
    rows: list[TrendRow] = []
    lang = options.lang
    by_question: dict[str, list[Variable]] = {}
    for item in items:
        by_question.setdefault(item.storage_key, []).append(item)
    for item in items:
        if item.kind == "code":
            rows.extend(_code_rows(item, frames, lang))
        elif item.kind == "chosen":
            rows.append(_chosen_row(item, frames, lang))
        elif item.kind == "rank":
            rows.append(_rank_row(item, by_question[item.storage_key], frames, lang))
        else:
            rows.append(_mean_row(item, frames, lang))
    for row in rows:
        _add_changes(row, source, reach, options)
    return rows


def _asked(frame, item: Variable) -> bool:
    return item.name in frame.columns and frame[item.name].notna().any()


def _code_rows(item: Variable, frames, lang) -> list[TrendRow]:
    question = item.question
    rows = [TrendRow(item, "option", o.code, o.label.get(lang)) for o in question.options]
    missing_rows = [TrendRow(item, "missing", o.code, o.label.get(lang)) for o in question.missing]
    mean_row = TrendRow(item, "mean", None, "") if question.type in ORDERED_TYPES else None
    for label, frame in frames.items():
        column = frame[item.name]
        asked = column.notna().any()
        values = substantive(column, item.missing)
        counts = values.value_counts()
        n = int(values.size)
        for row in rows:
            selected = int(counts.get(float(row.code), 0))
            row.counts[label] = selected
            row.estimates[label] = share(selected, n) if asked else None
        all_counts = column.dropna().value_counts()
        for row in missing_rows:
            row.counts[label] = int(all_counts.get(float(row.code), 0)) if asked else 0
            row.estimates[label] = None
        if mean_row is not None:
            mean_row.estimates[label] = mean(values.to_numpy()) if asked else None
    return rows + ([mean_row] if mean_row else []) + missing_rows


def _chosen_row(item: Variable, frames, lang) -> TrendRow:
    row = TrendRow(item, "option", item.option.code, item.option.label.get(lang))
    for label, frame in frames.items():
        column = frame[item.name].dropna()
        asked = frame[item.name].notna().any()
        selected = int((column == 1).sum())
        row.counts[label] = selected
        row.estimates[label] = share(selected, int(column.size)) if asked else None
    return row


def _rank_row(item: Variable, siblings: list[Variable], frames, lang) -> TrendRow:
    row = TrendRow(item, "option", item.option.code, item.option.label.get(lang))
    for label, frame in frames.items():
        names = [s.name for s in siblings if s.name in frame.columns]
        answered = frame[names].notna().any(axis=1)
        n = int(answered.sum())
        selected = int(frame[item.name].notna().sum())
        row.counts[label] = selected
        row.estimates[label] = share(selected, n) if n else None
    return row


def _mean_row(item: Variable, frames, lang) -> TrendRow:
    row = TrendRow(item, "mean", None, "")
    for label, frame in frames.items():
        column = frame[item.name]
        row.estimates[label] = mean(column.dropna().to_numpy()) if column.notna().any() else None
    return row


def _add_changes(row: TrendRow, source: TrendInput, reach, options: ExportOptions) -> None:
    k = options.small_cell_k
    for old, new in source.pairs():
        if row.kind == "missing":
            continue
        item = source.comparability.get((old, new), {}).get(row.variable.storage_key)
        if not carried(item):
            row.changes[(old, new)] = item.status if item is not None else "new"
            continue
        if row.code is not None and row.variable.kind == "code":
            codes_old = reach.get(old, {}).get(row.variable.storage_key)
            codes_new = reach.get(new, {}).get(row.variable.storage_key)
            known = codes_old is None or codes_new is None
            if not known and (row.code not in codes_old or row.code not in codes_new):
                row.changes[(old, new)] = "new_option"
                continue
        if row.variable.kind == "chosen" and not _option_in_both(row, source, old, new):
            row.changes[(old, new)] = "new_option"
            continue
        first, second = row.estimates.get(old), row.estimates.get(new)
        if first is None or second is None or first.value is None or second.value is None:
            row.changes[(old, new)] = "not_shown"
            continue
        if first.n < k or second.n < k:
            row.changes[(old, new)] = "suppressed"
            continue
        if row.kind == "mean":
            row.changes[(old, new)] = mean_change(first, second)
        else:
            row.changes[(old, new)] = proportion_change(
                row.counts[old], first.n, row.counts[new], second.n
            )


def _option_in_both(row: TrendRow, source: TrendInput, old: str, new: str) -> bool:
    """Tell whether a multiple-choice option existed in both waves' versions."""
    versions = {w.label: w.version for w in source.waves}
    key = row.variable.question.key
    for label in (old, new):
        questionnaire = source.versions.get(versions[label])
        if questionnaire is None:
            continue
        try:
            question = questionnaire.question(key)
        except KeyError:
            continue
        if question.option(row.code) is None:
            return False
    return True
