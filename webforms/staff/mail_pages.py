"""Mail templates of a wave in the staff area: edit, preview with a real contact, test mail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peiling.errors import UserError
from peiling.mailing import wave_templates
from peiling.mailing.compose import MailSettings
from peiling.mailing.smtp import SmtpFailure, configured_smtp
from peiling.models import audit
from peiling.models.base import utcnow
from peiling.models.invitation import Invitation
from peiling.models.wave import Wave
from peiling.settings import get_settings
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import ActionForm, MailTemplateForm


def _wave(wave_id: int) -> Wave:
    wave = get_session().get(Wave, wave_id)
    if wave is None:
        abort(404)
    return wave


def _name(name: str) -> str:
    if name not in wave_templates.NAMES:
        abort(404)
    return name


def _sample(wave: Wave) -> Invitation | None:
    """Return the wave's first invitation: the real contact whose data fill the preview."""
    return (
        get_session()
        .scalars(select(Invitation).where(Invitation.wave_id == wave.id).order_by(Invitation.id))
        .first()
    )


def _audit(action: str, wave: Wave, detail: str) -> None:
    db = get_session()
    audit.record(
        db, current_user.user, action, wave=wave, detail=detail, address=request.remote_addr or ""
    )
    db.commit()


@bp.get("/golven/<int:wave_id>/mail")
@allow(*ADMIN)
def mail_templates(wave_id: int):
    """The wave's mail templates, each marked as the wave's own or the standard text."""
    wave = _wave(wave_id)
    folder = MailSettings.from_settings(get_settings()).template_dir
    names = wave_templates.NAMES
    rows = [(name, wave_templates.template_text(folder, wave, name)[1]) for name in names]
    return render_template("staff/mail_templates.html", wave=wave, rows=rows)


@bp.route("/golven/<int:wave_id>/mail/<name>", methods=["GET", "POST"])
@allow(*ADMIN)
def mail_template(wave_id: int, name: str):
    """Edit one template of the wave; the page previews it with a real contact's data."""
    wave, name = _wave(wave_id), _name(name)
    mail = MailSettings.from_settings(get_settings())
    sample = _sample(wave)
    text, own = wave_templates.template_text(mail.template_dir, wave, name)
    form = MailTemplateForm(data={"text": text})
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                wave_templates.save_template(
                    mail.template_dir, wave, name, form.text.data, sample, mail
                )
            except UserError as exc:
                form.text.errors = [translate("staff_mail_refused", reason=exc.message)]
            else:
                _audit("mail_template.edit", wave, name)
                flash(translate("staff_mail_saved", name=name))
                return redirect(url_for("staff.mail_template", wave_id=wave.id, name=name))
        status = 400
    preview, problem = None, None
    if sample is not None:
        try:
            preview = wave_templates.preview(sample, name, mail)
        except UserError as exc:
            problem = exc.message
    page = render_template(
        "staff/mail_template.html",
        wave=wave,
        name=name,
        own=own,
        form=form,
        sample=sample,
        preview=preview,
        problem=problem,
        test_form=ActionForm(),
    )
    return page, status


@bp.post("/golven/<int:wave_id>/mail/<name>/test")
@allow(*ADMIN)
def mail_test(wave_id: int, name: str):
    """Send the template's message, with the preview contact's data, to oneself."""
    wave, name = _wave(wave_id), _name(name)
    if not ActionForm().validate_on_submit():
        abort(400)
    sample = _sample(wave)
    target = url_for("staff.mail_template", wave_id=wave.id, name=name)
    if sample is None:
        flash(translate("staff_mail_no_contact"))
        return redirect(target)
    settings = get_settings()
    config = configured_smtp(settings)
    try:
        message_id = wave_templates.send_test_mail(
            sample, name, MailSettings.from_settings(settings), config, current_user.email, utcnow()
        )
    except (UserError, SmtpFailure) as exc:
        flash(translate("staff_mail_test_failed", reason=str(exc)))
        return redirect(target)
    _audit("mail_template.test", wave, f"{name} to {current_user.email}: {message_id}")
    flash(translate("staff_mail_test_sent", email=current_user.email))
    return redirect(target)
