"""Read a wave's raw responses and invitations from the database into DataFrames (read-only)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.contact import Contact
from models.invitation import Invitation
from models.organisation import Organisation
from models.response import Response
from models.wave import Wave

RESPONSE_FIELDS = [
    "response_id",
    "invitation_id",
    "organisation_id",
    "started_at",
    "updated_at",
    "submitted_at",
    "answers",
    "email",
    "role",
    "language",
]


def load_responses(session: Session, wave: Wave) -> pd.DataFrame:
    """Return one row per stored response of a wave, with its contact's role and language."""
    rows = session.execute(
        select(
            Response.id,
            Response.invitation_id,
            Response.organisation_id,
            Response.started_at,
            Response.updated_at,
            Response.submitted_at,
            Response.answers,
            Contact.email,
            Contact.role,
            Contact.language,
        )
        .outerjoin(Invitation, Invitation.id == Response.invitation_id)
        .outerjoin(Contact, Contact.id == Invitation.contact_id)
        .where(Response.wave_id == wave.id)
        .order_by(Response.id)
    ).all()
    return pd.DataFrame(rows, columns=RESPONSE_FIELDS)


def load_invitations(session: Session, wave: Wave) -> pd.DataFrame:
    """Return one row per invitation of a wave: organisation, role, sent and opened."""
    rows = session.execute(
        select(
            Invitation.id,
            Contact.organisation_id,
            Contact.role,
            Invitation.status,
            Invitation.sent_at,
            Invitation.first_opened_at,
        )
        .join(Contact, Contact.id == Invitation.contact_id)
        .where(Invitation.wave_id == wave.id)
        .order_by(Invitation.id)
    ).all()
    return pd.DataFrame(
        rows,
        columns=["invitation_id", "organisation_id", "role", "status", "sent_at", "opened_at"],
    )


def load_organisations(session: Session) -> pd.DataFrame:
    """Return every organisation with its code, name, region, size and successor."""
    rows = session.execute(
        select(
            Organisation.id,
            Organisation.code,
            Organisation.name,
            Organisation.province,
            Organisation.safety_region,
            Organisation.population,
            Organisation.successor_id,
            Organisation.valid_until,
        )
    ).all()
    return pd.DataFrame(
        rows,
        columns=[
            "organisation_id",
            "code",
            "name",
            "province",
            "safety_region",
            "population",
            "successor_id",
            "valid_until",
        ],
    )
