"""Plan a wave and move the dates of a wave that is not closed, on a page (as `peiling wave`)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peiling.dates import last_day, local_day
from peiling.models import audit
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.wave import ResponseUnit, Wave, WaveStatus
from peiling.models.wave_lifecycle import WaveRefused, change_dates, plan_wave
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import WaveDatesForm, WaveForm


def _versions() -> list[QuestionnaireVersion]:
    return list(
        get_session().scalars(
            select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.survey_key, QuestionnaireVersion.loaded_at.desc()
            )
        )
    )


def _new_form() -> WaveForm:
    form = WaveForm()
    form.version.choices = [
        (v.id, f"{v.survey_key} {v.version}{' – ' + v.title if v.title else ''}")
        for v in _versions()
    ]
    form.unit.choices = [(u.value, translate(f"staff_unit_{u.value}")) for u in ResponseUnit]
    return form


def _choice_errors(form) -> None:
    """Say in the interface language that a choice is not one of the list."""
    for name in ("version", "unit"):
        field = getattr(form, name, None)
        if field is not None and field.errors:
            field.errors[:] = [translate("staff_error_choice")]


def _refused(form, exc: WaveRefused) -> None:
    """Put the model's refusal at the field it concerns."""
    message = translate(f"staff_wave_error_{exc.key}", **exc.values)
    field = getattr(form, exc.field, None)
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]


def _audit(action: str, wave: Wave, detail: str) -> None:
    audit.record(
        get_session(),
        current_user.user,
        action,
        wave=wave,
        detail=detail,
        address=request.remote_addr or "",
    )


@bp.route("/golven/nieuw", methods=["GET", "POST"])
@allow(*ADMIN)
def wave_new():
    """Plan a wave: label, questionnaire version, days, reminders and response unit."""
    db = get_session()
    form = _new_form()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            first, last = form.days()
            try:
                created = plan_wave(
                    db,
                    version=db.get(QuestionnaireVersion, form.version.data),
                    label=form.label.data,
                    first_day=first,
                    last_day=last,
                    reminders=form.reminders.data or "",
                    response_unit=form.unit.data,
                )
            except WaveRefused as exc:
                db.rollback()
                _refused(form, exc)
            else:
                _audit(
                    "wave.create",
                    created,
                    f"version {created.questionnaire_version.version}, {first} .. {last}, "
                    f"reminders {created.reminder_days}, unit {created.response_unit}",
                )
                db.commit()
                flash(translate("staff_wave_created", wave=f"{created.survey_key} {created.label}"))
                return redirect(url_for("staff.wave", wave_id=created.id))
        _choice_errors(form)
        status = 400
    return render_template("staff/wave_new.html", form=form), status


@bp.route("/golven/<int:wave_id>/data", methods=["GET", "POST"])
@allow(*ADMIN)
def wave_dates(wave_id: int):
    """Move the first and last day and the reminders of a wave that is not closed."""
    db = get_session()
    wave = db.get(Wave, wave_id)
    if wave is None:
        abort(404)
    closed = wave.status == WaveStatus.CLOSED
    form = WaveDatesForm()
    status = 200
    if request.method == "GET":
        form.opens.data = local_day(wave.opens_at).isoformat()
        form.closes.data = last_day(wave.closes_at).date().isoformat()
        form.reminders.data = ",".join(str(d) for d in wave.reminder_days or [])
    elif closed:
        status = 409
    elif form.validate_on_submit():
        first, last = form.days()
        try:
            change = change_dates(db, wave, first, last, form.reminders.data or "")
        except WaveRefused as exc:
            db.rollback()
            _refused(form, exc)
            status = 400
        else:
            _audit("wave.dates", wave, change)
            db.commit()
            flash(translate("staff_wave_dates_changed", wave=f"{wave.survey_key} {wave.label}"))
            return redirect(url_for("staff.wave", wave_id=wave.id))
    else:
        status = 400
    return render_template("staff/wave_dates.html", form=form, wave=wave, closed=closed), status
