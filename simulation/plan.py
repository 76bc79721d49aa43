"""What one simulated respondent does in a wave: a plan of saves, independent of the database.

A plan is derived from the seed, the wave label and the contact's e-mail address only, so the
slow path (the response services) and the fast path (bulk rows) replay the very same plan.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peiling.questionnaires.conditions import visible_questions
from peiling.simulation.answers import answer, as_date

# Share of contacts that respond, per size class (small municipalities answer less often).
RESPONSE_RATES = {
    "< 20.000": 0.55,
    "20.000 - 50.000": 0.65,
    "50.000 - 100.000": 0.75,
    ">= 100.000": 0.85,
}
SHARES = {
    "partial": 0.10,  # starts, saves some pages, never submits
    "straightline": 0.03,  # gives every matrix row the same value
    "speeder": 0.03,  # done in a few minutes
    "junk": 0.05,  # open answers that say nothing
    "stale": 0.08,  # answers a follow-up, then changes the answer that showed it
    "skip": 0.08,  # chance to leave an optional closed question open
}


@dataclass
class Save:
    """One save of a page: the changed answers and the moment."""

    page_key: str
    changes: dict
    at: datetime


@dataclass
class ResponsePlan:
    """A respondent's saves in a wave, and whether and when they submit."""

    email: str
    started_at: datetime
    saves: list[Save] = field(default_factory=list)
    submitted_at: datetime | None = None
    traits: tuple[str, ...] = ()


def rng_for(seed: int, *parts: str) -> random.Random:
    """Return a generator seeded by the seed and some stable names (not by database ids)."""
    return random.Random(":".join([str(seed), *parts]))


def plan_response(
    questionnaire,
    *,
    seed: int,
    wave_label: str,
    wave_index: int,
    opens_at: datetime,
    closes_at: datetime,
    email: str,
    organisation_code: str,
    size_class: str | None,
) -> ResponsePlan | None:
    """Return what a contact does in a wave, or None when they do not respond."""
    rng = rng_for(seed, wave_label, email.lower(), email)
    rate = RESPONSE_RATES.get(size_class or "", 0.6)
    if rng.random() >= rate:
        return None
    traits = tuple(t for t, share in SHARES.items() if t != "skip" and rng.random() < share)
    base = rng_for(seed, organisation_code).gauss(0.45, 0.15)
    ctx = {
        "level": base,
        "wave": wave_index,
        "date": as_date(opens_at),
        "straightline": "straightline" in traits,
        "junk": "junk" in traits,
    }
    answers = _answers(rng, questionnaire, ctx)
    pages = _pages(questionnaire, answers)
    span = max((closes_at - opens_at).total_seconds() - 86400, 3600)
    started = opens_at + timedelta(seconds=int(rng.random() * span))
    minutes = rng.uniform(2, 4) if "speeder" in traits else math.exp(rng.gauss(math.log(22), 0.45))
    if "partial" in traits:
        pages = pages[: max(1, rng.randint(1, max(1, len(pages) - 1)))]
        minutes *= 0.5
    plan = ResponsePlan(email=email, started_at=started, traits=traits)
    step = timedelta(seconds=max(int(minutes * 60 / max(len(pages), 1)), 1))
    for index, (page_key, changes) in enumerate(pages):
        plan.saves.append(Save(page_key, changes, started + step * (index + 1)))
    if "stale" in traits and plan.saves:
        _add_stale(rng, questionnaire, answers, plan, ctx)
    if "partial" not in traits:
        plan.submitted_at = started + step * (len(pages) + 1)
    return plan


def _answers(rng: random.Random, questionnaire, ctx: dict) -> dict:
    """Answer every question, then keep only what stays visible under the answers given."""
    answers: dict = {}
    for question in questionnaire.questions():
        optional = not question.required
        skip = 0.5 if question.type in ("short_text", "long_text") else SHARES["skip"]
        if optional and rng.random() < skip:
            continue
        answers.update(answer(rng, question, ctx))
    while True:
        keep = {k for q in visible_questions(questionnaire, answers) for k in q.storage_keys()}
        visible = {k: v for k, v in answers.items() if k in keep}
        if visible == answers:
            return answers
        answers = visible


def _pages(questionnaire, answers: dict) -> list[tuple[str, dict]]:
    """Split answers by page, in page order; pages without answers are still saved."""
    result = []
    for page in questionnaire.pages:
        keys = [k for q in page.questions for k in q.storage_keys()]
        result.append((page.key, {k: answers[k] for k in keys if k in answers}))
    return result


def _add_stale(rng, questionnaire, answers, plan: ResponsePlan, ctx) -> None:
    """Answer a hidden follow-up in the first save, as if shown before a later change."""
    hidden = [
        q for q in questionnaire.questions() if q.show_if and q.storage_keys()[0] not in answers
    ]
    if not hidden:
        return
    question = rng.choice(hidden)
    extra = answer(rng, question, ctx)
    plan.saves[0].changes = {**plan.saves[0].changes, **extra}
