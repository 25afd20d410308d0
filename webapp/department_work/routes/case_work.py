"""The departments' work around a case: send-back, extensions, information copies (抄告), comments.

Each POST validates its form, calls one service and goes back to the page it came from; a
refusal is the service's 403/409/422 page with its reason.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.case_work import CommentForm, ExtensionDecisionForm, ExtensionRequestForm, InfoCopyForm, SendBackForm
from webapp.common.errors import Invalid
from webapp.department_work.services import case_work, deadlines, send_back

bp = Blueprint("case_work", __name__)


def _valid(form) -> None:
    if not form.validate():
        raise Invalid("The form has errors.", {name: [str(e) for e in errors] for name, errors in form.errors.items()})


@bp.post("/tasks/<int:task_id>/send-back")
@login_required
def send_back_task(task_id: int):
    form = SendBackForm()
    _valid(form)
    task = send_back.send_back(current_user, task_id, form.target.data, form.reason.data)
    flash(_("The case was sent back."), "success")
    return redirect(url_for("applicant.application", application_id=task.application_id))


@bp.post("/tasks/<int:task_id>/extension")
@login_required
def request_extension(task_id: int):
    form = ExtensionRequestForm()
    _valid(form)
    deadlines.request_extension(current_user, task_id, form.days.data, form.reason.data)
    flash(_("The extension was requested; the department head decides."), "success")
    return redirect(url_for("staff.task", task_id=task_id))


@bp.post("/extensions/<int:extension_id>/<any(approve, refuse):verdict>")
@login_required
def decide_extension(extension_id: int, verdict: str):
    form = ExtensionDecisionForm()
    _valid(form)
    deadlines.decide_extension(current_user, extension_id, verdict == "approve", form.note.data)
    flash(_("Extension approved.") if verdict == "approve" else _("Extension refused."), "success")
    return redirect(url_for("staff.department"))


@bp.post("/applications/<int:application_id>/copies")
@login_required
def send_copy(application_id: int):
    form = InfoCopyForm()
    _valid(form)
    case_work.send_copy(current_user, application_id, form.department.data, form.note.data)
    flash(_("Information copy sent."), "success")
    return redirect(url_for("applicant.application", application_id=application_id))


@bp.post("/applications/<int:application_id>/comments")
@login_required
def comment(application_id: int):
    form = CommentForm()
    _valid(form)
    case_work.add_comment(current_user, application_id, form.body.data)
    flash(_("Comment added."), "success")
    return redirect(url_for("applicant.application", application_id=application_id) + "#comments")


@bp.get("/copies")
@login_required
def copies():
    return render_template("staff/copies.html", copies=case_work.copies_for(current_user))


def panel(application) -> dict:
    """What the case and task pages show of the departments' work: comments, and who may add what."""
    from webapp.applications.services.attachments import can_add_working_file
    from webapp.people.services.departments import all_departments

    can_copy = case_work.can_send_copy(current_user, application)
    return {
        "comments": case_work.comments_on(current_user, application),
        "can_comment": case_work.can_comment(current_user, application),
        "can_copy": can_copy,
        "can_attach": can_add_working_file(current_user, application),
        "copy_departments": [d for d in all_departments() if d.id != current_user.department_id] if can_copy else [],
        "copies": list(application.info_copies) if case_work.can_read_comments(current_user, application) else [],
    }
