"""The cleaned dataset of a wave: the contract between cleaning and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from peiling.questionnaires.carry_forward import STATUS_SUFFIX
from peiling.vocabulary import SIZE_CLASSES

# Columns that come before the answer columns in CleanedWave.data, in this order.
META_COLUMNS = [
    "response_id",
    "wave",
    "organisation_code",  # as it was when the wave ran
    "organisation_name",
    "current_code",  # today's division: the successor after mergers (same code when none)
    "current_name",
    "province",  # of the current organisation
    "safety_region",
    "population",
    "size_class",
    "role",  # the respondent's domain: safety, social, other
    # The domains whose answers stand in the response, e.g. "safety;social": in a wave where the
    # municipality answers as a whole (one shared response) all who contributed; else the role.
    "contributing_roles",
    "language",
    "submitted",  # bool: submitted (True) or a kept partial response (False)
    "share_answered",  # 0..1 of the visible questions answered
    "duration_minutes",  # started to submitted (or last save)
    "flag_partial",
    "flag_straightlining",
    "flag_speeder",
    # Municipality-level results (cleaning/responses.py: organisation_level): several contacts
    # of one municipality are all kept with their role; for results per municipality either
    # weigh each response by org_weight (1 / org_responses, so a municipality counts once) or
    # take only the org_primary response (role order safety, social, other; then the most
    # answered; then the earliest submitted).
    "org_responses",
    "org_weight",
    "org_primary",
]

# Columns of CleanedWave.invitations: one row per invitation, for response breakdowns.
INVITATION_COLUMNS = [
    "organisation_code",
    "current_code",
    "province",
    "safety_region",
    "size_class",
    "role",
    "sent",
    "opened",
    "started",
    "submitted",
]


def size_classes(populations) -> list[str | None]:
    """Return the size class label of many populations at once (each as size_class gives it)."""
    values = np.asarray(populations, dtype="float64")
    labels = np.full(len(values), None, dtype=object)
    for low, high, label in reversed(SIZE_CLASSES):  # the first class that fits wins
        inside = values >= low
        if high is not None:
            inside &= values < high
        labels[inside] = label
    return labels.tolist()


def size_class(population: int | None) -> str | None:
    """Return the size class label of a municipality by its population."""
    if population is None or pd.isna(population):
        return None
    for low, high, label in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return label
    return None


@dataclass
class RuleReport:
    """What one cleaning rule did: how many responses and answers it touched."""

    rule: str
    description: str  # in English; cleaning/rules.py has it in every language
    responses: int = 0
    answers: int = 0
    text: str = ""  # the key of its texts in cleaning/rules.py
    values: dict = field(default_factory=dict)  # what fills in the texts


@dataclass(frozen=True)
class CleaningNote:
    """A note from cleaning (a merger, a harmonised question), worded in any language later."""

    text: str  # the key of its texts in cleaning/rules.py (NOTE_TEXTS)
    values: dict = field(default_factory=dict)  # what fills in the texts


@dataclass
class CleanedWave:
    """A wave's cleaned data, with answers in the codes of the target questionnaire version.

    ``data`` has META_COLUMNS, then one column per storage key of the target version
    (matrix rows as "question.row"); multiple-choice and ranking answers are lists, missing
    codes ("don't know", "not applicable") are kept as their codes and listed per question in
    the questionnaire, never mixed into means or shares by the exports.

    Made by cleaning.wave.clean_wave / clean_waves; the exports read stored ones with
    cleaning.store.load_cleaned_waves(session, survey_key, labels, division="current" or
    "historical"). ``rules`` says per rule how many responses and answers it touched;
    ``notes`` names merged municipalities and every question whose answers were recoded,
    rescaled, reworded or left out on the way to target_version.
    """

    survey_key: str
    label: str
    version: str  # the questionnaire version the answers were given in
    target_version: str  # the version whose keys and codes ``data`` uses
    opens_at: datetime
    closes_at: datetime
    data: pd.DataFrame
    invitations: pd.DataFrame
    rules: list[RuleReport] = field(default_factory=list)
    notes: list[CleaningNote] = field(default_factory=list)  # (plain text in old pickles)

    @property
    def answer_columns(self) -> list[str]:
        """Return the answer columns: neither meta columns nor carried-forward outcomes."""
        carried = set(self.carried_columns)
        return [c for c in self.data.columns if c not in META_COLUMNS and c not in carried]

    @property
    def carried_columns(self) -> list[str]:
        """Return the columns that say per carried-forward answer: confirmed, changed or new."""
        return [c for c in self.data.columns if c.endswith(STATUS_SUFFIX)]
