"""An administrator sets what a department's documents say of it."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.common.access import role_required
from webapp.common.errors import Invalid, NotFound
from webapp.documents.routes import bp
from webapp.documents.services import settings
from webapp.extensions import db
from webapp.models import Department


@bp.get("/admin/departments/<int:department_id>/documents")
@role_required("admin")
def document_settings(department_id: int):
    department = _department(department_id)
    return render_template("documents/settings.html", department=department, found=settings.settings_for(department))


@bp.post("/admin/departments/<int:department_id>/documents")
@role_required("admin")
def save_document_settings(department_id: int):
    department = _department(department_id)
    form = request.form
    try:
        settings.update_settings(
            current_user,
            department,
            form.get("number_prefix", ""),
            form.get("reconsideration_body", ""),
            form.get("court", ""),
        )
    except Invalid as refusal:
        page = render_template(
            "documents/settings.html",
            department=department,
            found=settings.settings_for(department),
            errors=refusal.errors,
        )
        return page, 422
    flash(_("The document settings of %(name)s were saved.", name=department.name_zh), "success")
    return redirect(url_for("documents.document_settings", department_id=department.id))


def _department(department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None:
        raise NotFound("No such department.")
    return department
