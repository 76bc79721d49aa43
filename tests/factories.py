"""Small builders of real rows for tests: organisations, contacts, versions, waves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from peiling.models import Contact, Organisation, QuestionnaireVersion
from peiling.models.wave_lifecycle import create_wave
from peiling.questionnaires import shipped
from peiling.questionnaires.source import checksum

QUESTIONNAIRES = shipped.FOLDER


def organisation(session, code="GM0363", name="Amsterdam", **fields) -> Organisation:
    """Add an organisation."""
    fields.setdefault("province", "Noord-Holland")
    fields.setdefault("population", 918117)
    org = Organisation(code=code, name=name, **fields)
    session.add(org)
    session.flush()
    return org


def contact(session, org: Organisation, email="a.de.vries@example.nl", **fields) -> Contact:
    """Add a contact of an organisation."""
    fields.setdefault("name", "A. de Vries")
    item = Contact(organisation=org, email=email, **fields)
    session.add(item)
    session.flush()
    return item


def version(session, survey="ess-behoeftepeiling", number="2026", text=None):
    """Store a questionnaire version (the shipped file of that number unless text is given)."""
    if text is None:
        text = (QUESTIONNAIRES / f"ess-{number}.yaml").read_text(encoding="utf-8")
    row = QuestionnaireVersion(
        survey_key=survey, version=number, title="test", source_text=text, checksum=checksum(text)
    )
    session.add(row)
    session.flush()
    return row


def wave(session, ver: QuestionnaireVersion, label="2026", opened_days_ago=1, days_open=42, **kw):
    """Plan a wave that opened some days ago."""
    opens = datetime.now(UTC) - timedelta(days=opened_days_ago)
    return create_wave(
        session,
        version=ver,
        label=label,
        opens_at=opens,
        closes_at=opens + timedelta(days=days_open),
        **kw,
    )
