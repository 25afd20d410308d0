"""/admin/audit: whether the audit trail's hash chain is whole, and its latest entries."""

from flask import Blueprint, render_template
from sqlalchemy import select

from webapp.common import audit_chain
from webapp.common.access import role_required
from webapp.extensions import db
from webapp.models import AuditEntry

bp = Blueprint("audit_trail", __name__, url_prefix="/admin")

LATEST = 50


@bp.get("/audit")
@role_required("admin")
def audit_page():
    report = audit_chain.verify_chain()
    latest = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(LATEST)).all()
    return render_template("admin/audit.html", report=report, latest=latest), 200 if report.intact else 409
