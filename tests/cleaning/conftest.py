"""Raw frames for cleaning tests: built by hand, shaped as cleaning.raw reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from peiling.cleaning.pipeline import WaveInfo, clean_frames
from peiling.cleaning.raw import RESPONSE_FIELDS
from peiling.questionnaires import parse_questionnaire, shipped
from peiling.questionnaires.comparability import comparison_chain

QUESTIONNAIRES = shipped.FOLDER
OPENS = datetime(2026, 3, 1, 8, tzinfo=UTC)


def shipped(version: str):
    path = QUESTIONNAIRES / f"ess-{version}.yaml"
    return parse_questionnaire(path.read_text(encoding="utf-8"), path.name)


@pytest.fixture(scope="session")
def v2025():
    return shipped("2025")


@pytest.fixture(scope="session")
def v2026():
    return shipped("2026")


THEMES = [
    "inclusie",
    "polarisatie",
    "problematisch_gedrag",
    "ondermijning",
    "radicalisering",
    "extremisme",
]


def complete_2026(**overrides) -> dict:
    """Return a plausible, complete set of 2026 answers (every required question)."""
    answers = {"rol_domein": 2, "rol_functie": 1, "rol_ervaring": 4}
    for matrix, values in (
        ("thema_leeft", [2, 4, 3, 3, 2, 1]),
        ("thema_aandacht", [3, 3, 2, 4, 2, 2]),
        ("steun_tevredenheid", [4, 3, 3, 2, 5, 98]),
        ("steun_behoefte", [2, 5, 4, 3, 3, 2]),
    ):
        answers.update({f"{matrix}.{row}": v for row, v in zip(THEMES, values, strict=True)})
    for row, value in zip(
        ["sociaal_domein", "onderwijs", "gemeenschappen", "zorg", "politie", "veiligheidshuis"],
        [4, 3, 2, 4, 5, 3],
        strict=True,
    ):
        answers[f"samenwerking_kwaliteit.{row}"] = value
    answers["samenwerking_kwaliteit.regio"] = 4
    answers["leren_doelgroepen"] = [1, 2]
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def response(
    response_id: int,
    answers: dict,
    *,
    organisation_id: int = 1,
    invitation_id: int | None = None,
    email: str | None = None,
    role: str = "safety",
    minutes: float = 20,
    submitted: bool = True,
    start_offset_hours: float = 0,
) -> dict:
    """Return one raw response row."""
    started = OPENS + timedelta(hours=24 + start_offset_hours + response_id)
    end = started + timedelta(minutes=minutes)
    return {
        "response_id": response_id,
        "invitation_id": invitation_id if invitation_id is not None else response_id,
        "organisation_id": organisation_id,
        "started_at": started,
        "updated_at": end,
        "submitted_at": end if submitted else None,
        "answers": answers,
        "email": email or f"contact{response_id}@gemeente.example.nl",
        "role": role,
        "language": "nl",
    }


def raw_frame(rows: list[dict]) -> pd.DataFrame:
    """Return raw responses as a DataFrame."""
    return pd.DataFrame(rows, columns=RESPONSE_FIELDS)


def organisations_frame(rows: list[dict] | None = None) -> pd.DataFrame:
    """Return organisations; by default three without mergers."""
    rows = rows or [
        {"organisation_id": i, "code": f"GM{i:04d}", "name": f"Gemeente {i}"} for i in (1, 2, 3)
    ]
    base = {
        "province": "Utrecht",
        "safety_region": "Utrecht",
        "population": 30_000,
        "successor_id": None,
        "valid_until": None,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def invitations_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Return one sent invitation per raw response."""
    return pd.DataFrame(
        {
            "invitation_id": raw["invitation_id"],
            "organisation_id": raw["organisation_id"],
            "role": raw["role"],
            "status": "sent",
            "sent": True,
            "opened": raw["started_at"].notna(),
        }
    ).drop_duplicates("invitation_id")


def clean(raw, questionnaire, target=None, *, config=None, organisations=None, versions=None):
    """Clean raw rows answered in questionnaire, reported in target (default: the same)."""
    target = target or questionnaire
    versions = versions or {questionnaire.version: questionnaire, target.version: target}
    return clean_frames(
        raw,
        invitations_frame(raw),
        organisations if organisations is not None else organisations_frame(),
        wave=WaveInfo("ess-behoeftepeiling", "2026", OPENS, OPENS + timedelta(days=42)),
        questionnaire=questionnaire,
        target=target,
        comparison=comparison_chain(versions, questionnaire.version, target.version),
        config=config,
        on=date(2026, 11, 1),
    )


def rule(cleaned, name):
    """Return the report of one rule by name."""
    return next(r for r in cleaned.rules if r.rule == name)
