"""A wave as staff see it: municipalities, invitations, mail, one response and an export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from peiling.models import ExportRecord, Invitation, MailLog, Response, Wave
from peiling.models.base import utcnow
from peiling.models.wave_lifecycle import open_wave
from tests import factories
from tests.webforms.conftest import SECRET

HOSTILE = "<script>alert(1)</script>=cmd|' /C calc'!A0"


@dataclass
class Scene:
    """What the scene made: the wave, the organisation that answered, the export record."""

    wave: Wave
    answered_code: str
    export: ExportRecord
    export_file: Path
    organisation_id: int
    contact_id: int


def build(session, data_path: Path, text: str = "") -> Scene:
    """Add four municipalities (names ending in text), invite them, log mail, answer one."""
    specs = [
        ("GM0001", "Groningen", "Groningen", 235_000, "VR01", "safety"),
        ("GM0002", "Klein", "Drenthe", 12_000, "VR03", "social"),
        ("GM0003", "Midden", "Utrecht", 45_000, "VR09", "other"),
        ("GM0004", "Zonder contact", "Utrecht", 60_000, "VR09", None),
    ]
    version = factories.version(session)
    wave = factories.wave(session, version, label="2026")
    for code, name, province, population, region, role in specs:
        org = factories.organisation(
            session,
            code=code,
            name=name + text,
            province=province,
            population=population,
            safety_region_code=region,
            safety_region=f"Regio {region}{text}",
        )
        if role:
            factories.contact(
                session,
                org,
                email=f"info@{code.lower()}.example.nl",
                name=f"Contact {code}{text}",
                role=role,
            )
    open_wave(session, wave, SECRET)
    session.flush()
    invitations = {
        inv.contact.organisation.code: inv
        for inv in session.scalars(select(Invitation).where(Invitation.wave_id == wave.id))
    }
    now = utcnow()
    mail = [
        ("GM0001", "sent", 250, "OK"),
        ("GM0002", "failed", 550, "mailbox unknown" + text),
        ("GM0003", "claimed", None, None),
    ]
    for code, status, smtp_code, reply in mail:
        inv = invitations[code]
        session.add(
            MailLog(
                invitation=inv,
                kind="invitation",
                round=0,
                recipient=inv.contact.email,
                message_id=f"<{code}.{status}@peiling.example>",
                status=status,
                attempts=1,
                smtp_code=smtp_code,
                smtp_reply=reply,
                sent_at=now if status == "sent" else None,
            )
        )
    answered = invitations["GM0001"]
    session.add(
        Response(
            wave_id=wave.id,
            unit_key=f"contact:{answered.id}",
            organisation_id=answered.contact.organisation_id,
            invitation_id=answered.id,
            answers={"toelichting": "persoonlijk antwoord" + text},
            submitted_at=now,
        )
    )
    folder = data_path / "exports" / "ess-behoeftepeiling"
    folder.mkdir(parents=True, exist_ok=True)
    export_file = folder / "trends-2026.xlsx"
    export_file.write_bytes(b"PK\x03\x04 workbook")
    export = ExportRecord(
        survey_key="ess-behoeftepeiling",
        waves=["2025", "2026"],
        format="xlsx",
        path=str(export_file.relative_to(data_path)),
        rows=12,
        created_by="beheer@example.nl" + text,
    )
    session.add(export)
    session.commit()
    klein = invitations["GM0002"].contact
    return Scene(wave, "GM0001", export, export_file, klein.organisation_id, klein.id)
