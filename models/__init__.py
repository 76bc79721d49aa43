"""The data model: SQLAlchemy 2 typed mappings. Knows no web framework."""

from models.base import Base
from models.contact import Contact, ContactRole
from models.export import ExportRecord
from models.invitation import Invitation, InvitationStatus
from models.mail_log import MailLog, MailStatus
from models.organisation import Merger, Organisation
from models.questionnaire_version import QuestionnaireVersion
from models.response import AnswerChange, Response
from models.throttle import ThrottleCount
from models.wave import ResponseUnit, Wave, WaveStatus

__all__ = [
    "AnswerChange",
    "Base",
    "Contact",
    "ContactRole",
    "ExportRecord",
    "Invitation",
    "InvitationStatus",
    "MailLog",
    "MailStatus",
    "Merger",
    "Organisation",
    "QuestionnaireVersion",
    "Response",
    "ResponseUnit",
    "ThrottleCount",
    "Wave",
    "WaveStatus",
]
