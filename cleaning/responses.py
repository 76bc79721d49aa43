"""Rules on whole responses: which count, duplicates, speeders, municipality-level weights."""

from __future__ import annotations

import pandas as pd

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.rules import rule_report


def share_answered(answered: pd.DataFrame, visible: pd.DataFrame) -> pd.Series:
    """Return per response the share (0..1) of the questions shown to it that it answered."""
    shown = visible.sum(axis=1)
    done = (answered & visible).sum(axis=1)
    return (done / shown.where(shown > 0)).fillna(0.0)


def counted(meta: pd.DataFrame, answers: pd.DataFrame, config: CleaningConfig):
    """Return (mask of responses that count, report): submitted, or partial above the share."""
    submitted = meta["submitted"]
    partial_ok = (
        ~submitted & (meta["share_answered"] >= config.min_share_answered)
        if config.keep_partial
        else pd.Series(False, index=meta.index)
    )
    keep = submitted | partial_ok
    report = (
        rule_report("responses_counted", share=config.min_share_answered)
        if config.keep_partial
        else rule_report("responses_counted", "responses_submitted_only")
    )
    report.responses = int((~keep).sum())
    report.answers = int(answers[~keep].notna().sum().sum())
    return keep, report


def duplicates(meta: pd.DataFrame, answers: pd.DataFrame):
    """Return (mask of responses kept, report): one per invitation and per person.

    The same address (case-insensitive) at one organisation counts as one person. Kept:
    submitted before partial, then the most answered, then the latest saved.
    """
    order = meta.sort_values(
        ["submitted", "share_answered", "updated_at", "response_id"],
        ascending=[False, False, False, True],
        kind="mergesort",
    )
    # A response without an address or an invitation is a person and an invitation of its own.
    email = order["email"]
    person = pd.DataFrame({"org": order["organisation_id"], "email": email.fillna("").str.lower()})
    same_person = person.duplicated() & email.notna()
    invitation = order["invitation_id"]
    same_invitation = invitation.duplicated() & invitation.notna()
    first = ~same_invitation & ~same_person
    keep = first.reindex(meta.index)
    report = rule_report("one_per_invitation")
    report.responses = int((~keep).sum())
    report.answers = int(answers[~keep].notna().sum().sum())
    return keep, report


def speeders(meta: pd.DataFrame, config: CleaningConfig):
    """Return (flags, report): submitted far faster than the wave's median completion time."""
    submitted = meta["submitted"]
    median = meta.loc[submitted, "duration_minutes"].median()
    limit = config.speeder_share_of_median * median if pd.notna(median) else 0
    flags = submitted & (meta["duration_minutes"] < limit)
    report = rule_report("speeders", share=config.speeder_share_of_median, median=_minutes(median))
    report.responses = int(flags.sum())
    return flags, report


def _minutes(value) -> str:
    return "no submitted responses" if pd.isna(value) else f"median {value:.1f} minutes"


def organisation_level(meta: pd.DataFrame, config: CleaningConfig) -> pd.DataFrame:
    """Add org_responses, org_weight and org_primary: how each municipality weighs 1 in total."""
    priority = {role: i for i, role in enumerate(config.role_priority)}
    rank = meta["role"].map(priority).fillna(len(priority))
    key = meta["current_code"] if config.division == "current" else meta["organisation_code"]
    order = meta.assign(_rank=rank, _key=key, _end=meta["submitted_at"]).sort_values(
        ["_key", "_rank", "share_answered", "_end", "response_id"],
        ascending=[True, True, False, True, True],
        kind="mergesort",
        na_position="last",
    )
    meta["org_responses"] = key.map(key.value_counts()).astype("int64")
    meta["org_weight"] = 1.0 / meta["org_responses"]
    primary = ~order["_key"].duplicated()
    meta["org_primary"] = primary.reindex(meta.index)
    return meta
