"""Read a wave's raw responses and invitations from the database into DataFrames (read-only).

The queries run on the session's connection (Core rows, no ORM objects): the same rows, less
work per row.
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import DateTime, Text, cast, select, type_coerce
from sqlalchemy.orm import Session

from peiling.models.carry_forward import last_year_facts
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.organisation import Organisation
from peiling.models.response import Response
from peiling.models.shared_response import is_shared, roles_by_response
from peiling.models.wave import Wave

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
    "contributing_roles",
    "last_year",
]

# The stored columns of a response that cleaning reads (the benchmark's bare load reads them too).
RAW_RESPONSE_COLUMNS = (
    Response.id,
    Response.invitation_id,
    Response.organisation_id,
    Response.started_at,
    Response.updated_at,
    Response.submitted_at,
    Response.answers,
)


def load_responses(
    session: Session, wave: Wave, invitations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per stored response of a wave, with its contact's address and role."""
    # The answers come as their JSON text and are decoded in one call for the whole wave, not
    # one call per row through the column type; times come as the database gives them (naive
    # on SQLite) and become UTC column by column in clean_frames.
    columns = (
        Response.id,
        Response.invitation_id,
        Response.organisation_id,
        *(type_coerce(c, DateTime()) for c in RAW_RESPONSE_COLUMNS[3:6]),
        cast(Response.answers, Text),
    )
    rows = (
        session.connection()
        .execute(select(*columns).where(Response.wave_id == wave.id).order_by(Response.id))
        .all()
    )
    responses = frame([row[:6] for row in rows], RESPONSE_FIELDS[:6])
    responses["answers"] = pd.Series(
        decode_all([row[6] for row in rows]), index=responses.index, dtype=object
    )
    contacts = invitations if invitations is not None else load_invitations(session, wave)
    contacts = contacts.set_index("invitation_id")
    for column in ("email", "role", "language"):
        responses[column] = responses["invitation_id"].map(contacts[column])
    if is_shared(wave):
        ids, stored = responses["response_id"].tolist(), responses["answers"].tolist()
        given = dict(zip(ids, stored, strict=True))
        roles = roles_by_response(session, wave.id, given)
        responses["contributing_roles"] = [
            ";".join(roles.get(response_id, [])) for response_id in responses["response_id"]
        ]
    else:  # a response per contact stands for its own contact's role (clean_frames fills it in)
        responses["contributing_roles"] = ""
    facts = last_year_facts(session, wave, [int(o) for o in responses["organisation_id"]])
    responses["last_year"] = [facts[int(org)] for org in responses["organisation_id"]]
    return responses


def load_invitations(
    session: Session, wave: Wave, contacts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per invitation of a wave: organisation, contact, sent and opened (bools).

    contacts is load_contacts(session), read once when several waves are cleaned.
    """
    contacts = contacts if contacts is not None else load_contacts(session)
    rows = (
        session.connection()
        .execute(
            select(
                Invitation.id,
                Invitation.contact_id,
                Invitation.status,
                Invitation.sent_at.is_not(None),
                Invitation.first_opened_at.is_not(None),
            )
            .where(Invitation.wave_id == wave.id)
            .order_by(Invitation.id)
        )
        .all()
    )
    columns = ["invitation_id", "organisation_id", "email", "role", "language"]
    columns += ["status", "sent", "opened"]
    if not rows:
        return frame(rows, columns)
    invitations = frame(rows, ["invitation_id", "contact_id", "status", "sent", "opened"])
    found = contacts.index.get_indexer(invitations["contact_id"])
    invitations = invitations[found >= 0].reset_index(drop=True)  # as an inner join would
    contact = contacts.iloc[found[found >= 0]].reset_index(drop=True)
    return pd.DataFrame(
        {c: (contact[c] if c in contact.columns else invitations[c]) for c in columns}
    )


def load_contacts(session: Session) -> pd.DataFrame:
    """Return every contact's organisation, address, role and language, by contact id."""
    rows = (
        session.connection()
        .execute(
            select(
                Contact.id, Contact.organisation_id, Contact.email, Contact.role, Contact.language
            )
        )
        .all()
    )
    columns = ["contact_id", "organisation_id", "email", "role", "language"]
    return frame(rows, columns).set_index("contact_id")


def load_organisations(session: Session) -> pd.DataFrame:
    """Return every organisation with its code, name, region, size and successor."""
    rows = (
        session.connection()
        .execute(
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
        )
        .all()
    )
    return frame(
        rows,
        [
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


def decode_all(texts: list[str | None]) -> list:
    """Decode many JSON texts at once (a missing one, NULL, becomes None)."""
    text = "[" + ",".join("null" if t is None else t for t in texts) + "]"
    with no_collection():  # decoded JSON holds no reference cycles: nothing to collect
        return json.loads(text)


@contextmanager
def no_collection():
    """Hold off Python's cycle collector while making many objects that form (almost) no cycles.

    Each collection of the oldest generation walks every object alive, so building a wave's
    answers (millions of small objects) would otherwise walk the ones made so far again and
    again. Cycles made meanwhile are collected once the collector runs again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def frame(rows, columns: list[str]) -> pd.DataFrame:
    """Return result rows as a DataFrame (from plain tuples: pandas is slow on Row objects)."""
    return pd.DataFrame.from_records([tuple(row) for row in rows], columns=columns)
