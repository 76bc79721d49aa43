"""Find last year's facts of a municipality: its submitted answers in the survey's previous wave.

The previous wave is the survey's latest wave that opened before this one. A municipality that
did not exist then answers through the municipalities that merged into it (their successor chain
leads to it); its own submitted responses come first when it has them. The answers are carried
into this wave's keys and codes by questionnaires.carry_forward.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.models.organisation import Organisation
from peiling.models.questionnaire_store import survey_versions
from peiling.models.response import Response
from peiling.models.wave import Wave
from peiling.questionnaires.carry_forward import carried_keys, last_year_answers
from peiling.questionnaires.comparability import comparison_chain


def previous_wave(session: Session, wave: Wave) -> Wave | None:
    """Return the survey's latest wave that opened before this one, or None."""
    return session.scalars(
        select(Wave)
        .where(Wave.survey_key == wave.survey_key, Wave.opens_at < wave.opens_at)
        .order_by(Wave.opens_at.desc(), Wave.id.desc())
        .limit(1)
    ).first()


def predecessors(session: Session) -> dict[int, set[int]]:
    """Return per organisation id the ids that merged into it, directly or along a chain."""
    step = dict(
        session.execute(
            select(Organisation.id, Organisation.successor_id).where(
                Organisation.successor_id.is_not(None)
            )
        ).all()
    )
    result: dict[int, set[int]] = {}
    for old in step:
        current, seen = old, {old}
        while current in step and step[current] not in seen:
            current = step[current]
            seen.add(current)
            result.setdefault(current, set()).add(old)
    return result


def last_year_facts(
    session: Session, wave: Wave, organisation_ids: Iterable[int]
) -> dict[int, dict]:
    """Return per organisation id last year's carried-forward answers, in this wave's codes.

    An organisation without a submitted response last year (itself or, failing that, the
    municipalities merged into it) gets an empty dict.
    """
    ids = list(dict.fromkeys(organisation_ids))
    result: dict[int, dict] = {org: {} for org in ids}
    versions = survey_versions(session, wave.survey_key)
    newer = versions[wave.questionnaire_version.version]
    if not ids or not carried_keys(newer):
        return result
    before = previous_wave(session, wave)
    if before is None:
        return result
    older = versions[before.questionnaire_version.version]
    comparison = comparison_chain(versions, older.version, newer.version)
    merged = predecessors(session)
    wanted = set(ids) | {old for org in ids for old in merged.get(org, ())}
    # Only the answers the carried keys come from are read, each taken out of the stored JSON
    # by the database: the rest of last year's answers plays no part.
    keys = list(dict.fromkeys(_source_keys(newer, older, comparison)))
    answers: dict[int, list[dict]] = {}
    rows = (
        session.connection()
        .execute(
            select(Response.organisation_id, *(Response.answers[key] for key in keys))
            .where(
                Response.wave_id == before.id,
                Response.submitted_at.is_not(None),
                Response.organisation_id.in_(wanted),
            )
            .order_by(Response.id)
        )
        .all()
    )
    for org, *values in rows:
        given = {key: value for key, value in zip(keys, values, strict=True) if value is not None}
        answers.setdefault(org, []).append(given)
    found: dict[str, dict] = {}  # many municipalities gave the same answers: carry them once
    for org in ids:
        own = answers.get(org)
        previous = own or [a for old in sorted(merged.get(org, ())) for a in answers.get(old, [])]
        key = repr(previous)
        if key not in found:
            found[key] = last_year_answers(previous, older, newer, comparison)
        result[org] = dict(found[key])
    return result


def _source_keys(newer, older, comparison) -> list[str]:
    """Return older's storage keys that newer's carried-forward answers are made from."""
    if older.version == newer.version:
        return carried_keys(newer)
    items = (comparison.get(key) for key in carried_keys(newer))
    return [item.previous_key for item in items if item is not None and item.carries_over]
