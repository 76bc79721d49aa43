"""The staff area's forms (Flask-WTF: each carries a CSRF token); labels are in templates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


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
