"""Simulate earlier (and current) waves of a survey: the panel, the waves and the responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from peiling.cleaning.dataset import size_class
from peiling.errors import UserError
from peiling.importers.mergers import import_mergers
from peiling.importers.organisations import import_organisations
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.organisation import Organisation
from peiling.models.questionnaire_store import get_questionnaire, load_version
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.wave import Wave
from peiling.models.wave_lifecycle import close_wave, create_wave, find_wave, open_wave
from peiling.questionnaires.shipped import shipped_files
from peiling.simulation.apply import apply_fast, apply_slow, mark_sent
from peiling.simulation.panel import create_panel, synthetic_list
from peiling.simulation.plan import ResponsePlan, plan_response, rng_for
from peiling.vocabulary import DEFAULT_SURVEY


@dataclass
class WaveSummary:
    """What the simulation did in one wave."""

    label: str
    version: str
    invited: int
    started: int
    submitted: int


@dataclass
class SimulationResult:
    """What the simulation did: contacts added and one summary per wave."""

    contacts_added: int
    waves: list[WaveSummary] = field(default_factory=list)


def default_versions(session: Session, labels: list[str]) -> dict[str, QuestionnaireVersion]:
    """Store the bundled questionnaires and pick, per label, the newest version not after it."""
    rows = [load_version(session, path) for path in shipped_files()]
    rows = [r for r in rows if r.survey_key == DEFAULT_SURVEY]
    result = {}
    for label in labels:
        fitting = [r for r in rows if r.version <= label] or rows[:1]
        result[label] = max(fitting, key=lambda r: r.version)
    return result


def simulate_history(
    session: Session,
    *,
    secret_key: str,
    labels: list[str] | None = None,
    organisations: int | Path | list[dict] = 40,
    mergers: Path | None = None,
    seed: int = 1,
    versions: dict[str, QuestionnaireVersion] | None = None,
    fast: bool = False,
    close: bool = True,
) -> SimulationResult:
    """Simulate a panel and one wave per label, each answered through the response services.

    organisations is a number (synthetic municipalities), a CBS list file (imported with
    the organisation importer), or rows; mergers a merger file (imported likewise). Waves
    that exist already are left alone, so running it again adds nothing. fast=True writes
    the same rows in bulk (see simulation/apply.py), for benchmark sizes.
    """
    labels = labels or ["2024", "2025"]
    if mergers is not None:
        # Before the list: the merger importer dates the successors it creates.
        import_mergers(session, Path(mergers))
    if isinstance(organisations, int):
        rows = synthetic_list(organisations, seed)
    elif isinstance(organisations, Path | str):
        import_organisations(session, Path(organisations))
        rows = []
    else:
        rows = organisations
    result = SimulationResult(contacts_added=create_panel(session, rows, seed))
    versions = versions or default_versions(session, labels)
    for index, label in enumerate(labels):
        if label not in versions:
            raise UserError(f"no questionnaire version for wave {label}")
        if find_wave(session, versions[label].survey_key, label) is not None:
            continue
        summary = simulate_wave(
            session,
            label=label,
            index=index,
            version=versions[label],
            secret_key=secret_key,
            seed=seed,
            fast=fast,
            close=close,
        )
        result.waves.append(summary)
    return result


def wave_dates(label: str) -> tuple[datetime, datetime]:
    """Return when a simulated wave opens and closes: six weeks from 1 March of its year."""
    year = int(label[:4]) if label[:4].isdigit() else 2025
    opens = datetime(year, 3, 1, 8, 0, tzinfo=UTC)
    return opens, opens + timedelta(days=42)


def answer_wave(
    session: Session,
    wave: Wave,
    *,
    index: int,
    seed: int,
    opens_at: datetime,
    closes_at: datetime,
    fast: bool = False,
    share: float = 1.0,
) -> list[tuple[Invitation, ResponsePlan]]:
    """Answer a wave's invitations as simulated respondents (only a share of them, if given).

    Responses start between opens_at and a day before closes_at; returns what was planned.
    """
    questionnaire = get_questionnaire(session, wave.questionnaire_version_id)
    invitations = session.scalars(
        select(Invitation)
        .where(Invitation.wave_id == wave.id)
        .options(selectinload(Invitation.contact).selectinload(Contact.organisation))
        .order_by(Invitation.id)
    ).all()
    planned = []
    for invitation in invitations:
        contact = invitation.contact
        if share < 1 and rng_for(seed, "share", wave.label, contact.email).random() >= share:
            continue
        plan = plan_response(
            questionnaire,
            seed=seed,
            wave_label=wave.label,
            wave_index=index,
            opens_at=opens_at,
            closes_at=closes_at,
            email=contact.email,
            organisation_code=contact.organisation.code,
            size_class=size_class(contact.organisation.population),
        )
        if plan is not None:
            planned.append((invitation, plan))
    if fast:
        apply_fast(session, planned, questionnaire)
    else:
        for invitation, plan in planned:
            apply_slow(session, invitation, plan, questionnaire)
    session.flush()
    return planned


def simulate_wave(
    session: Session,
    *,
    label: str,
    index: int,
    version: QuestionnaireVersion,
    secret_key: str,
    seed: int,
    fast: bool = False,
    close: bool = True,
) -> WaveSummary:
    """Create, open and answer one wave; close it unless told not to."""
    opens, closes = wave_dates(label)
    wave = create_wave(session, version=version, label=label, opens_at=opens, closes_at=closes)
    # Load every organisation once, so inviting does not fetch them contact by contact.
    organisations = session.scalars(select(Organisation)).all()
    open_wave(session, wave, secret_key)
    mark_sent(session, wave)
    planned = answer_wave(
        session, wave, index=index, seed=seed, opens_at=opens, closes_at=closes, fast=fast
    )
    if close:
        close_wave(session, wave, now=closes)
    del organisations
    session.flush()
    submitted = sum(1 for _, plan in planned if plan.submitted_at is not None)
    invited = session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.wave_id == wave.id)
    )
    return WaveSummary(label, version.version, invited, len(planned), submitted)
