"""Uploading documents to a case and downloading them: the service decides who may do either."""

from flask import Blueprint, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.applications.services import applications, attachments

bp = Blueprint("attachments", __name__)


@bp.post("/applications/<int:application_id>/attachments")
@login_required
def upload(application_id: int):
    application = applications.get_application(current_user, application_id)
    # A department's working file stays between the departments unless its uploader shares it.
    shared = current_user.is_applicant or request.form.get("share_with_applicant") == "y"
    row = attachments.add_attachment(
        current_user, application, request.files.get("file"), request.form.get("document_type") or None, shared
    )
    flash(_("%(name)s uploaded.", name=row.filename), "success")
    return redirect(_back(application))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    stored = attachments.open_attachment(current_user, attachment_id)
    response = send_file(
        stored.path,
        mimetype=stored.attachment.content_type,
        as_attachment=True,
        download_name=stored.attachment.filename,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _back(application) -> str:
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    if application.is_draft:
        return url_for("applicant.edit", application_id=application.id)
    return url_for("applicant.application", application_id=application.id)
