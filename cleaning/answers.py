"""Rules on answers: expand them into columns, remove hidden and invalid ones, tidy open text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.dataset import RuleReport
from peiling.cleaning.rules import rule_report

LIST_TYPES = ("multiple_choice", "ranking")
SCALAR_CODE_TYPES = ("single_choice", "likert", "matrix")
TEXT_TYPES = ("short_text", "long_text")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
SPACES = re.compile(r"  +")  # after tabs and no-break spaces became spaces
BLANK_LINES = re.compile(r"\n{3,}")
# Signs that tidy_text would change a text: a quick test first, the work only where needed.
UNTIDY = re.compile(CONTROL.pattern[:-1] + r"\t\r\xa0]| [ \n]|\n |\n\n\n")


def expand(raw_answers: pd.Series, storage_keys: list[str]) -> pd.DataFrame:
    """Return the answers as one column per storage key (copies; the dicts are not touched).

    Keys the questionnaire does not have are left out. (An empty text or list is made
    unanswered by normalise_text and remove_invalid_codes.)
    """
    return pd.DataFrame.from_records(
        [a if isinstance(a, dict) else {} for a in raw_answers.tolist()],
        index=raw_answers.index,
        columns=storage_keys,
    )


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
    report = rule_report("hidden_answers")
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
    report = rule_report("invalid_codes")
    touched = pd.Series(False, index=answers.index)
    for question in questionnaire.questions():
        if not question.is_choice:
            continue
        codes = {o.code for o in question.all_options()}
        for key in question.storage_keys():
            column = answers[key]
            given = column.notna()
            if question.type in LIST_TYPES:
                bad = _fix_lists(answers, key, codes)
            else:
                bad = given & ~column.isin(codes)
                if bad.any():
                    answers.loc[bad, key] = np.nan
            report.answers += int(bad.sum())
            touched |= bad
    report.responses = int(touched.sum())
    return report


def _fix_lists(answers: pd.DataFrame, key: str, codes: set[int]) -> pd.Series:
    """Keep only known codes in a list column; empty lists become unanswered (not counted)."""
    values = answers[key].tolist()
    bad, changed = [], False
    superset = codes.issuperset
    for position, value in enumerate(values):
        if value.__class__ is list:
            if not value:
                values[position], changed = np.nan, True
            elif not superset(value):
                values[position] = [c for c in value if c in codes] or np.nan
                bad.append(position)
        elif value is not None and value == value:  # anything else but None or NaN
            values[position] = np.nan
            bad.append(position)
    if bad or changed:
        answers[key] = pd.Series(values, index=answers.index, dtype=object)
    flags = np.zeros(len(values), dtype=bool)
    flags[bad] = True
    return pd.Series(flags, index=answers.index)


def count_missing_codes(answers: pd.DataFrame, questionnaire) -> RuleReport:
    """Count "don't know" and "not applicable" answers: kept as their codes, marked missing."""
    report = rule_report("missing_codes")
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


def tidy_text(value: str, single_line: bool = False) -> str | None:
    """Return an open answer without control characters and extra whitespace (None if empty)."""
    return tidy_texts([value], single_line)[0]


SEPARATOR = "\ue000"  # a private-use character: joins many texts into one for the regexes


def tidy_texts(values: list[str], single_line: bool = False) -> list[str | None]:
    """Tidy many open answers at once (one pass of each pattern over all of them)."""
    if any(SEPARATOR in v for v in values):  # the joining character typed in: one at a time
        return [_tidied(v, single_line).strip() or None for v in values]
    text = _tidied(SEPARATOR.join(values), single_line)
    return [part.strip() or None for part in text.split(SEPARATOR)]


def _tidied(text: str, single_line: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", text).replace("\t", " ").replace("\xa0", " ")
    text = SPACES.sub(" ", text)  # now no two spaces follow each other: drop those at line edges
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    text = BLANK_LINES.sub("\n\n", text)
    if single_line:
        text = text.replace("\n", " ")
    return text


def normalise_text(answers: pd.DataFrame, questionnaire) -> RuleReport:
    """Remove control characters and collapse whitespace in open answers; keep their words."""
    report = rule_report("open_text")
    touched = pd.Series(False, index=answers.index)
    search = UNTIDY.search
    for question in questionnaire.questions():
        if question.type not in TEXT_TYPES:
            continue
        column = answers[question.key]
        single = question.type == "short_text"
        values = column.tolist()
        positions = [
            i
            for i, v in enumerate(values)
            if v.__class__ is str
            and (
                not v
                or v[0].isspace()
                or v[-1].isspace()
                or search(v) is not None
                or (single and "\n" in v)
            )
            or (v.__class__ is not str and v is not None and v == v)
        ]
        if not positions:
            continue
        tidy = tidy_texts([str(values[i]) for i in positions], single)
        changed = [i for i, t in zip(positions, tidy, strict=True) if t != values[i]]
        for i, t in zip(positions, tidy, strict=True):
            values[i] = t
        if not changed:
            continue
        answers[question.key] = pd.Series(values, index=column.index, dtype=object)
        report.answers += len(changed)
        touched.iloc[changed] = True
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
