"""Export subscriptions: staff who want a mail when a new export of a survey is written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from peiling.models.base import Base, utcnow
from peiling.models.staff import StaffRole, StaffUser
from peiling.vocabulary import language_or_default


class ExportSubscription(Base):
    """One staff account that gets a link to every new export of one survey."""

    __tablename__ = "export_subscription"
    __table_args__ = (UniqueConstraint("staff_user_id", "survey_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2), default="nl")  # of the mail
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[StaffUser] = relationship()


def subscription(session: Session, user: StaffUser, survey_key: str) -> ExportSubscription | None:
    """Return the account's subscription to a survey's exports, or None."""
    return session.scalar(
        select(ExportSubscription).where(
            ExportSubscription.staff_user_id == user.id,
            ExportSubscription.survey_key == survey_key,
        )
    )


def subscribe(
    session: Session, user: StaffUser, survey_key: str, language: str = "nl"
) -> ExportSubscription:
    """Subscribe an account to a survey's new exports (again: only the language changes)."""
    found = subscription(session, user, survey_key)
    if found is None:
        found = ExportSubscription(staff_user_id=user.id, survey_key=survey_key)
        session.add(found)
    found.language = language_or_default(language)
    session.flush()
    return found


def unsubscribe(session: Session, user: StaffUser, survey_key: str) -> bool:
    """End an account's subscription to a survey; return whether there was one."""
    result = session.execute(
        delete(ExportSubscription).where(
            ExportSubscription.staff_user_id == user.id,
            ExportSubscription.survey_key == survey_key,
        )
    )
    return bool(result.rowcount)


def subscribers(session: Session, survey_key: str) -> list[tuple[str, str]]:
    """Return (address, language) of every active staff account subscribed to the survey."""
    rows = session.execute(
        select(StaffUser.email, ExportSubscription.language)
        .join(StaffUser, StaffUser.id == ExportSubscription.staff_user_id)
        .where(
            ExportSubscription.survey_key == survey_key,
            StaffUser.active.is_(True),
            StaffUser.role.in_([r.value for r in StaffRole]),
        )
        .order_by(StaffUser.email)
    )
    return [(email, language) for email, language in rows]
