"""Theme figures: per theme and wave how much it lives, attention, satisfaction, need; the gap."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peiling.exports.design import change, wave_estimators
from peiling.exports.figures.common import analysed
from peiling.exports.labels import GAP_MEASURES, THEME_MEASURES
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import Change, Estimate
from peiling.questionnaires.comparability import Verdict


@dataclass
class ThemeBlock:
    """One measure: per theme (row) an estimate per wave, and its change for every pair."""

    key: str  # question key, or "gap" / "gap_share"
    title: str
    themes: list[tuple[str, str]]  # (row key, theme label)
    estimates: dict[str, dict[str, Estimate | None]] = field(default_factory=dict)
    # (older, newer) -> theme -> the change, or why it is not shown (a Verdict or a word)
    changes: dict[tuple[str, str], dict[str, Change | Verdict | str]] = field(default_factory=dict)


def theme_questions(questionnaire) -> list[tuple[object, str]]:
    """Return the theme matrices the questionnaire has, with their measure titles by language."""
    found = []
    keys = {q.key for q in questionnaire.questions()}
    for key, title in THEME_MEASURES:
        if key in keys and questionnaire.question(key).type == "matrix":
            found.append((questionnaire.question(key), title))
    return found


def theme_blocks(source: TrendInput, options: ExportOptions) -> list[ThemeBlock]:
    """Return one block per theme measure, then the gap between living and attention."""
    lang = options.lang
    frames = {w.label: analysed(w, options) for w in source.waves}
    estimators = wave_estimators(source, options)
    blocks = []
    measures = theme_questions(source.target)
    for question, title in measures:
        themes = [(row.key, row.text.get(lang)) for row in question.rows]
        block = ThemeBlock(question.key, title[lang], themes)
        missing = [o.code for o in question.missing]
        for row_key, _ in themes:
            key = f"{question.key}.{row_key}"
            block.estimates[row_key] = {
                label: _mean_of(frame, key, missing, estimators[label])
                for label, frame in frames.items()
            }
        _last_change(block, source, options)
        blocks.append(block)
    keys = {q.key: q for q, _ in measures}
    if all(k in keys for k in GAP_MEASURES):
        blocks.extend(_gap_blocks(keys, frames, estimators, source, options))
    return blocks


def _mean_of(frame: pd.DataFrame, key: str, missing, estimator) -> Estimate | None:
    if key not in frame.columns or not frame[key].notna().any():
        return None
    return estimator.mean(substantive_array(frame[key], missing))


def substantive_array(column: pd.Series, missing) -> np.ndarray:
    """Return a code column as floats over every row, NaN for blanks and missing codes."""
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64")
    return np.where(np.isin(values, list(missing)), np.nan, values)


def paired_gap(frame: pd.DataFrame, lives_key: str, attention_key: str, missing) -> np.ndarray:
    """Return lives minus attention per row (NaN unless both answers are substantive)."""
    if lives_key not in frame.columns or attention_key not in frame.columns:
        return np.full(len(frame), np.nan)
    lives = substantive_array(frame[lives_key], missing)
    attention = substantive_array(frame[attention_key], missing)
    return lives - attention


def _gap_blocks(
    keys, frames, estimators, source: TrendInput, options: ExportOptions
) -> list[ThemeBlock]:
    from peiling.exports.labels import text

    lives, attention = keys[GAP_MEASURES[0]], keys[GAP_MEASURES[1]]
    lang = options.lang
    attention_rows = {row.key for row in attention.rows}
    themes = [(r.key, r.text.get(lang)) for r in lives.rows if r.key in attention_rows]
    missing = [o.code for o in lives.missing] + [o.code for o in attention.missing]
    gap = ThemeBlock("gap", text(lang, "gap"), themes)
    gap_share = ThemeBlock("gap_share", text(lang, "gap_share"), themes)
    for row_key, _ in themes:
        gap.estimates[row_key] = {}
        gap_share.estimates[row_key] = {}
        for label, frame in frames.items():
            values = paired_gap(
                frame, f"{lives.key}.{row_key}", f"{attention.key}.{row_key}", missing
            )
            both = ~np.isnan(values)
            asked = bool(both.any())
            estimator = estimators[label]
            gap.estimates[row_key][label] = estimator.mean(values) if asked else None
            gap_share.estimates[row_key][label] = (
                estimator.share(values > 0, both) if asked else None
            )
    _last_change(gap, source, options)
    _last_change(gap_share, source, options, proportions=True)
    return [gap, gap_share]


def _last_change(block: ThemeBlock, source: TrendInput, options, proportions=False) -> None:
    """Fill the change for every consecutive pair of waves per theme (or why it is not shown).

    Whether a theme's mean compares is the comparability module's verdict on its means (for
    the gap: both measures must compare).
    """
    question_keys = GAP_MEASURES if block.key.startswith("gap") else (block.key,)
    for old, new in source.pairs():
        changes = block.changes.setdefault((old, new), {})
        for row_key, _ in block.themes:
            verdicts = [
                source.comparison.pair(old, new, f"{q}.{row_key}").means for q in question_keys
            ]
            bad = next((v for v in verdicts if v is None or not v.compares), None)
            if bad is not None or not verdicts:
                changes[row_key] = bad
                continue
            first, second = block.estimates[row_key].get(old), block.estimates[row_key].get(new)
            if first is None or second is None or first.value is None or second.value is None:
                changes[row_key] = "not_shown"
            elif first.n < options.small_cell_k or second.n < options.small_cell_k:
                changes[row_key] = "suppressed"
            elif proportions:
                x1, x2 = round(first.value * first.n), round(second.value * second.n)
                changes[row_key] = change(first, second, (x1, first.n, x2, second.n))
            else:
                changes[row_key] = change(first, second)
