from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from webapp.services import application_drafts
from workflows.programs import all_programs

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
    return render_template("index.html", programs=all_programs().values(), locale=str(get_locale()), drafts=own_drafts)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in ("zh", "en"):
        session["lang"] = code
    target = request.referrer or url_for("main.index")
    return redirect(target if target.startswith(request.host_url) else url_for("main.index"))
