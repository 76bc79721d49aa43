"""Rules on answers: expand them into columns, remove hidden and invalid ones, tidy open text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cleaning.config import CleaningConfig
from cleaning.dataset import RuleReport

LIST_TYPES = ("multiple_choice", "ranking")
SCALAR_CODE_TYPES = ("single_choice", "likert", "matrix")
TEXT_TYPES = ("short_text", "long_text")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
SPACES = re.compile(r"[ \t\xa0]+")
BLANK_LINES = re.compile(r"\n{3,}")


def expand(raw_answers: pd.Series, storage_keys: list[str]) -> pd.DataFrame:
    """Return the answers as one column per storage key (copies; the dicts are not touched).

    Keys the questionnaire does not have are left out; an empty list or text counts as
    unanswered.
    """
    frame = pd.DataFrame.from_records(
        [a if isinstance(a, dict) else {} for a in raw_answers.tolist()],
        index=raw_answers.index,
        columns=storage_keys,
    )
    for key in storage_keys:
        column = frame[key]
        if column.dtype == object:
            empty = [isinstance(v, list | str) and len(v) == 0 for v in column.tolist()]
            if any(empty):
                frame[key] = column.mask(pd.Series(empty, index=column.index))
    return frame


def answered_questions(answers: pd.DataFrame, questionnaire) -> pd.DataFrame:
    """Return a boolean frame (responses x question keys): was the question answered?"""
    result = {}
    for question in questionnaire.questions():
        keys = [k for k in question.storage_keys() if k in answers.columns]
        result[question.key] = (
            answers[keys].notna().any(axis=1) if keys else pd.Series(False, index=answers.index)
        )
    return pd.DataFrame(result, index=answers.index)


def remove_hidden(answers: pd.DataFrame, visible: pd.DataFrame, questionnaire) -> RuleReport:
    """Remove answers to questions that the response's other answers hide."""
    report = RuleReport("hidden_answers", "answers to questions hidden by conditions removed")
    touched = pd.Series(False, index=answers.index)
    for question in questionnaire.questions():
        hidden = ~visible[question.key]
        if not hidden.any():
            continue
        for key in question.storage_keys():
            remove = hidden & answers[key].notna()
            if remove.any():
                answers.loc[remove, key] = np.nan
                report.answers += int(remove.sum())
                touched |= remove
    report.responses = int(touched.sum())
    return report


def remove_invalid_codes(answers: pd.DataFrame, questionnaire) -> RuleReport:
    """Remove codes a question does not have (from lists, only the unknown codes)."""
    report = RuleReport("invalid_codes", "codes the question does not have removed")
    touched = pd.Series(False, index=answers.index)
    for question in questionnaire.questions():
        if not question.is_choice:
            continue
        codes = {o.code for o in question.all_options()}
        for key in question.storage_keys():
            column = answers[key]
            given = column.notna()
            if question.type in LIST_TYPES:
                bad = pd.Series([_bad_list(v, codes) for v in column.tolist()], index=column.index)
                if bad.any():
                    fixed = [
                        _keep_codes(v, codes) if b else v for v, b in zip(column, bad, strict=True)
                    ]
                    answers[key] = pd.Series(fixed, index=column.index, dtype=object)
            else:
                bad = given & ~column.isin(codes)
                if bad.any():
                    answers.loc[bad, key] = np.nan
            report.answers += int(bad.sum())
            touched |= bad
    report.responses = int(touched.sum())
    return report


def _bad_list(value, codes: set[int]) -> bool:
    if not isinstance(value, list):
        return value is not None and not (isinstance(value, float) and np.isnan(value))
    return any(c not in codes for c in value)


def _keep_codes(value, codes: set[int]):
    kept = [c for c in value if c in codes] if isinstance(value, list) else []
    return kept or np.nan


def count_missing_codes(answers: pd.DataFrame, questionnaire) -> RuleReport:
    """Count "don't know" and "not applicable" answers: kept as their codes, marked missing."""
    report = RuleReport(
        "missing_codes",
        "don't know / not applicable answers kept as missing codes (never in means or shares)",
    )
    touched = pd.Series(False, index=answers.index)
    for question in questionnaire.questions():
        codes = [o.code for o in question.missing]
        if not codes or question.type in LIST_TYPES:
            continue
        for key in question.storage_keys():
            hit = answers[key].isin(codes)
            report.answers += int(hit.sum())
            touched |= hit
    report.responses = int(touched.sum())
    return report


def normalise_text(answers: pd.DataFrame, questionnaire) -> RuleReport:
    """Remove control characters and collapse whitespace in open answers; keep their words."""
    report = RuleReport(
        "open_text", "open answers: control characters and extra whitespace removed"
    )
    touched = pd.Series(False, index=answers.index)
    for question in questionnaire.questions():
        if question.type not in TEXT_TYPES:
            continue
        column = answers[question.key]
        given = column.notna()
        if not given.any():
            continue
        text = column[given].astype(str)
        clean = (
            text.str.replace("\r\n", "\n", regex=False)
            .str.replace("\r", "\n", regex=False)
            .str.replace(CONTROL, "", regex=True)
            .str.replace(SPACES, " ", regex=True)
            .str.replace(r" ?\n ?", "\n", regex=True)
            .str.replace(BLANK_LINES, "\n\n", regex=True)
            .str.strip()
        )
        changed = clean != text
        if question.type == "short_text":
            clean = clean.str.replace("\n", " ", regex=False)
            changed = clean != text
        clean = clean.mask(clean == "")
        answers.loc[given, question.key] = clean
        report.answers += int(changed.sum())
        touched.loc[changed[changed].index] = True
    report.responses = int(touched.sum())
    return report


def straightlining(answers: pd.DataFrame, questionnaire, config: CleaningConfig) -> pd.Series:
    """Flag responses that gave every row of each answered matrix one and the same value."""
    eligible = pd.Series(0, index=answers.index)
    straight = pd.Series(0, index=answers.index)
    for question in questionnaire.questions():
        if question.type != "matrix" or len(question.rows) < config.straightline_min_rows:
            continue
        values = answers[list(question.storage_keys())].astype("float64")
        missing = [o.code for o in question.missing]
        values = values.mask(values.isin(missing))
        enough = values.count(axis=1) >= config.straightline_min_rows
        same = values.max(axis=1) == values.min(axis=1)
        eligible += enough.astype(int)
        straight += (enough & same).astype(int)
    return (eligible >= config.straightline_min_matrices) & (straight == eligible)
