"""Trends: per closed question and option the share per wave, its change and its test.

Whether a row compares between two waves is decided by questionnaires/comparability.py
(``WaveComparison``); this module only counts. Shares rest on every substantive answer a wave
gave in its own questionnaire version, so an answer without a counterpart in the newer codes
stays in the base; split options get a merged row that compares them taken together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peiling.exports.design import change, wave_estimators
from peiling.exports.figures.common import analysed
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import Change, Estimate
from peiling.exports.variables import Variable
from peiling.questionnaires.comparability import PAIR_NOT_COMPARABLE, Verdict, map_value

ORDERED_TYPES = ("likert", "matrix")


@dataclass
class TrendRow:
    """One row of the Trends sheet: an option's share, a mean, a merged share or a missing code."""

    variable: Variable
    kind: str  # option, mean, missing, collapsed
    code: int | None
    label: str
    codes: tuple[int, ...] = ()  # a merged row: the home codes taken together
    estimates: dict[str, Estimate | None] = field(default_factory=dict)  # None: not asked
    counts: dict[str, int] = field(default_factory=dict)  # selected, for shares and missing
    changes: dict[tuple[str, str], Change | Verdict | str] = field(default_factory=dict)
    verdicts: dict[tuple[str, str], Verdict] = field(default_factory=dict)


def trend_rows(source: TrendInput, options: ExportOptions) -> list[TrendRow]:
    """Return the rows of the Trends sheet in questionnaire order (dropped questions last)."""
    homes = source.comparison.homes()
    items = [
        v
        for v in source.variables()
        if v.kind in ("code", "chosen", "rank", "number") and v.storage_key in homes
    ]
    counter = _Counter(source, options)
    rows: list[TrendRow] = []
    by_question: dict[str, list[Variable]] = {}
    for item in items:
        by_question.setdefault(item.storage_key, []).append(item)
    done: set[str] = set()
    for item in items:
        if item.kind == "code":
            rows.extend(_code_rows(item, counter, options.lang))
        elif item.kind == "chosen":
            rows.append(_chosen_row(item, counter, options.lang))
            siblings = by_question[item.storage_key]
            if item is siblings[-1] and item.storage_key not in done:
                done.add(item.storage_key)
                rows.extend(_collapsed_rows(item, counter, options.lang))
        elif item.kind == "rank":
            rows.append(_rank_row(item, by_question[item.storage_key], counter, options))
        else:
            rows.append(_mean_row(item, counter))
    for row in rows:
        _add_changes(row, source, options)
    return rows


class _Counter:
    """Each wave's own answers to a key, mapped to the home codes, computed once."""

    def __init__(self, source: TrendInput, options: ExportOptions):
        self.source = source
        self.comparison = source.comparison
        self.frames = {w.label: analysed(w, options) for w in source.waves}
        self.estimators = wave_estimators(source, options)
        self.labels = source.labels
        self._codes: dict = {}
        self._lists: dict = {}

    def own_question(self, label: str, key: str):
        item = self.comparison.wave_item(label, key)
        version = self.comparison.version_of[label]
        return self.comparison.versions[version].question_for_storage_key(item.source_key)

    def codes(self, label: str, key: str):
        """Return (own codes, home codes, substantive mask) of a code key; None: not asked."""
        if (label, key) not in self._codes:
            self._codes[(label, key)] = self._code_arrays(label, key)
        return self._codes[(label, key)]

    def _code_arrays(self, label: str, key: str):
        column = self.comparison.own_column(label, key)
        frame = self.frames[label]
        if column is None or column not in frame.columns:
            return None
        own = pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy()
        item = self.comparison.wave_item(label, key)
        missing = [o.code for o in self.own_question(label, key).missing]
        substantive = ~np.isnan(own) & ~np.isin(own, missing)
        if item.code_map:
            lookup = {
                float(k): (np.nan if v is None else float(v)) for k, v in item.code_map.items()
            }
            home = pd.Series(own).map(lambda v: lookup.get(v, v)).to_numpy(dtype="float64")
        else:
            home = own
        return own, home, substantive

    def lists(self, label: str, key: str):
        """Return (answered mask, {home code: chosen mask}, own lists) of a multiple choice."""
        if (label, key) not in self._lists:
            self._lists[(label, key)] = self._list_arrays(label, key)
        return self._lists[(label, key)]

    def _list_arrays(self, label: str, key: str):
        column = self.comparison.own_column(label, key)
        frame = self.frames[label]
        if column is None or column not in frame.columns:
            return None
        values = frame[column].tolist()
        code_map = self.comparison.wave_item(label, key).code_map
        n = len(values)
        answered = np.zeros(n, dtype=bool)
        chosen: dict[int, np.ndarray] = {}
        for i, value in enumerate(values):
            if not isinstance(value, list | tuple) or not value:
                continue
            answered[i] = True
            for code in value:
                mapped = map_value(int(code), code_map)
                if mapped is None:
                    continue
                mask = chosen.get(mapped)
                if mask is None:
                    mask = chosen[mapped] = np.zeros(n, dtype=bool)
                mask[i] = True
        return answered, chosen, values


def _code_rows(item: Variable, counter: _Counter, lang) -> list[TrendRow]:
    question = item.question
    key = item.storage_key
    rows = [TrendRow(item, "option", o.code, o.label.get(lang)) for o in question.options]
    missing_rows = [TrendRow(item, "missing", o.code, o.label.get(lang)) for o in question.missing]
    mean_row = TrendRow(item, "mean", None, "") if question.type in ORDERED_TYPES else None
    merged = _merged_groups(counter, key)
    merged_rows = [
        TrendRow(item, "collapsed", None, _merged_label(question, codes, lang), codes)
        for codes in merged
    ]
    for label in counter.labels:
        arrays = counter.codes(label, key)
        wave_item = counter.comparison.wave_item(label, key)
        if arrays is None:
            for row in rows + missing_rows + merged_rows + ([mean_row] if mean_row else []):
                row.estimates[label] = None
                row.counts[label] = 0
            continue
        own, home, substantive = arrays
        estimator = counter.estimators[label]
        for row in rows:
            if row.code not in wave_item.offered:
                row.estimates[label] = None
                continue
            chosen = home == row.code
            row.counts[label] = int((chosen & substantive).sum())
            row.estimates[label] = estimator.share(chosen, substantive)
        for row in missing_rows:
            row.counts[label] = int((home == row.code).sum())
            row.estimates[label] = None
        for row in merged_rows:
            own_codes = merged[row.codes].get(counter.comparison.version_of[label])
            if own_codes is None:
                row.estimates[label] = None
                continue
            chosen = np.isin(own, own_codes)
            row.counts[label] = int((chosen & substantive).sum())
            row.estimates[label] = estimator.share(chosen, substantive)
        if mean_row is not None:
            mean_row.estimates[label] = estimator.mean(np.where(substantive, home, np.nan))
    return rows + merged_rows + ([mean_row] if mean_row else []) + missing_rows


def _merged_groups(counter: _Counter, key: str) -> dict[tuple[int, ...], dict[str, list[int]]]:
    """Return per merged group (home codes) the own codes it stands for, per version."""
    groups: dict[tuple[int, ...], dict[str, list[int]]] = {}
    version_of = counter.comparison.version_of
    for old, new in counter.source.pairs():
        for group in counter.comparison.pair(old, new, key).collapsed:
            found = groups.setdefault(group.codes, {})
            found[version_of[old]] = list(group.older_codes)
            found[version_of[new]] = list(group.newer_codes)
    return groups


def _merged_label(question, codes: tuple[int, ...], lang: str) -> str:
    labels = [o.label.get(lang) for c in codes if (o := question.option(c)) is not None]
    return " + ".join(labels)


def _chosen_row(item: Variable, counter: _Counter, lang) -> TrendRow:
    row = TrendRow(item, "option", item.option.code, item.option.label.get(lang))
    for label in counter.labels:
        arrays = counter.lists(label, item.storage_key)
        offered = counter.comparison.wave_item(label, item.storage_key).offered
        if arrays is None or item.option.code not in offered:
            row.estimates[label] = None
            continue
        answered, chosen, _ = arrays
        mask = chosen.get(item.option.code)
        if mask is None:
            mask = np.zeros(answered.size, dtype=bool)
        row.counts[label] = int(mask[answered].sum())
        row.estimates[label] = counter.estimators[label].share(mask, answered)
    return row


def _collapsed_rows(item: Variable, counter: _Counter, lang) -> list[TrendRow]:
    """Return the merged rows of a multiple-choice question's split options."""
    key = item.storage_key
    rows = []
    for codes, own_codes in _merged_groups(counter, key).items():
        row = TrendRow(item, "collapsed", None, _merged_label(item.question, codes, lang), codes)
        for label in counter.labels:
            arrays = counter.lists(label, key)
            wanted = own_codes.get(counter.comparison.version_of[label])
            if arrays is None or wanted is None:
                row.estimates[label] = None
                continue
            answered, _, values = arrays
            chosen = np.array(
                [answered[i] and any(int(c) in wanted for c in v) for i, v in enumerate(values)],
                dtype=bool,
            )
            row.counts[label] = int(chosen.sum())
            row.estimates[label] = counter.estimators[label].share(chosen, answered)
        rows.append(row)
    return rows


def _rank_row(item: Variable, siblings: list[Variable], counter: _Counter, options) -> TrendRow:
    row = TrendRow(item, "option", item.option.code, item.option.label.get(options.lang))
    for wave in counter.source.waves:
        frame = counter.source.wide(wave, options.unit)
        names = [s.name for s in siblings if s.name in frame.columns]
        answered = frame[names].notna().any(axis=1).to_numpy()
        chosen = frame[item.name].notna().to_numpy()
        row.counts[wave.label] = int(chosen.sum())
        estimator = counter.estimators[wave.label]
        row.estimates[wave.label] = estimator.share(chosen, answered) if answered.any() else None
    return row


def _mean_row(item: Variable, counter: _Counter) -> TrendRow:
    row = TrendRow(item, "mean", None, "")
    for label in counter.labels:
        frame = counter.frames[label]
        column = counter.comparison.own_column(label, item.storage_key)
        if column is None or column not in frame.columns or not frame[column].notna().any():
            row.estimates[label] = None
            continue
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
        row.estimates[label] = counter.estimators[label].mean(values)
    return row


def row_verdict(row: TrendRow, source: TrendInput, old: str, new: str) -> Verdict | None:
    """Return the comparability of one Trends row between two waves."""
    pair = source.comparison.pair(old, new, row.variable.storage_key)
    if row.kind == "mean":
        return pair.means or pair.question
    if row.kind == "collapsed":
        if not pair.question.compares:
            return pair.question
        if row.estimates.get(old) is None or row.estimates.get(new) is None:
            return Verdict(PAIR_NOT_COMPARABLE, "split", pair.question.note)
        merged = any(g.codes == row.codes for g in pair.collapsed)
        reason = "collapsed" if merged else pair.question.reason
        return Verdict(pair.question.level, reason, pair.question.note)
    if row.kind == "missing":
        return pair.question
    if row.code is not None and row.code in pair.options:
        return pair.options[row.code]
    return pair.question


def _add_changes(row: TrendRow, source: TrendInput, options: ExportOptions) -> None:
    k = options.small_cell_k
    for old, new in source.pairs():
        verdict = row_verdict(row, source, old, new)
        row.verdicts[(old, new)] = verdict
        if row.kind == "missing":
            continue
        if verdict is None or not verdict.compares:
            row.changes[(old, new)] = verdict
            continue
        first, second = row.estimates.get(old), row.estimates.get(new)
        if first is None or second is None or first.value is None or second.value is None:
            row.changes[(old, new)] = "not_shown"
            continue
        if first.n < k or second.n < k:
            row.changes[(old, new)] = "suppressed"
            continue
        if row.kind == "mean":
            row.changes[(old, new)] = change(first, second)
        else:
            counts = (row.counts[old], first.n, row.counts[new], second.n)
            row.changes[(old, new)] = change(first, second, counts)
