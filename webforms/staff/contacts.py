"""Contact pages of the staff area: an organisation's contacts, add, change, deactivate, opt out."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peiling.errors import UserError
from peiling.models import audit
from peiling.models.contact import Contact, ContactRole
from peiling.models.contacts import add_contact, change_contact, opt_out, set_active
from peiling.models.organisation import Organisation
from peiling.vocabulary import LANGUAGES
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import ContactForm, ContactStatusForm
from peiling.webforms.staff.sharing_pages import sharing_of

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def _form(contact: Contact | None = None) -> ContactForm:
    form = ContactForm(obj=contact)
    form.role.choices = [(r.value, translate(f"staff_domain_{r.value}")) for r in ContactRole]
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    return form


def _audit(action: str, contact: Contact, detail: str = "") -> None:
    audit.record(
        get_session(),
        current_user.user,
        action,
        organisation=contact.organisation,
        detail=f"contact {contact.id}{': ' + detail if detail else ''}",
        address=request.remote_addr or "",
    )


def _organisation(org_id: int) -> Organisation:
    org = get_session().get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


def _saved(form, store, action: str, message_key: str) -> Contact | None:
    """Store a valid contact form with store(session, name, email, role, language); audit it.

    Return the contact, or None when the address is taken (the form then says so).
    """
    try:
        contact = store(
            get_session(), form.name.data, form.email.data, form.role.data, form.language.data
        )
    except UserError:
        form.email.errors = [translate("staff_error_contact_taken")]
        return None
    _audit(action, contact)
    get_session().commit()
    flash(translate(message_key, name=contact.name))
    return contact


@bp.route("/organisaties/<int:org_id>", methods=["GET", "POST"])
@allow(*ADMIN)
def organisation(org_id: int):
    """An organisation's contacts, and a form to add one."""
    org = _organisation(org_id)
    form = _form()
    status = 200
    if request.method == "POST":
        added = form.validate_on_submit() and _saved(
            form,
            lambda session, *fields: add_contact(session, org, *fields),
            "contact.add",
            "staff_contact_added",
        )
        if added:
            return redirect(url_for("staff.organisation", org_id=org.id))
        status = 400
    contacts = sorted(org.contacts, key=lambda c: (not c.active, c.name.lower()))
    page = render_template(
        "staff/organisation.html",
        org=org,
        contacts=contacts,
        form=form,
        status_form=ContactStatusForm(),
        sharing=sharing_of(org),
    )
    return page, status


@bp.route("/contacten/<int:contact_id>", methods=["GET", "POST"])
@allow(*ADMIN)
def contact(contact_id: int):
    """Change a contact's name, address, domain and language."""
    item = get_session().get(Contact, contact_id)
    if item is None:
        abort(404)
    form = _form(item)
    status = 200
    if request.method == "POST":
        changed = form.validate_on_submit() and _saved(
            form,
            lambda session, *fields: change_contact(session, item, *fields),
            "contact.change",
            "staff_contact_changed",
        )
        if changed:
            return redirect(url_for("staff.organisation", org_id=item.organisation_id))
        status = 400
    return render_template("staff/contact.html", contact=item, form=form), status


@bp.post("/contacten/<int:contact_id>/status")
@allow(*ADMIN)
def contact_status(contact_id: int):
    """Deactivate, reactivate or opt out a contact."""
    item = get_session().get(Contact, contact_id)
    form = ContactStatusForm()
    if item is None or not form.validate_on_submit():
        abort(400 if item else 404)
    change = form.change.data
    if change == "opt_out":
        opt_out(item)
    else:
        set_active(item, change == "activate")
    _audit(f"contact.{change}", item)
    get_session().commit()
    flash(translate(f"staff_contact_{change}", name=item.name))
    return redirect(url_for("staff.organisation", org_id=item.organisation_id))
