"""Department staff: the inbox, the head's overview, a task page with its form, claim/unclaim/reassign."""

from dataclasses import replace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from forms.dynamic import form_class_for
from forms.inbox import InboxFilterForm, ReassignForm
from webapp.applications.services import attachments, case_clock, timeline
from webapp.common.errors import Invalid
from webapp.department_work.routes import case_work as case_work_routes
from webapp.department_work.services import case_work, deadlines, dissent, reassignment, send_back, tasks, workload
from webapp.department_work.services import inbox as inbox_service
from webapp.models.application import DECISION_STEP
from workflows.engine.fields import from_json

bp = Blueprint("staff", __name__)


@bp.get("/tasks")
@login_required
def inbox():
    if not current_user.is_staff:  # an applicant's corrections to make
        page, total = tasks.open_tasks(current_user, limit=200)
        return render_template("staff/todo.html", tasks=page, total=total)
    form = InboxFilterForm(request.args)
    filters, problems = form.filters()
    try:
        result = inbox_service.inbox_page(current_user, filters)
    except Invalid as exc:  # a colleague who is not in the department: show everyone's instead
        problems.update({name: [_(exc.message, **exc.params)] for name in exc.errors})
        filters = replace(filters, **dict.fromkeys(exc.errors, ""))
        result = inbox_service.inbox_page(current_user, filters)
    labels = {name: form[name].label.text for name in problems}
    return render_template("staff/inbox.html", inbox=result, problems=problems, labels=labels), 400 if problems else 200


@bp.get("/tasks/department")
@login_required
def department():
    return render_template(
        "staff/department.html",
        workload=workload.department_workload(current_user),
        extensions=deadlines.pending_for(current_user),
    )


@bp.get("/tasks/done")
@login_required
def done():
    return render_template("staff/done.html", tasks=tasks.completed_tasks(current_user))


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: int):
    task = tasks.get_task(current_user, task_id)
    step = tasks.step_of(task)
    form = _step_form(task, step)
    status = 200
    if form.is_submitted():
        tasks.actionable_task(current_user, task.id)  # who may not act is told so, not what the form wants
        if form.validate():
            try:
                reason = form[dissent.REASON_FIELD].data if dissent.REASON_FIELD in form else None
                tasks.complete_task(current_user, task.id, form.clean_data(), reason)
            except Invalid as exc:
                for name, messages in (exc.errors or {}).items():
                    (form[name].errors if name in form else form.form_errors).extend(messages)
            else:
                flash(_("%(step)s completed.", step=task.title), "success")
                return redirect(url_for("staff.inbox"))
        status = 422
    return _task_page(task, step, form, ReassignForm(formdata=None, prefix="reassign")), status


@bp.post("/tasks/<int:task_id>/reassign")
@login_required
def reassign(task_id: int):
    task = reassignment.ensure_may_reassign(current_user, task_id)
    form = ReassignForm(prefix="reassign")
    if form.validate():
        try:
            reassignment.reassign_task(current_user, task.id, form.colleague.data, form.reason.data)
        except Invalid as exc:
            for name, messages in (exc.errors or {}).items():
                (form[name].errors if name in form else form.form_errors).extend(messages)
        else:
            flash(_("Given to %(name)s.", name=task.claimed_by.display_name), "success")
            return redirect(url_for("staff.task", task_id=task.id))
    step = tasks.step_of(task)
    return _task_page(task, step, _step_form(task, step, formdata=None), form), 422


def _step_form(task, step, **kwargs):
    form_cls = form_class_for(step.form_key, step.fields, get_locale())
    if task.is_open and dissent.dissents(task):  # approving over a 不同意 needs a reason on file
        field = TextAreaField(dissent.REASON_LABEL, [Optional(), Length(max=dissent.REASON_MAX)])
        form_cls = type(form_cls.__name__, (form_cls,), {dissent.REASON_FIELD: field})
    prefill = from_json(step.fields, task.application.data) if task.for_applicant and task.application else None
    if prefill is None and task.application and step.cap_field == "disbursed_amount":
        # The payment is normally the amount approved: offered, not imposed.
        approved = tasks.approved_amount(task.application)
        prefill = {"disbursed_amount": approved} if approved is not None else None
    return form_cls(data=prefill, **kwargs) if prefill else form_cls(**kwargs)


def _task_page(task, step, form, reassign_form):
    view = timeline.case_view(task.application, current_user, str(get_locale())) if task.application else None
    can_act = tasks.can_act_on(current_user, task) and task.is_open
    colleagues = []
    if reassignment.can_reassign(current_user, task):
        colleagues = [c for c in inbox_service.colleagues_of(current_user) if c.id != task.claimed_by_id]
    return render_template(
        "staff/task.html",
        task=task,
        step=step,
        form=form,
        view=view,
        can_act=can_act,
        reassign_form=reassign_form,
        colleagues=colleagues,
        reassigned=_reassigned_to_holder(task),
        documents=attachments.case_documents(current_user, task.application) if task.application else None,
        may_upload=can_act and task.for_applicant and current_user.is_applicant,
        opinions=_opinions(task),
        send_back_targets=send_back.targets(current_user, task) if task.is_open else [],
        can_extend=deadlines.can_request(current_user, task),
        work=case_work_routes.panel(task.application) if task.application and current_user.is_staff else None,
        case_clock=case_clock.case_clock_of(task.application) if task.application else None,
    )


def _opinions(task):
    """On the lead's decision step: the assisting departments' opinions side by side."""
    if task.application is None or task.for_applicant or task.step != DECISION_STEP:
        return None
    version = tasks.step_version(task)
    return case_work.opinions(task.application, version, str(get_locale()), task.department_id)


def _reassigned_to_holder(task):
    """The reassignment that gave the task to whoever holds it now, if that is how they got it."""
    if not (task.is_open and task.claimed_by):
        return None
    entry = reassignment.last_reassignment(task)
    return entry if entry and (entry.data or {}).get("to") == task.claimed_by.username else None


@bp.post("/tasks/<int:task_id>/claim")
@login_required
def claim(task_id: int):
    tasks.claim_task(current_user, task_id)
    return redirect(url_for("staff.task", task_id=task_id))


@bp.post("/tasks/<int:task_id>/unclaim")
@login_required
def unclaim(task_id: int):
    tasks.unclaim_task(current_user, task_id)
    return redirect(url_for("staff.inbox"))
