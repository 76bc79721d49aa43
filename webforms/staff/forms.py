"""The staff area's forms (Flask-WTF: each carries a CSRF token); labels are in templates."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, StopValidation, ValidationError

from peiling.errors import UserError
from peiling.models.email_address import normalise_email
from peiling.models.staff import StaffRole
from peiling.models.staff_accounts import MIN_PASSWORD, check_password_strength
from peiling.webforms.i18n import translate
from peiling.webforms.staff.flow_runs import ACTIONS


class LoginForm(FlaskForm):
    """E-mail address and password."""

    email = EmailField(validators=[DataRequired(), Length(max=320)])
    password = PasswordField(validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class CodeForm(FlaskForm):
    """The six-digit code of the second factor."""

    code = StringField(validators=[DataRequired(), Length(max=12)])


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token (logout and the like)."""


def required(_form, field) -> None:
    """Refuse an empty (or only blank) field, in the interface language."""
    if not field.data or not str(field.data).strip():
        field.errors[:] = []
        raise StopValidation(translate("staff_error_required"))


def address(_form, field) -> None:
    """Refuse text that is no e-mail address, checked as the model stores addresses."""
    try:
        normalise_email(field.data)
    except UserError:
        raise ValidationError(translate("staff_error_email")) from None


class ContactForm(FlaskForm):
    """A contact's name, address, domain and language (choices set per request, translated)."""

    name = StringField(validators=[required, Length(max=200)])
    email = EmailField(validators=[required, Length(max=320), address])
    role = SelectField()
    language = SelectField()


class ContactStatusForm(FlaskForm):
    """One of the status buttons of a contact."""

    change = HiddenField(validators=[AnyOf(["deactivate", "activate", "opt_out"])])


class FlowForm(FlaskForm):
    """A button that starts one flow for a wave."""

    action = HiddenField(validators=[AnyOf(list(ACTIONS))])


class MailTemplateForm(FlaskForm):
    """The text of one mail template (Jinja, rendered in the sandbox)."""

    text = TextAreaField(validators=[required, Length(max=20_000)])


def day(_form, field) -> None:
    """Read a day typed as 2026-11-30 (a date field) or 30-11-2026; refuse anything else."""
    text = (field.data or "").strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            field.day = datetime.strptime(text, pattern).date()
            return
        except ValueError:
            continue
    raise ValidationError(translate("staff_error_day"))


class WaveDatesForm(FlaskForm):
    """A wave's first and last day and its reminders (days after the opening, or dates)."""

    opens = StringField(validators=[required, Length(max=20), day], render_kw={"type": "date"})
    closes = StringField(validators=[required, Length(max=20), day], render_kw={"type": "date"})
    reminders = StringField(validators=[Length(max=200)], default="7,14")

    def days(self) -> tuple[date, date]:
        """Return the first and last day as read by the validators."""
        return self.opens.day, self.closes.day


class WaveForm(WaveDatesForm):
    """A new wave: its label, questionnaire version and response unit (choices per request)."""

    label = StringField(validators=[required, Length(max=32)])
    version = SelectField(coerce=int, validate_choice=True)
    unit = SelectField()


def uploaded(_form, field) -> None:
    """Refuse a form without a file, in the interface language."""
    if not field.data or not getattr(field.data, "filename", ""):
        field.errors[:] = []
        raise StopValidation(translate("staff_error_file"))


class ImportForm(FlaskForm):
    """A contact list to import (CSV in UTF-8 or XLSX)."""

    file = FileField(validators=[uploaded])


class SubscriptionForm(FlaskForm):
    """A button that subscribes to (or unsubscribes from) a survey's new exports."""

    survey = HiddenField(validators=[DataRequired(), Length(max=64)])
    change = HiddenField(validators=[AnyOf(["subscribe", "unsubscribe"])])


def strong(_form, field) -> None:
    """Refuse a password that `peiling users add` would refuse, in the interface language."""
    try:
        check_password_strength(field.data or "")
    except UserError:
        raise ValidationError(translate("staff_error_password_short", n=MIN_PASSWORD)) from None


def same_as_password(form, field) -> None:
    """Refuse a repeated password that differs from the first."""
    if field.data != form.password.data:
        raise ValidationError(translate("staff_error_password_differs"))


class AccountForm(FlaskForm):
    """A new staff account: address, role (choices set per request) and a password typed twice."""

    email = EmailField(
        validators=[required, Length(max=320), address],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = SelectField()
    password = PasswordField(
        validators=[required, Length(max=1024), strong],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        validators=[required, same_as_password], render_kw={"autocomplete": "new-password"}
    )


ACCOUNT_CHANGES = (*StaffRole, "deactivate", "activate", "reset_totp")


class AccountChangeForm(FlaskForm):
    """One of the buttons of an account: another role, deactivate, reactivate, reset TOTP."""

    change = HiddenField(validators=[AnyOf(list(ACCOUNT_CHANGES))])
