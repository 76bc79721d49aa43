"""The flow page of a wave: buttons that start runs of the Prefect deployments, and the runs."""

from __future__ import annotations

import httpx
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peiling.models import audit
from peiling.models.wave import Wave
from peiling.settings import get_settings
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff import flow_runs
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import FlowForm


def _wave(wave_id: int) -> Wave:
    wave = get_session().get(Wave, wave_id)
    if wave is None:
        abort(404)
    return wave


def _labels_up_to(wave: Wave) -> list[str]:
    """Return the labels of the survey's waves that opened up to this one (the trend)."""
    return list(
        get_session().scalars(
            select(Wave.label)
            .where(Wave.survey_key == wave.survey_key, Wave.opens_at <= wave.opens_at)
            .order_by(Wave.opens_at)
        )
    )


@bp.get("/golven/<int:wave_id>/flows")
@allow(*ADMIN)
def flows(wave_id: int):
    """A wave's flow runs with their state and artifacts, and the buttons that start them."""
    wave = _wave(wave_id)
    problem, runs, available, ui = "", [], set(), ""
    try:
        api = flow_runs.api_url(get_settings().data_path)
        ui = flow_runs.ui_url(api)
        runs, available = flow_runs.runs(api, wave)
    except flow_runs.Refused as exc:
        problem = translate(exc.key, **exc.values)
    except httpx.HTTPError:
        problem = translate("staff_flow_unreachable")
    return render_template(
        "staff/flows.html",
        wave=wave,
        runs=runs,
        available=available,
        actions=flow_runs.ACTIONS,
        problem=problem,
        ui=ui,
        form=FlowForm(),
    )


@bp.post("/golven/<int:wave_id>/flows")
@allow(*ADMIN)
def start_flow(wave_id: int):
    """Start one flow for a wave as a run of its deployment (logged); refuse a second send."""
    wave = _wave(wave_id)
    form = FlowForm()
    if not form.validate_on_submit():
        abort(400)
    action = form.action.data
    try:
        api = flow_runs.api_url(get_settings().data_path)
        run = flow_runs.start(api, action, wave, _labels_up_to(wave), current_user.email)
    except flow_runs.Refused as exc:
        flash(translate(exc.key, **exc.values))
    except httpx.HTTPError:
        flash(translate("staff_flow_unreachable"))
    else:
        audit.record(
            get_session(),
            current_user.user,
            f"flow.{action}",
            wave=wave,
            detail=f"{run.deployment} run {run.name} ({run.id})",
            address=request.remote_addr or "",
        )
        get_session().commit()
        flash(
            translate("staff_flow_started", action=translate(f"staff_flow_{action}"), run=run.name)
        )
    return redirect(url_for("staff.flows", wave_id=wave.id))
