"""The home page (what each role starts from) and the language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from webapp.applications.services import application_drafts, applications
from webapp.department_work.services import tasks

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        if current_user.is_staff:
            return redirect(url_for("staff.inbox"))
        if current_user.is_admin:
            return redirect(url_for("admin.definitions"))
        if current_user.is_auditor:
            return redirect(url_for("money.ledger_page"))
    own_drafts = application_drafts.drafts_of(current_user) if current_user.is_authenticated else []
    waiting, cases = [], []
    if current_user.is_authenticated and current_user.is_applicant:  # their cases first, then the programs
        waiting = tasks.open_tasks(current_user, limit=20)[0]
        cases = [a for a in applications.list_applications(current_user) if not a.is_draft][:5]
    return render_template(
        "index.html",
        programs=applications.programs_for(current_user if current_user.is_authenticated else None),
        locale=str(get_locale()),
        drafts=own_drafts,
        waiting=waiting,
        cases=cases,
    )


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in ("zh", "en"):
        session["lang"] = code
    target = request.referrer or url_for("main.index")
    return redirect(target if target.startswith(request.host_url) else url_for("main.index"))
