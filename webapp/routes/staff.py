"""Department staff: the inbox, a task page with its form, claim/unclaim, completed work."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.dynamic import form_class_for
from webapp.services import tasks, timeline
from webapp.services.errors import Invalid
from workflows.engine.fields import from_json

bp = Blueprint("staff", __name__)


@bp.get("/tasks")
@login_required
def inbox():
    page, total = tasks.open_tasks(current_user, limit=200)
    return render_template("staff/inbox.html", tasks=page, total=total)


@bp.get("/tasks/done")
@login_required
def done():
    return render_template("staff/done.html", tasks=tasks.completed_tasks(current_user))


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: int):
    task = tasks.get_task(current_user, task_id)
    step = tasks.step_of(task)
    form_cls = form_class_for(step.form_key, step.fields, get_locale())
    prefill = from_json(step.fields, task.application.data) if task.for_applicant and task.application else None
    form = form_cls(data=prefill) if prefill else form_cls()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                tasks.complete_task(current_user, task.id, form.clean_data())
            except Invalid as exc:
                for name, messages in (exc.errors or {}).items():
                    (form[name].errors if name in form else form.form_errors).extend(messages)
            else:
                flash(_("%(step)s completed.", step=task.title), "success")
                return redirect(url_for("staff.inbox"))
        status = 422
    view = timeline.case_view(task.application, current_user, str(get_locale())) if task.application else None
    can_act = tasks.can_act_on(current_user, task) and task.is_open
    return render_template("staff/task.html", task=task, step=step, form=form, view=view, can_act=can_act), status


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
