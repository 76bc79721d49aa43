"""Clean one wave: raw rows in, a CleanedWave out, with a report per rule. Plain functions only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from peiling.cleaning import answers as answer_rules
from peiling.cleaning import responses as response_rules
from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.dataset import INVITATION_COLUMNS, META_COLUMNS, CleanedWave, RuleReport
from peiling.cleaning.division import add_division, current_ids
from peiling.cleaning.harmonise import harmonise_frame
from peiling.cleaning.rules import rule_report
from peiling.cleaning.visibility import visible_mask
from peiling.questionnaires.carry_forward import carried_keys, carry_outcome, status_column


@dataclass(frozen=True)
class WaveInfo:
    """What the cleaning needs to know of a wave besides its rows."""

    survey_key: str
    label: str
    opens_at: datetime
    closes_at: datetime


def clean_frames(
    raw: pd.DataFrame,
    invitations: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    wave: WaveInfo,
    questionnaire,
    target,
    comparison,
    config: CleaningConfig | None = None,
    on: date | None = None,
) -> CleanedWave:
    """Apply every cleaning rule to a wave's raw rows; the raw frames are left as they are.

    questionnaire is the wave's version, target the version whose keys and codes the result
    uses, comparison the harmonisation from the one to the other (None when they are equal).
    """
    config = config or CleaningConfig()
    on = on or date.today()
    reports: list[RuleReport] = []
    meta = raw[
        ["response_id", "invitation_id", "organisation_id", "email", "role", "language"]
    ].copy()
    meta["started_at"] = pd.to_datetime(raw["started_at"], utc=True)
    meta["updated_at"] = pd.to_datetime(raw["updated_at"], utc=True)
    meta["submitted_at"] = pd.to_datetime(raw["submitted_at"], utc=True)
    meta["submitted"] = meta["submitted_at"].notna()
    meta["contributing_roles"] = contributing_roles(raw)
    end = meta["submitted_at"].fillna(meta["updated_at"])
    meta["duration_minutes"] = (end - meta["started_at"]).dt.total_seconds() / 60
    answers = answer_rules.expand(raw["answers"], questionnaire.storage_keys())

    if config.normalise_text:
        reports.append(answer_rules.normalise_text(answers, questionnaire))
    if config.remove_invalid_codes:
        reports.append(answer_rules.remove_invalid_codes(answers, questionnaire))
    visible = visible_mask(answers, questionnaire)
    if config.remove_hidden:
        reports.append(answer_rules.remove_hidden(answers, visible, questionnaire))
    answered = answer_rules.answered_questions(answers, questionnaire)
    meta["share_answered"] = response_rules.share_answered(answered, visible).round(4)

    keep, report = response_rules.counted(meta, answers, config)
    reports.append(report)
    meta, answers = meta[keep], answers[keep]
    if config.deduplicate:
        keep, report = response_rules.duplicates(meta, answers)
        reports.append(report)
        meta, answers = meta[keep], answers[keep]
    meta = meta.copy()
    meta["flag_partial"] = ~meta["submitted"]
    partial = rule_report("partial_responses")
    partial.responses = int(meta["flag_partial"].sum())
    reports.append(partial)
    reports.append(answer_rules.count_missing_codes(answers, questionnaire))
    meta["flag_straightlining"] = answer_rules.straightlining(answers, questionnaire, config)
    straight = rule_report(
        "straightlining",
        matrices=config.straightline_min_matrices,
        rows=config.straightline_min_rows,
    )
    straight.responses = int(meta["flag_straightlining"].sum())
    reports.append(straight)
    meta["flag_speeder"], report = response_rules.speeders(meta, config)
    reports.append(report)

    data_answers, report, notes = harmonise_frame(
        answers, comparison, target, questionnaire.version
    )
    reports.append(report)
    successors = current_ids(organisations, on)
    meta, report, merger_notes = add_division(
        meta, organisations, division=config.division, on=on, successors=successors
    )
    reports.append(report)
    meta = response_rules.organisation_level(meta, config)
    several = rule_report("organisation_level")
    several.responses = int((meta["org_responses"] > 1).sum())
    reports.append(several)

    meta["wave"] = wave.label
    data = pd.concat(
        [
            meta[META_COLUMNS],
            typed_answers(data_answers, target, questionnaire),
            carried_outcomes(raw.loc[meta.index], answers, target, comparison),
        ],
        axis=1,
    )
    data = data.sort_values(["organisation_code", "role", "response_id"], kind="mergesort")
    data = data.reset_index(drop=True)
    return CleanedWave(
        survey_key=wave.survey_key,
        label=wave.label,
        version=questionnaire.version,
        target_version=target.version,
        opens_at=wave.opens_at,
        closes_at=wave.closes_at,
        data=data,
        invitations=invitation_frame(invitations, raw, organisations, config, on, successors),
        rules=reports,
        notes=merger_notes + notes,
    )


def carried_outcomes(raw: pd.DataFrame, answers: pd.DataFrame, target, comparison) -> pd.DataFrame:
    """Return per carried-forward key of the target whether the answer confirmed last year's,
    changed it or is new (None: unanswered); compared in the wave's own keys and codes."""
    columns = {}
    for key in carried_keys(target):
        own = key
        if comparison is not None:
            item = comparison.get(key)
            own = item.previous_key if item is not None and item.carries_over else None
        given = answers[own].tolist() if own in answers.columns else [None] * len(answers)
        last = raw["last_year"].tolist() if "last_year" in raw.columns else [None] * len(answers)
        values = [
            carry_outcome(_plain(value), before.get(own) if isinstance(before, dict) else None)
            for value, before in zip(given, last, strict=True)
        ]
        columns[status_column(key)] = pd.Series(values, index=answers.index, dtype=object)
    return pd.DataFrame(columns, index=answers.index)


def _plain(value):
    """Return a cell as a plain answer: None for pandas' missing markers."""
    if isinstance(value, list):
        return value
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value  # a numpy number as Python's


def contributing_roles(raw: pd.DataFrame) -> pd.Series:
    """Return per response the roles whose answers stand in it ("safety;social"); a response
    without a recorded change (older data) counts its own contact's role."""

    def words(column: str) -> pd.Series:
        if column not in raw.columns:
            return pd.Series("", index=raw.index, dtype=object)
        return raw[column].map(lambda value: value if isinstance(value, str) else "")

    given, own = words("contributing_roles"), words("role")
    return given.where(given != "", own)


def typed_answers(answers: pd.DataFrame, target, questionnaire=None) -> pd.DataFrame:
    """Give code columns a nullable integer type; lists, texts and dates stay objects.

    Columns beyond the target's (a wave's own answers kept beside the harmonised ones,
    ``key@version`` or a dropped key) are typed by the wave's own questionnaire.
    """
    columns = [(q, k, k) for q in target.questions() for k in q.storage_keys()]
    for name in answers.columns:
        if questionnaire is not None and name not in target.storage_keys():
            own_key = name.split("@", 1)[0]
            columns.append((questionnaire.question_for_storage_key(own_key), own_key, name))
    result = {}
    for question, _, key in columns:
        column = answers[key]
        if question.type in answer_rules.SCALAR_CODE_TYPES or (
            question.type == "number" and question.integer
        ):
            if column.dtype.kind != "f":
                column = pd.to_numeric(column, errors="coerce")
            whole = column.dropna()
            if (whole == whole.round()).all():  # else keep the fractions, as floats
                column = column.astype("Int64")
        elif question.type == "number":
            column = pd.to_numeric(column, errors="coerce").astype("float64")
        else:
            column = column.astype(object).where(column.notna(), None)
        result[key] = column
    return pd.DataFrame(result, index=answers.index)


def invitation_frame(
    invitations: pd.DataFrame,
    raw: pd.DataFrame,
    organisations: pd.DataFrame,
    config: CleaningConfig,
    on: date,
    successors: pd.Series | None = None,
) -> pd.DataFrame:
    """Return one row per invitation: where, which role, and how far it got."""
    frame = invitations.copy()
    frame, _, _ = add_division(
        frame, organisations, division=config.division, on=on, successors=successors
    )
    started = set(raw["invitation_id"].dropna().astype("int64"))
    submitted = set(raw.loc[raw["submitted_at"].notna(), "invitation_id"].dropna().astype("int64"))
    frame["sent"] = frame["sent"].astype(bool)
    frame["opened"] = frame["opened"].astype(bool)
    frame["started"] = frame["invitation_id"].isin(started)
    frame["submitted"] = frame["invitation_id"].isin(submitted)
    frame = frame.sort_values(["organisation_code", "role", "invitation_id"], kind="mergesort")
    return frame[INVITATION_COLUMNS].reset_index(drop=True)
