"""Staff accounts (admins and researchers) and the append-only audit log of what they do."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from peiling.models.base import Base, utcnow


class StaffRole(enum.StrEnum):
    """What a staff member may do: admins run waves and mail, researchers download figures."""

    ADMIN = "admin"
    RESEARCHER = "researcher"


class StaffUser(Base):
    """A person who logs in to the staff area; the password is kept only as a hash."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted: a code is good once, never replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout and deactivation: a session cookie made before no longer counts.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN

    def __repr__(self) -> str:
        return f"<StaffUser {self.email} {self.role}>"


class AuditEntry(Base):
    """One staff action: who, what, when, and which wave or organisation it concerned."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, entry: AuditEntry) -> None:
    raise ValueError(f"the audit log is append-only; entry {entry.id} cannot change")
