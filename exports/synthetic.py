"""Seeded synthetic cleaned waves, for benchmarks and tests of the exports (no database).

Answers are drawn in each wave's own questionnaire version and brought to the target version
with the real harmonisation, so recodings and new options behave as in cleaned data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from peiling.cleaning.dataset import INVITATION_COLUMNS, META_COLUMNS, CleanedWave, size_class
from peiling.cleaning.harmonise import harmonise_frame
from peiling.cleaning.pipeline import typed_answers
from peiling.questionnaires.comparability import comparison_chain
from peiling.vocabulary import PROVINCES, THEME_PROFILES

TEXTS = [
    "Meer handvatten voor het gesprek met jongeren die online radicaliseren.",
    "Een netwerkbijeenkomst met andere gemeenten in de regio zou helpen.",
    "Training voor frontlijnwerkers over polarisatie in wijken.",
    "Kennis over complotdenken en hoe daarmee om te gaan.",
]
ROLES = ["safety", "social", "other"]


# Chance that a municipality responds, by size class: small ones answer less often.
PROPENSITY = {"< 20.000": 0.45, "20.000 - 50.000": 0.6, "50.000 - 100.000": 0.7}
LARGE_PROPENSITY = 0.79


def synthetic_waves(
    versions: dict,
    plan: list[tuple[str, str]],
    responses: int,
    seed: int = 1,
    organisations: int | None = None,
) -> list[CleanedWave]:
    """Return cleaned waves for plan [(label, version)], each with about `responses` rows."""
    return synthetic_input(versions, plan, responses, seed, organisations).waves


def synthetic_input(
    versions: dict,
    plan: list[tuple[str, str]],
    responses: int,
    seed: int = 1,
    organisations: int | None = None,
):
    """Return a trend input of synthetic waves with the organisation list they were drawn from.

    Every municipality responds with a chance that grows with its size (45% to 79%), so
    weighting to the list matters; a responding municipality answers with one or more contacts.
    """
    from peiling.exports.options import TrendInput
    from peiling.exports.population import POPULATION_COLUMNS
    from peiling.questionnaires.comparability import wave_comparability

    rng = np.random.default_rng(seed)
    target = max(versions.values(), key=lambda q: q.version)
    count = organisations or max(responses // 2, 1)
    orgs = _organisations(rng, count)
    propensity = orgs["size_class"].map(PROPENSITY).fillna(LARGE_PROPENSITY).to_numpy()
    result = []
    next_id = 1
    for index, (label, version) in enumerate(plan):
        questionnaire = versions[version]
        answering = np.flatnonzero(rng.random(count) < propensity)
        if answering.size == 0:
            answering = np.arange(count)
        chosen = answering[rng.integers(0, answering.size, size=responses)]
        meta = orgs.iloc[chosen].reset_index(drop=True)
        meta.insert(0, "response_id", np.arange(next_id, next_id + responses))
        next_id += responses
        meta["wave"] = label
        meta["role"] = rng.choice(ROLES, size=responses, p=[0.5, 0.35, 0.15])
        meta["contributing_roles"] = meta["role"]
        meta["language"] = np.where(rng.random(responses) < 0.95, "nl", "en")
        meta["submitted"] = rng.random(responses) < 0.93
        meta["share_answered"] = np.where(meta["submitted"], 1.0, rng.uniform(0.5, 1, responses))
        meta["duration_minutes"] = rng.gamma(4, 5, responses).round(2)
        meta["flag_partial"] = ~meta["submitted"]
        meta["flag_straightlining"] = rng.random(responses) < 0.02
        meta["flag_speeder"] = rng.random(responses) < 0.03
        counts = meta["current_code"].map(meta["current_code"].value_counts())
        meta["org_responses"] = counts.astype("int64")
        meta["org_weight"] = 1.0 / meta["org_responses"]
        meta["org_primary"] = ~meta["current_code"].duplicated()
        answers = _answers(rng, questionnaire, responses, index)
        chain = comparison_chain(versions, version, target.version)
        answers, report, notes = harmonise_frame(answers, chain, target, version)
        data = pd.concat(
            [meta[META_COLUMNS], typed_answers(answers, target, questionnaire)], axis=1
        )
        opens = datetime(int(label) if label.isdigit() else 2026, 3, 1, 8, tzinfo=UTC)
        result.append(
            CleanedWave(
                survey_key=target.survey,
                label=label,
                version=version,
                target_version=target.version,
                opens_at=opens,
                closes_at=opens + timedelta(days=42),
                data=data,
                invitations=_invitations(rng, orgs, data),
                rules=[report],
                notes=notes,
            )
        )
    population = orgs[POPULATION_COLUMNS]
    return TrendInput(
        result,
        versions,
        wave_comparability(result, versions),
        populations={wave.label: population for wave in result},
    )


def _organisations(rng, count: int) -> pd.DataFrame:
    population = rng.lognormal(10.3, 0.9, count).astype("int64") + 1000
    codes = [f"GM{i:04d}" for i in range(1, count + 1)]
    names = [f"Gemeente {i}" for i in range(1, count + 1)]
    return pd.DataFrame(
        {
            "organisation_code": codes,
            "organisation_name": names,
            "current_code": codes,
            "current_name": names,
            "province": rng.choice(PROVINCES, count),
            "safety_region": [f"Veiligheidsregio {r}" for r in rng.integers(1, 26, count)],
            "population": population,
            "size_class": [size_class(int(p)) for p in population],
        }
    )


def _answers(rng, questionnaire, n: int, wave_index: int) -> pd.DataFrame:
    columns = {}
    for question in questionnaire.questions():
        kind = question.type
        blank = rng.random(n) < 0.04
        if kind in ("single_choice", "likert", "matrix"):
            codes = np.array([o.code for o in question.options])
            missing = np.array([o.code for o in question.missing])
            profile = THEME_PROFILES.get(question.key, {})
            for key in question.storage_keys():
                rising = "polarisatie" in key and question.key != "thema_aandacht"
                shift = 0.3 * wave_index if rising else 0.0
                row = key.split(".", 1)[-1]
                slope = 4 * (profile[row] - 0.5) if row in profile else 0.5
                weights = np.exp(np.linspace(-1, 1, len(codes)) * (slope + shift))
                values = rng.choice(codes, n, p=weights / weights.sum()).astype("float64")
                if len(missing):
                    use = rng.random(n) < 0.05
                    values[use] = rng.choice(missing, int(use.sum()))
                values[rng.random(n) < 0.04] = np.nan
                columns[key] = pd.Series(values, dtype="float64")
        elif kind in ("multiple_choice", "ranking"):
            codes = np.array([o.code for o in question.options if not o.exclusive])
            exclusive = [o.code for o in question.options if o.exclusive]
            top = min(question.top or 3, len(codes))
            order = codes[np.argsort(rng.random((n, len(codes))), axis=1)[:, :top]].tolist()
            sizes = rng.integers(1, top + 1, n).tolist()
            alone = (rng.random(n) < 0.08) if kind == "multiple_choice" and exclusive else None
            values = []
            for i in range(n):
                if blank[i]:
                    values.append(None)
                elif alone is not None and alone[i]:
                    values.append([exclusive[0]])
                else:
                    values.append(order[i][: sizes[i]])
            columns[question.key] = pd.Series(values, dtype=object)
        elif kind == "number":
            values = rng.integers(0, 40, n).astype("float64")
            values[blank] = np.nan
            columns[question.key] = pd.Series(values)
        elif kind == "date":
            days = rng.integers(0, 3000, n)
            values = [
                None if b else (datetime(2015, 1, 1) + timedelta(days=int(d))).date().isoformat()
                for b, d in zip(blank, days, strict=True)
            ]
            columns[question.key] = pd.Series(values, dtype=object)
        else:
            present = rng.random(n) < 0.3
            picks = rng.integers(0, len(TEXTS), n)
            values = [TEXTS[p] if keep else None for keep, p in zip(present, picks, strict=True)]
            columns[question.key] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns)


def _invitations(rng, orgs: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    invited = len(data) + len(data) // 3
    chosen = rng.integers(0, len(orgs), invited)
    frame = orgs.iloc[chosen].reset_index(drop=True)
    frame["role"] = rng.choice(ROLES, invited, p=[0.5, 0.35, 0.15])
    frame["sent"] = True
    frame["opened"] = np.arange(invited) < len(data) + len(data) // 6
    frame["started"] = np.arange(invited) < len(data) + len(data) // 12
    frame["submitted"] = np.arange(invited) < int(data["submitted"].sum())
    return frame[INVITATION_COLUMNS]
