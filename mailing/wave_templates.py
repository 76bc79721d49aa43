"""Mail templates of one wave as staff edit them: where they live, checking and saving them.

A wave's own templates live in the data folder under mail-templates/<survey>/<label>/, where
compose.py looks first. Staff-edited text is rendered in Jinja's sandbox, so a template can use
the message's variables but never reach Python objects behind them.
"""

from __future__ import annotations

from datetime import datetime
from email.header import Header, decode_header, make_header
from email.utils import make_msgid
from pathlib import Path

from jinja2 import TemplateError

from peiling.errors import UserError
from peiling.mailing import smtp
from peiling.mailing.compose import (
    BUNDLED,
    KINDS,
    MailSettings,
    Rendered,
    as_bytes,
    build_message,
    forget_templates,
    render,
    sender_domain,
)
from peiling.models.invitation import Invitation
from peiling.models.wave import Wave
from peiling.vocabulary import LANGUAGES

MAX_TEMPLATE = 20_000
NAMES = tuple(
    f"{kind}.{lang}.{ext}" for kind in KINDS for lang in LANGUAGES for ext in ("txt", "html")
)


def wave_folder(template_dir: Path, wave: Wave) -> Path:
    """Return the folder of a wave's own mail templates."""
    return Path(template_dir) / wave.survey_key / wave.label


def _checked(name: str) -> str:
    if name not in NAMES:
        raise UserError(f"unknown mail template {name!r}; choose one of {', '.join(NAMES)}")
    return name


def template_text(template_dir: Path, wave: Wave, name: str) -> tuple[str, bool]:
    """Return a template's text for a wave and whether the wave has its own copy."""
    own = wave_folder(template_dir, wave) / _checked(name)
    if own.is_file():
        return own.read_text(encoding="utf-8"), True
    return (BUNDLED / name).read_text(encoding="utf-8"), False


def kind_and_language(name: str) -> tuple[str, str]:
    """Return the mail kind and language of a template name, e.g. invitation.nl.txt."""
    kind, language, _ = _checked(name).split(".")
    return kind, language


def preview(invitation: Invitation, name: str, mail: MailSettings) -> Rendered:
    """Render the message of a template's kind and language with this contact's data."""
    kind, language = kind_and_language(name)
    try:
        return render(invitation, kind, 1, mail, language)
    except TemplateError as exc:
        raise UserError(f"the template cannot be used: {exc}") from None


def save_template(
    template_dir: Path, wave: Wave, name: str, text: str, check: Invitation | None, mail
) -> Path:
    """Store a wave's own copy of a template, refusing text that does not render."""
    if len(text) > MAX_TEMPLATE:
        raise UserError(f"a mail template holds at most {MAX_TEMPLATE} characters")
    folder = wave_folder(template_dir, wave)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _checked(name)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    path.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    forget_templates()
    try:
        if check is not None:
            preview(check, name, mail)
    except UserError:
        if old is None:
            path.unlink()
        else:
            path.write_text(old, encoding="utf-8")
        forget_templates()
        raise
    return path


def send_test_mail(
    invitation: Invitation,
    name: str,
    mail: MailSettings,
    config: smtp.SmtpConfig,
    recipient: str,
    now: datetime,
) -> str:
    """Send the message of a template, with this contact's data, to a staff member; return its ID.

    It goes through the same SMTP code as every invitation, marked as a test in its subject and
    with a Message-ID of its own, so it never counts as the contact's message.
    """
    kind, language = kind_and_language(name)
    try:
        msg = build_message(invitation, kind, 1, mail, now, recipient=recipient, language=language)
    except TemplateError as exc:
        raise UserError(f"the template cannot be used: {exc}") from None
    subject = "[TEST] " + str(make_header(decode_header(str(msg["Subject"]))))
    del msg["Subject"], msg["Message-ID"], msg["List-Unsubscribe"], msg["List-Unsubscribe-Post"]
    msg["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    msg["Message-ID"] = make_msgid("peiling.test", domain=sender_domain(mail.mail_from))
    conn = smtp.connect(config)
    try:
        smtp.deliver(conn, mail.mail_from, recipient, as_bytes(msg))
    finally:
        smtp.close(conn)
    return msg["Message-ID"]
