"""Uploading documents to a case and downloading them: the service decides who may do either.

The page's script uploads in place (no reload, so nothing typed elsewhere on the page is lost):
it asks for JSON and gets back the document's row drawn anew, or the refusal in the reader's
language to show in that row. Without the script the form posts as usual and comes back to the
page with the outcome flashed, never to a bare error page.
"""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.applications.services import applications, attachments
from webapp.common.errors import Conflict, Invalid

bp = Blueprint("attachments", __name__)

INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


@bp.post("/applications/<int:application_id>/attachments")
@login_required
def upload(application_id: int):
    application = applications.get_application(current_user, application_id)
    # A department's working file stays between the departments unless its uploader shares it.
    shared = current_user.is_applicant or request.form.get("share_with_applicant") == "y"
    document_type = request.form.get("document_type") or None
    try:
        row = attachments.add_attachment(current_user, application, request.files.get("file"), document_type, shared)
    except (Invalid, Conflict) as exc:
        message = _(exc.message, **exc.params)
        if _in_place():
            return jsonify(error=message), exc.status
        flash(message, "error")
        return redirect(_back(application))
    message = _("%(name)s uploaded.", name=row.filename)
    if _in_place():
        return jsonify(message=message, row=_slot_row(application, document_type)), 201
    flash(message, "success")
    return redirect(_back(application))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    """A download by default; `?inline=1` lets the browser's own viewer show a PDF or an image in place."""
    stored = attachments.open_attachment(current_user, attachment_id)
    inline = request.args.get("inline") == "1" and stored.attachment.content_type in INLINE_TYPES
    response = send_file(
        stored.body,
        mimetype=stored.attachment.content_type,
        as_attachment=not inline,
        download_name=stored.attachment.filename,
        conditional=True,
        etag=stored.attachment.sha256,  # the content's own hash, wherever it is stored
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    if inline:  # shown in the case's own page frame only (a sandbox would stop the browser's PDF viewer)
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _in_place() -> bool:
    return request.headers.get("X-Requested-With") == "upload"


def _slot_row(application, document_type: str | None) -> str:
    slots, _others = attachments.case_documents(current_user, application)
    slot = next((s for s in slots if s.document_type.code == document_type), None)
    if slot is None:
        return ""
    return render_template("applicant/_document_row.html", slot=slot, application=application, may_upload=True)


def _back(application) -> str:
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    if application.is_draft:
        return url_for("applicant.edit", application_id=application.id)
    return url_for("applicant.application", application_id=application.id)
