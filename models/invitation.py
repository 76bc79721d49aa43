"""Invitations: one contact invited to one wave, reachable through a personal link."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, utcnow
from peiling.models.contact import Contact
from peiling.models.wave import Wave


class InvitationStatus(enum.StrEnum):
    CREATED = "created"
    SENT = "sent"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


class Invitation(Base):
    """A contact's place in a wave; the link token is never stored, only its digest."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("wave_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"), index=True)
    token_salt: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=InvitationStatus.CREATED.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    first_opened_at: Mapped[datetime | None]
    last_opened_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    # Set when a respondent forwarded their invitation to a colleague (the new one points back).
    forwarded_from_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))

    wave: Mapped[Wave] = relationship()
    contact: Mapped[Contact] = relationship()
    # The responses this invitation submitted (for the receipt); loaded only when asked for.
    submitted: Mapped[list[Response]] = relationship(  # noqa: F821 (resolved by name)
        "Response",
        primaryjoin="Response.submitted_by_id == Invitation.id",
        viewonly=True,
        lazy="select",
    )

    def __repr__(self) -> str:
        return f"<Invitation wave={self.wave_id} contact={self.contact_id}>"
