"""The mail log and send ledger: every message sent or attempted, once per invitation and round."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, utcnow
from peiling.models.invitation import Invitation


class MailStatus(enum.StrEnum):
    """Where a message stands in the send ledger."""

    CLAIMED = "claimed"  # about to go out; left so by a run that stopped: outcome unknown
    SENT = "sent"  # the server accepted the message data (2xx)
    FAILED = "failed"  # refused or not sent; a 5xx is final, anything else is tried again
    SKIPPED = "skipped"
    UNKNOWN = "unknown"  # the data went out but no reply came: never sent again by itself


class MailLog(Base):
    """A message of one kind and round for one invitation; its unique key keeps sends to one."""

    __tablename__ = "mail_log"
    __table_args__ = (UniqueConstraint("invitation_id", "kind", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(Integer, default=0)
    recipient: Mapped[str] = mapped_column(String(320))
    message_id: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.CLAIMED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    smtp_code: Mapped[int | None] = mapped_column(Integer)
    smtp_reply: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship()
