"""The staff pages: login, the wave dashboard, downloads and the audit log.

Every view says who may use it (``@allow`` or ``@public``); the guard in access.py checks it
on the server before the view runs.
"""

from __future__ import annotations

import csv
import io

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user

from peiling.exports.records import export_records, record_options
from peiling.exports.safe import neutralise
from peiling.mailing.wave_status import UNKNOWN_GROUP
from peiling.models import audit
from peiling.models.contact import ContactRole
from peiling.models.export_record import ExportRecord
from peiling.models.staff_accounts import accept_totp, authenticate, new_totp_secret, totp_uri
from peiling.models.wave import Wave
from peiling.settings import get_settings
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff import dashboard, downloads, login_throttle, sessions, subscriptions
from peiling.webforms.staff.access import ADMIN, STAFF, allow, end_session, guard, public
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import ActionForm, CodeForm, LoginForm, SubscriptionForm

bp.before_request(guard)


def _record(action: str, **kw) -> None:
    db = get_session()
    audit.record(db, current_user.user, action, address=request.remote_addr or "", **kw)
    db.commit()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/beheer") and "\\" not in target and "//" not in target:
        return target
    return url_for("staff.home")


def _too_many():
    minutes = login_throttle.retry_minutes()
    page = render_template("staff/login.html", form=LoginForm(), refused=minutes)
    response = current_app.make_response((page, 429))
    response.headers["Retry-After"] = str(minutes * 60)
    return response


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Ask for the e-mail address and password; throttled per address and account."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("volgende", "")
    failed = False
    if form.validate_on_submit():
        email = form.email.data
        if login_throttle.refused(email):
            return _too_many()
        login_throttle.slow_down(email)
        user = authenticate(get_session(), email, form.password.data)
        if user is None:
            login_throttle.failed(email)
            failed = True
        else:
            next_page = _safe_next(form.next.data)
            step = sessions.needs_second_step(user)
            if step is None:
                sessions.complete(user)
                return redirect(next_page)
            sessions.hold(user)
            session["staff_next"] = next_page
            return redirect(url_for("staff.code" if step == "code" else "staff.enrol"))
    elif request.method == "POST":
        failed = True
    status = 401 if failed else 200
    return render_template("staff/login.html", form=form, failed=failed), status


@bp.route("/login/code", methods=["GET", "POST"])
@public
def code():
    """Ask for the TOTP code of an account whose password was right."""
    user = sessions.held()
    if user is None or not user.totp_secret:
        return redirect(url_for("staff.login"))
    form = CodeForm()
    failed = False
    if request.method == "POST":
        if login_throttle.refused(user.email):
            return _too_many()
        if form.validate() and accept_totp(user, form.code.data):
            next_page = session.get("staff_next")
            sessions.complete(user)
            return redirect(_safe_next(next_page))
        get_session().commit()
        login_throttle.failed(user.email)
        failed = True
    return render_template("staff/code.html", form=form, failed=failed), 401 if failed else 200


@bp.route("/login/koppelen", methods=["GET", "POST"])
@public
def enrol():
    """Set up TOTP for an admin who must use it and has none yet."""
    user = sessions.held()
    if user is None or user.totp_secret or sessions.needs_second_step(user) != "enrol":
        return redirect(url_for("staff.login"))
    secret = session.get(sessions.ENROL_KEY) or new_totp_secret()
    session[sessions.ENROL_KEY] = secret
    form = CodeForm()
    failed = False
    if request.method == "POST":
        if login_throttle.refused(user.email):
            return _too_many()
        if form.validate() and accept_totp(user, form.code.data, secret):
            next_page = session.get("staff_next")
            audit.record(get_session(), user, "totp.enrol", address=request.remote_addr or "")
            sessions.complete(user)
            return redirect(_safe_next(next_page))
        login_throttle.failed(user.email)
        failed = True
    uri = totp_uri(user, secret, translate("service_name"))
    page = render_template("staff/enrol.html", form=form, failed=failed, secret=secret, uri=uri)
    return page, 401 if failed else 200


@bp.post("/logout")
@allow(*STAFF)
def logout():
    """End this session and every other one of the account."""
    _record("logout")
    end_session(current_user.user)
    flash(translate("staff_logged_out"))
    return redirect(url_for("staff.login"))


@bp.get("/")
@allow(*STAFF)
def home():
    """The start page: what this account may do."""
    return render_template("staff/home.html")


@bp.get("/golven")
@allow(*ADMIN)
def waves():
    """Every wave with its status figures."""
    return render_template("staff/waves.html", waves=dashboard.waves(get_session()))


def _wave(wave_id: int) -> Wave:
    wave = get_session().get(Wave, wave_id)
    if wave is None:
        abort(404)
    return wave


def _group_name(by: str, group: str) -> str:
    if by == "domain" and group in set(ContactRole):
        return translate(f"staff_domain_{group}")
    return translate("staff_unknown") if group == UNKNOWN_GROUP else group


@bp.get("/golven/<int:wave_id>")
@allow(*ADMIN)
def wave(wave_id: int):
    """One wave: its progress and the response by province, size class, region and domain."""
    db = get_session()
    target = _wave(wave_id)
    status = dashboard.wave_status(db, target)
    return render_template(
        "staff/wave.html",
        wave=target,
        status=status,
        progress=dashboard.progress(status, translate),
        breakdowns=dashboard.breakdowns(db, target, _group_name),
        bar_width=dashboard.BAR_WIDTH,
        label_width=dashboard.LABEL_WIDTH,
        chart_height=dashboard.chart_height,
    )


@bp.get("/golven/<int:wave_id>/zonder-respons")
@allow(*ADMIN)
def nonresponse(wave_id: int):
    """The active organisations without a submitted response, their contacts and mail."""
    target = _wave(wave_id)
    _record("wave.nonresponse.view", wave=target)
    found = dashboard.nonresponders(get_session(), target)
    return render_template(
        "staff/nonresponse.html", wave=target, nonresponders=found, wave_open=target.is_open()
    )


@bp.get("/downloads")
@allow(*STAFF)
def exports():
    """The exports made so far, with who made them, when and how."""
    found = export_records(get_session())
    return render_template(
        "staff/exports.html",
        records=found,
        options=record_options,
        subscriptions=subscriptions.states(current_user.user),
        subscription_form=SubscriptionForm(),
    )


@bp.get("/downloads/<int:export_id>")
@allow(*STAFF)
def download(export_id: int):
    """Serve one export file; every download is written to the audit log."""
    record = get_session().get(ExportRecord, export_id)
    path = downloads.file_of(record, get_settings().data_path) if record else None
    if path is None:
        abort(404)
    _record("export.download", detail=f"export {record.id}: {path.name}")
    return send_file(path, as_attachment=True, download_name=path.name)


@bp.get("/logboek")
@allow(*ADMIN)
def audit_log():
    """The audit log, newest first."""
    return render_template("staff/audit.html", entries=audit.entries(get_session(), limit=500))


@bp.get("/logboek.csv")
@allow(*ADMIN)
def audit_csv():
    """The whole audit log as CSV (text that a spreadsheet could take for a formula quoted)."""
    _record("audit.export")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(audit.COLUMNS)
    for entry in audit.entries(get_session()):
        writer.writerow(
            [entry["at"].isoformat()] + [neutralise(str(entry[c])) for c in audit.COLUMNS[1:]]
        )
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="logboek.csv"'},
    )


@bp.errorhandler(403)
def forbidden(_error):
    """Say plainly that this account may not see the page."""
    return render_template("staff/forbidden.html"), 403


@bp.app_context_processor
def _staff_context():
    if not request.path.startswith("/beheer"):
        return {}
    return {"action_form": ActionForm(), "staff_user": current_user}
