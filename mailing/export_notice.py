"""Tell subscribed staff that a new export is ready: a link into the staff area, never the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.mailing import smtp
from peiling.mailing.compose import check_headers, sender_domain
from peiling.models.base import utcnow
from peiling.models.export_record import ExportRecord
from peiling.models.subscription import subscribers

# The staff area's download of one export (webforms/staff/routes.py serves it after login).
DOWNLOAD_PATH = "/beheer/downloads/{id}"

TEXTS = {
    "nl": {
        "subject": "Nieuwe export van {survey}: golven {waves}",
        "body": "Er is een nieuwe export van {survey} gemaakt (golven {waves}, {format}, "
        "{rows} rijen).\n\nU kunt hem downloaden in de beheeromgeving, na inloggen:\n{link}\n\n"
        "Deze mail bevat zelf geen gegevens. U krijgt hem omdat u zich op de pagina Downloads "
        "hebt aangemeld voor nieuwe exports van deze peiling; daar kunt u zich ook afmelden.\n",
    },
    "en": {
        "subject": "New export of {survey}: waves {waves}",
        "body": "A new export of {survey} was made (waves {waves}, {format}, {rows} rows).\n\n"
        "You can download it in the staff area, after logging in:\n{link}\n\n"
        "This message holds no data itself. You receive it because you subscribed to new "
        "exports of this survey on the Downloads page; you can unsubscribe there too.\n",
    },
}


@dataclass
class Notice:
    """One subscriber told, or not: the address and what went wrong (empty when sent)."""

    recipient: str
    failure: str = ""


@dataclass
class Notified:
    """The link to a new export and what happened to each subscriber's mail."""

    link: str
    notices: list[Notice] = field(default_factory=list)

    @property
    def failed(self) -> list[Notice]:
        return [n for n in self.notices if n.failure]


def export_link(base_url: str, export_id: int) -> str:
    """Return the absolute address of an export's download in the staff area."""
    return base_url.rstrip("/") + DOWNLOAD_PATH.format(id=export_id)


def build_notice(
    record: ExportRecord, link: str, language: str, mail_from: str, recipient: str, now: datetime
) -> EmailMessage:
    """Build the plain-text mail that points one subscriber to a new export."""
    texts = TEXTS.get(language, TEXTS["nl"])
    values = {
        "survey": record.survey_key,
        "waves": ", ".join(map(str, record.waves or [])),
        "format": record.format,
        "rows": record.rows,
        "link": link,
    }
    subject = texts["subject"].format(**values)
    check_headers(("subject", subject), ("e-mail address", recipient))
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = mail_from
    msg["To"] = recipient
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("peiling.export", domain=sender_domain(mail_from))
    msg["Auto-Submitted"] = "auto-generated"
    msg["Content-Language"] = language
    msg.set_content(texts["body"].format(**values))
    return msg


def notify_subscribers(session: Session, record: ExportRecord, settings) -> Notified:
    """Mail every active subscriber of the export's survey a link to it; never raise for mail.

    A mail server that does not answer or refuses a message leaves the failure in the result.
    """
    notified = Notified(export_link(settings.base_url, record.id))
    wanted = subscribers(session, record.survey_key)
    if not wanted:
        return notified
    now = utcnow()
    conn = None
    try:
        conn = smtp.connect(smtp.configured_smtp(settings))
        for recipient, language in wanted:
            msg = build_notice(record, notified.link, language, settings.mail_from, recipient, now)
            try:
                smtp.deliver(conn, settings.mail_from, recipient, msg.as_bytes())
                notified.notices.append(Notice(recipient))
            except smtp.SmtpConnectionLost:
                raise
            except smtp.SmtpFailure as exc:
                notified.notices.append(Notice(recipient, str(exc)))
    except (smtp.SmtpFailure, UserError, OSError) as exc:
        told = {n.recipient for n in notified.notices}
        notified.notices += [Notice(r, str(exc)) for r, _ in wanted if r not in told]
    finally:
        if conn is not None:
            smtp.close(conn)
    return notified
