"""The shared response as its contacts see it: who takes part, pages done and by whom, the last
change per answer, page assignments, and handing the coordinator role over. Organisation mode only;
a response of one contact shows none of this.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from peiling.models.contact import Contact
from peiling.models.shared_response import (
    assign_page,
    assignments,
    coordinator_of,
    is_shared,
    last_changes,
    page_states,
    participants,
    set_coordinator,
)
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language, translate
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import Journey, load_journey
from peiling.webforms.respondent.gate import stop_for


@dataclass
class Shared:
    """What a contact of a shared response is shown about the others."""

    me: Contact
    coordinator: Contact | None
    people: list[Contact]
    states: list
    changes: dict

    @property
    def is_coordinator(self) -> bool:
        return self.coordinator is not None and self.coordinator.id == self.me.id

    def others(self) -> list[Contact]:
        """The participants other than this contact."""
        return [c for c in self.people if c.id != self.me.id]


def shared_of(journey: Journey) -> Shared | None:
    """Return the shared view of a journey, or None when the response is one contact's."""
    if not is_shared(journey.wave):
        return None
    db = get_session()
    org_id = journey.invitation.contact.organisation_id
    assigned = assignments(db, journey.wave, org_id)
    return Shared(
        me=journey.invitation.contact,
        coordinator=coordinator_of(db, org_id),
        people=participants(db, journey.wave, org_id),
        states=page_states(db, journey.response, journey.questionnaire, assigned),
        changes=last_changes(db, journey.response),
    )


def role_name(role: str, lang: str | None = None) -> str:
    """Return a contact role in words."""
    return translate(f"role_{role}" if role in ("safety", "social") else "role_other", lang)


def last_change_of(shared: Shared | None, question) -> object | None:
    """Return the latest change among a question's answers, or None."""
    if shared is None:
        return None
    found = [shared.changes[k] for k in question.storage_keys() if k in shared.changes]
    return max(found, key=lambda change: change.at) if found else None


@bp.get("/samen")
def together():
    """Show who takes part, which pages are done and by whom, and (to the coordinator) the forms
    to assign pages and hand the role over."""
    journey = load_journey()
    stop = stop_for(journey, allow_submitted=True)
    if stop is not None:
        return stop
    shared = shared_of(journey)
    if shared is None:
        abort(404)
    return render_template("respondent/together.html", journey=journey, shared=shared)


def _coordinator_journey():
    """Return (journey, shared) for a coordinator's POST, or a response that replaces it."""
    journey = load_journey()
    stop = stop_for(journey)
    if stop is not None:
        return None, None, stop
    shared = shared_of(journey)
    if shared is None:
        abort(404)
    if not shared.is_coordinator:
        return (
            None,
            None,
            (
                render_template(
                    "respondent/together.html", journey=journey, shared=shared, refused=True
                ),
                403,
            ),
        )
    return journey, shared, None


def _participant(shared: Shared, raw: str) -> Contact | None:
    return next((c for c in shared.people if str(c.id) == raw), None)


@bp.post("/samen/coordinator")
def hand_over():
    """Hand the coordinator role to another participant (the coordinator only)."""
    journey, shared, stop = _coordinator_journey()
    if stop is not None:
        return stop
    chosen = _participant(shared, request.form.get("contact", ""))
    if chosen is None or chosen.id == shared.me.id:
        return render_template(
            "respondent/together.html", journey=journey, shared=shared, choose_error=True
        ), 400
    db = get_session()
    set_coordinator(db, chosen, by=shared.me.email)
    db.commit()
    flash(translate("together_handed_over", current_language(), name=chosen.name))
    return redirect(url_for("respondent.together"))


@bp.post("/samen/taken")
def assign():
    """Assign the questionnaire's pages to participants (the coordinator only)."""
    journey, shared, stop = _coordinator_journey()
    if stop is not None:
        return stop
    db = get_session()
    org_id = shared.me.organisation_id
    for page in journey.questionnaire.pages:
        raw = request.form.get(f"pagina__{page.key}")
        if raw is None:
            continue
        assign_page(
            db, journey.wave, org_id, page.key, _participant(shared, raw), by=shared.me.email
        )
    db.commit()
    flash(translate("together_assigned", current_language()))
    return redirect(url_for("respondent.together"))


@bp.app_template_filter("role")
def role_filter(role: str) -> str:
    """Write a contact role in words, in the respondent's language."""
    return role_name(role, current_language())
