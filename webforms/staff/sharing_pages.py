"""Shared responses on the organisation page: the coordinator, and the pages assigned per wave."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peiling.errors import UserError
from peiling.models import audit
from peiling.models.contact import Contact
from peiling.models.organisation import Organisation
from peiling.models.questionnaire_store import parsed
from peiling.models.shared_response import (
    assign_page,
    assignments,
    coordinator_of,
    set_coordinator,
)
from peiling.models.wave import ResponseUnit, Wave, WaveStatus
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp


def sharing_of(org: Organisation) -> dict:
    """Return what the organisation page shows of shared responses: the coordinator, and per
    organisation-mode wave not closed yet its pages with whom each is assigned to."""
    db = get_session()
    waves = db.scalars(
        select(Wave)
        .where(
            Wave.response_unit == ResponseUnit.ORGANISATION.value,
            Wave.status != WaveStatus.CLOSED.value,
        )
        .order_by(Wave.opens_at)
    ).all()
    return {
        "coordinator": coordinator_of(db, org.id),
        "waves": [
            (wave, parsed(wave.questionnaire_version).pages, assignments(db, wave, org.id))
            for wave in waves
        ],
    }


def _organisation(org_id: int) -> Organisation:
    org = get_session().get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


def _contact_of(org: Organisation, raw: str | None) -> Contact | None:
    return next((c for c in org.contacts if str(c.id) == (raw or "")), None)


def _audit(org: Organisation, action: str, detail: str, wave: Wave | None = None) -> None:
    audit.record(
        get_session(),
        current_user.user,
        action,
        organisation=org,
        wave=wave,
        detail=detail,
        address=request.remote_addr or "",
    )


@bp.post("/organisaties/<int:org_id>/coordinator")
@allow(*ADMIN)
def set_org_coordinator(org_id: int):
    """Make one of the organisation's contacts its coordinator."""
    org = _organisation(org_id)
    chosen = _contact_of(org, request.form.get("contact"))
    if chosen is None:
        flash(translate("staff_coordinator_choose"))
        return redirect(url_for("staff.organisation", org_id=org.id) + "#samen")
    try:
        set_coordinator(get_session(), chosen, by=current_user.user.email)
    except UserError:
        get_session().rollback()
        flash(translate("staff_coordinator_inactive", name=chosen.name))
        return redirect(url_for("staff.organisation", org_id=org.id) + "#samen")
    _audit(org, "coordinator.set", f"contact {chosen.id}")
    get_session().commit()
    flash(translate("staff_coordinator_set", name=chosen.name))
    return redirect(url_for("staff.organisation", org_id=org.id) + "#samen")


@bp.post("/organisaties/<int:org_id>/taken/<int:wave_id>")
@allow(*ADMIN)
def assign_org_pages(org_id: int, wave_id: int):
    """Assign the pages of an organisation-mode wave to the organisation's contacts."""
    org = _organisation(org_id)
    db = get_session()
    wave = db.get(Wave, wave_id)
    if wave is None:
        abort(404)
    if wave.response_unit != ResponseUnit.ORGANISATION:
        flash(translate("staff_pages_not_shared", wave=wave.label))
        return redirect(url_for("staff.organisation", org_id=org.id) + "#samen")
    done = []
    for page in parsed(wave.questionnaire_version).pages:
        raw = request.form.get(f"pagina__{page.key}")
        if raw is None:
            continue
        chosen = _contact_of(org, raw)
        assign_page(db, wave, org.id, page.key, chosen, by=current_user.user.email)
        done.append(f"{page.key}={chosen.id if chosen else '-'}")
    _audit(org, "pages.assign", ", ".join(done), wave)
    db.commit()
    flash(translate("staff_pages_assigned", wave=wave.label))
    return redirect(url_for("staff.organisation", org_id=org.id) + "#samen")
