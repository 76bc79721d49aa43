"""Breakdowns of the latest wave's theme figures, and response per wave and group."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peiling.exports.design import wave_estimators
from peiling.exports.figures.common import analysed, natural_key
from peiling.exports.figures.themes import theme_questions
from peiling.exports.labels import GAP_MEASURES, ROLES, text
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.stats import Estimate

DIMENSIONS = ("size_class", "province", "role")
RESPONSE_DIMENSIONS = ("province", "size_class", "safety_region", "role")


@dataclass
class BreakdownBlock:
    """One measure of the latest wave, by group: (dimension, category) -> theme -> estimate."""

    title: str
    themes: list[tuple[str, str]]
    groups: list[tuple[str, str, int]] = field(default_factory=list)  # dimension, category, N
    cells: dict[tuple[str, str], dict[str, Estimate]] = field(default_factory=dict)


def category_label(dimension: str, value, lang: str) -> str:
    """Return how a group is named: the role in words, 'unknown' for a blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return text(lang, "unknown")
    if dimension == "role":
        return ROLES[lang].get(str(value), str(value))
    return str(value)


def breakdown_blocks(source: TrendInput, options: ExportOptions) -> list[BreakdownBlock]:
    """Return per theme measure (and the gap) the latest wave's means per group.

    The means carry the same weights as the Trends and Thema's sheets (exports/design.py):
    a group's mean is the weighted mean of its rows, N the unweighted number of answers.
    """
    lang = options.lang
    frame = analysed(source.waves[-1], options)
    estimator = wave_estimators(source, options)[source.labels[-1]]
    measures = theme_questions(source.target)
    blocks = []
    groups = _groups(frame, lang)
    arrays = _arrays(frame, measures)
    for question, title in measures:
        themes = [(row.key, row.text.get(lang)) for row in question.rows]
        block = BreakdownBlock(title[lang], themes, [g[:3] for g in groups])
        missing = [o.code for o in question.missing]
        for dimension, category, _, mask in groups:
            block.cells[(dimension, category)] = {
                row: estimator.point(_within(arrays[f"{question.key}.{row}"], mask, missing))
                for row, _ in themes
                if f"{question.key}.{row}" in arrays
            }
        blocks.append(block)
    keys = {q.key: q for q, _ in measures}
    if all(k in keys for k in GAP_MEASURES):
        lives, attention = keys[GAP_MEASURES[0]], keys[GAP_MEASURES[1]]
        missing = [o.code for o in lives.missing + attention.missing]
        themes = [(r.key, r.text.get(lang)) for r in lives.rows if attention.row(r.key)]
        block = BreakdownBlock(text(lang, "gap"), themes, [g[:3] for g in groups])
        for dimension, category, _, mask in groups:
            cells = {}
            for row, _ in themes:
                a = arrays.get(f"{lives.key}.{row}")
                b = arrays.get(f"{attention.key}.{row}")
                if a is None or b is None:
                    continue
                both = ~np.isnan(a) & ~np.isnan(b) & ~np.isin(a, missing) & ~np.isin(b, missing)
                cells[row] = estimator.point(np.where(both & mask, a - b, np.nan))
            block.cells[(dimension, category)] = cells
        blocks.append(block)
    return blocks


def _arrays(frame: pd.DataFrame, measures) -> dict[str, np.ndarray]:
    """Return the theme columns as float arrays (NaN for blanks)."""
    result = {}
    for question, _ in measures:
        for key in question.storage_keys():
            if key in frame.columns:
                column = pd.to_numeric(frame[key], errors="coerce").astype("float64")
                result[key] = column.to_numpy(dtype="float64", na_value=np.nan)
    return result


def _within(values: np.ndarray, mask: np.ndarray, missing) -> np.ndarray:
    """Return values with NaN outside the group and for missing codes."""
    return np.where(mask & ~np.isin(values, missing), values, np.nan)


def _groups(frame: pd.DataFrame, lang: str) -> list[tuple[str, str, int, pd.Index]]:
    result = []
    for dimension in DIMENSIONS:
        if dimension not in frame.columns:
            continue
        labels = frame[dimension].map(lambda v, d=dimension: category_label(d, v, lang))
        for category in sorted(labels.unique(), key=_sort_key(dimension)):
            mask = (labels == category).to_numpy()
            result.append((dimension, category, int(mask.sum()), mask))
    return result


def _sort_key(dimension: str):
    if dimension == "size_class":
        from peiling.cleaning.dataset import SIZE_CLASSES

        order = {label: i for i, (_, _, label) in enumerate(SIZE_CLASSES)}
        return lambda c: (order.get(c, len(order)), c)
    return natural_key


@dataclass
class ResponseRow:
    """Invited, started, submitted per wave for one group (or the total)."""

    dimension: str
    category: str
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def response_rows(source: TrendInput, options: ExportOptions) -> list[ResponseRow]:
    """Return invited, started and submitted per wave: in total, then per group.

    With the unit organisation every count is of municipalities (invited: any contact
    invited; started, submitted: any contact did), and there is no breakdown by domain.
    """
    lang = options.lang
    total = ResponseRow("total", text(lang, "total"))
    rows: dict[tuple[str, str], ResponseRow] = {}
    dimensions = RESPONSE_DIMENSIONS
    if options.unit == "organisation":
        dimensions = tuple(d for d in RESPONSE_DIMENSIONS if d != "role")
    for wave in source.waves:
        invitations = invitation_units(wave.invitations, options.unit)
        total.counts[wave.label] = _counts(invitations)
        for dimension in dimensions:
            if dimension not in invitations.columns:
                continue
            labels = invitations[dimension].map(lambda v, d=dimension: category_label(d, v, lang))
            for category, part in invitations.groupby(labels, sort=False):
                row = rows.setdefault((dimension, category), ResponseRow(dimension, category))
                row.counts[wave.label] = _counts(part)
    ordered = sorted(
        rows.values(),
        key=lambda r: (RESPONSE_DIMENSIONS.index(r.dimension), _sort_key(r.dimension)(r.category)),
    )
    return [total, *ordered]


def invitation_units(invitations: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Return the invitations, or with the unit organisation one row per municipality."""
    if unit != "organisation" or "current_code" not in invitations.columns:
        return invitations
    flags = [c for c in ("sent", "opened", "started", "submitted") if c in invitations.columns]
    frame = invitations.copy()
    frame[flags] = frame[flags].astype(bool)
    aggregation = {c: "max" for c in flags}
    rest = [c for c in frame.columns if c not in flags and c != "current_code"]
    aggregation.update({c: "first" for c in rest})
    return frame.groupby("current_code", sort=False).agg(aggregation).reset_index()


def _counts(invitations: pd.DataFrame) -> tuple[int, int, int]:
    def count(name):
        return int(invitations[name].astype(bool).sum()) if name in invitations.columns else 0

    return count("sent"), count("started"), count("submitted")
