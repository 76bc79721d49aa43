"""The simulator: seeded, through the response services, and with the structure it promises."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from peiling.cleaning.dataset import size_class
from peiling.models import AnswerChange, Contact, Invitation, Response, Wave
from peiling.questionnaires import parse_questionnaire, shipped
from peiling.simulation import simulate_history
from peiling.simulation.panel import synthetic_list
from peiling.simulation.plan import plan_response

QUESTIONNAIRES = shipped.FOLDER


def stored_rows(session):
    """Return the simulated rows in a form that does not depend on database ids or salts."""
    responses = session.execute(
        select(
            Wave.label,
            Contact.email,
            Response.answers,
            Response.version,
            Response.current_page,
            Response.started_at,
            Response.updated_at,
            Response.submitted_at,
            Invitation.status,
            Invitation.sent_at,
            Invitation.first_opened_at,
            Invitation.last_opened_at,
        )
        .join(Invitation, Invitation.id == Response.invitation_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .join(Wave, Wave.id == Response.wave_id)
        .order_by(Wave.label, Contact.email)
    ).all()
    changes = session.execute(
        select(
            Wave.label,
            Contact.email,
            AnswerChange.question_key,
            AnswerChange.old_value,
            AnswerChange.new_value,
            AnswerChange.changed_at,
        )
        .join(Response, Response.id == AnswerChange.response_id)
        .join(Invitation, Invitation.id == AnswerChange.invitation_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .join(Wave, Wave.id == Response.wave_id)
        .order_by(Wave.label, Contact.email, AnswerChange.id)
    ).all()
    return [tuple(r) for r in responses], [tuple(c) for c in changes]


def simulate(session, fast: bool):
    result = simulate_history(
        session,
        secret_key="test-secret-key",
        labels=["2025", "2026"],
        organisations=12,
        seed=7,
        fast=fast,
    )
    session.flush()
    return result, stored_rows(session)


def empty(session):
    for model in (AnswerChange, Response, Invitation, Wave, Contact):
        for row in session.scalars(select(model)):
            session.delete(row)
        session.flush()


def test_the_fast_path_writes_the_same_rows_as_the_response_services(db_session):
    slow_result, slow = simulate(db_session, fast=False)
    empty(db_session)
    fast_result, fast = simulate(db_session, fast=True)
    assert slow_result.waves == fast_result.waves
    assert len(slow[0]) > 10 and len(slow[1]) > 100
    assert slow == fast


def test_each_wave_uses_the_questionnaire_version_of_its_year(db_session):
    result = simulate_history(
        db_session, secret_key="k", labels=["2024", "2025", "2026"], organisations=5, fast=True
    )
    assert [(w.label, w.version) for w in result.waves] == [
        ("2024", "2025"),
        ("2025", "2025"),
        ("2026", "2026"),
    ]
    answers = db_session.scalars(
        select(Response.answers).join(Wave).where(Wave.label == "2026")
    ).all()
    assert any("rol_fte" in a for a in answers)
    assert not any("steun_kanalen" in a for a in answers)


def test_running_it_again_adds_nothing(db_session):
    simulate_history(db_session, secret_key="k", labels=["2025"], organisations=5, fast=True)
    count = len(db_session.scalars(select(Response.id)).all())
    again = simulate_history(db_session, secret_key="k", labels=["2025"], organisations=5)
    assert again.waves == [] and again.contacts_added == 0
    assert len(db_session.scalars(select(Response.id)).all()) == count


def plans(version: str, label: str, index: int, seed: int = 1, count: int = 600):
    path = QUESTIONNAIRES / f"ess-{version}.yaml"
    questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
    opens = datetime(int(label), 3, 1, 8, tzinfo=UTC)
    result = []
    for org in synthetic_list(count, seed):
        plan = plan_response(
            questionnaire,
            seed=seed,
            wave_label=label,
            wave_index=index,
            opens_at=opens,
            closes_at=opens + timedelta(days=42),
            email=f"contact@{org['code'].lower()}.example.nl",
            organisation_code=org["code"],
            size_class=size_class(org["population"]),
        )
        result.append((org, plan))
    return result


def test_plans_are_seeded():
    first = [p for _, p in plans("2026", "2026", 1, seed=5, count=50)]
    again = [p for _, p in plans("2026", "2026", 1, seed=5, count=50)]
    other = [p for _, p in plans("2026", "2026", 1, seed=6, count=50)]
    assert first == again
    assert first != other


def test_the_panel_behaves_like_a_real_one():
    earlier = plans("2025", "2024", 0)
    later = plans("2025", "2025", 1)
    rate = {}
    for org, plan in earlier:
        rate.setdefault(size_class(org["population"]), []).append(plan is not None)
    assert statistics.mean(rate[">= 100.000"]) > statistics.mean(rate["< 20.000"])
    made = [p for _, p in earlier if p is not None]
    traits = {t for p in made for t in p.traits}
    assert {"partial", "straightline", "speeder", "junk", "stale"} <= traits
    assert any(p.submitted_at is None for p in made)

    def polarisation(pairs):
        values = [
            v
            for _, p in pairs
            if p is not None
            for s in p.saves
            for k, v in s.changes.items()
            if k == "thema_leeft.polarisatie" and v != 98
        ]
        return statistics.mean(values)

    assert polarisation(later) > polarisation(earlier)
