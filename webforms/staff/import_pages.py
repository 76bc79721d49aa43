"""Import a contact list on a page: upload, a dry run with the importer's problems, then apply.

The importer is the one behind `peiling respondents import`: every row is checked first and
nothing is written when one has a problem. The uploaded file waits in the data folder under a
random name known only to this session until it is applied or replaced.
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

from flask import Flask, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import secure_filename

from peiling.importers import import_respondents
from peiling.importers.problems import ImportErrors
from peiling.limits import IMPORT_MAX_FILE_BYTES
from peiling.models import audit
from peiling.settings import get_settings
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import ActionForm, ImportForm

SESSION_KEY = "staff_import"
# Room for a file just over the importer's limit, so the importer can say so in its own words.
UPLOAD_MAX_BYTES = 2 * IMPORT_MAX_FILE_BYTES
KEEP_SECONDS = 24 * 3600
DEFAULT_NAME = "contactlijst"


def _folder() -> Path:
    return get_settings().data_path / "uploads" / "contacts"


def _tidy(folder: Path) -> None:
    """Remove uploads that were never applied, a day after they came."""
    if not folder.is_dir():
        return
    for old in folder.iterdir():
        if old.is_dir() and time.time() - old.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def _store(upload) -> Path:
    """Keep an uploaded file under a random folder; its name keeps the extension."""
    raw = upload.filename or ""
    suffix = Path(raw).suffix.lower()
    stem = secure_filename(Path(raw).stem)[:60] or DEFAULT_NAME
    name = stem + (suffix if suffix.isascii() and suffix[1:].isalnum() else "")
    folder = _folder()
    _tidy(folder)
    key = secrets.token_urlsafe(16)
    (folder / key).mkdir(parents=True)
    path = folder / key / name
    upload.save(path)
    session[SESSION_KEY] = {"key": key, "name": name}
    return path


def _stored(shown: str | None = None) -> Path | None:
    """Return this session's uploaded file, if it is still there (and is the one shown)."""
    held = session.get(SESSION_KEY) or {}
    key, name = str(held.get("key", "")), str(held.get("name", ""))
    if shown is not None and shown != key:
        return None
    if not key or not name or "/" in key + name or "\\" in key + name or key.startswith("."):
        return None
    path = _folder() / key / name
    return path if path.is_file() else None


def _forget(path: Path | None) -> None:
    session.pop(SESSION_KEY, None)
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


def _page(form, status: int = 200, **found):
    return render_template("staff/contacts_import.html", form=form, **found), status


def _run(path: Path, dry_run: bool):
    """Run the importer; return (result, problems); roll back whatever a failed run did."""
    db = get_session()
    try:
        return import_respondents(db, path, dry_run=dry_run), []
    except ImportErrors as exc:
        db.rollback()
        return None, exc.problems


@bp.route("/contacten/importeren", methods=["GET", "POST"])
@allow(*ADMIN)
def contacts_import():
    """Upload a contact list and see what it would add and change (a dry run), or its problems."""
    form = ImportForm()
    if request.method == "GET":
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, 400)
    _forget(_stored())
    path = _store(form.file.data)
    result, problems = _run(path, dry_run=True)
    get_session().rollback()
    if problems:
        _forget(path)
    return _page(
        form,
        400 if problems else 200,
        name=path.name,
        result=result,
        problems=problems,
        apply_form=ActionForm(),
        key=session.get(SESSION_KEY, {}).get("key", ""),
    )


@bp.post("/contacten/importeren/toepassen")
@allow(*ADMIN)
def contacts_import_apply():
    """Apply the list of the dry run shown: all rows, or (when one has a problem now) none."""
    path = _stored(request.form.get("lijst", ""))
    if not ActionForm().validate_on_submit() or path is None:
        flash(translate("staff_import_gone"))
        return redirect(url_for("staff.contacts_import"))
    result, problems = _run(path, dry_run=False)
    db = get_session()
    if problems:
        _forget(path)
        return _page(ImportForm(), 400, name=path.name, problems=problems)
    audit.record(
        db,
        current_user.user,
        "contacts.import",
        detail=f"{path.name}: {result.summary()}",
        address=request.remote_addr or "",
    )
    db.commit()
    _forget(path)
    flash(
        translate(
            "staff_import_done",
            name=path.name,
            added=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    return redirect(url_for("staff.contacts_import"))


@bp.errorhandler(413)
def too_large(_error):
    """Say that an upload is far over the importer's limit (the request was not read)."""
    if request.endpoint != "staff.contacts_import":
        return _error
    message = translate("staff_import_too_large", mb=IMPORT_MAX_FILE_BYTES // (1024 * 1024))
    # The body stays unread: the page's forms see an empty one, as werkzeug stores a parsed body.
    request.__dict__.update(form=ImmutableMultiDict(), files=ImmutableMultiDict())
    return _page(ImportForm(formdata=None), 413, too_large=message)


def init_app(app: Flask) -> None:
    """Let the upload of a contact list be larger than a form, before CSRF reads the form."""

    def upload_limit() -> None:
        if request.endpoint != "staff.contacts_import" or request.method != "POST":
            return
        if getattr(current_user, "is_admin", False):  # anyone else is refused by the guard
            request.max_content_length = UPLOAD_MAX_BYTES

    app.before_request_funcs.setdefault(None, []).insert(0, upload_limit)
