"""The data model: SQLAlchemy 2 typed mappings. Knows no web framework."""

from peiling.models.base import Base
from peiling.models.contact import Contact, ContactRole
from peiling.models.export_record import ExportRecord
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus
from peiling.models.organisation import Merger, Organisation
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.response import AnswerChange, Response
from peiling.models.sharing import Coordinator, PageAssignment
from peiling.models.staff import AuditEntry, StaffRole, StaffUser
from peiling.models.subscription import ExportSubscription
from peiling.models.throttle import ThrottleCount
from peiling.models.wave import ResponseUnit, Wave, WaveStatus

__all__ = [
    "AnswerChange",
    "AuditEntry",
    "Base",
    "Contact",
    "Coordinator",
    "ContactRole",
    "ExportRecord",
    "ExportSubscription",
    "Invitation",
    "InvitationStatus",
    "MailLog",
    "MailStatus",
    "Merger",
    "Organisation",
    "PageAssignment",
    "QuestionnaireVersion",
    "Response",
    "ResponseUnit",
    "StaffRole",
    "StaffUser",
    "ThrottleCount",
    "Wave",
    "WaveStatus",
]
