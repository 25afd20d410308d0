from flask import g, request

from forms.dynamic import form_class_for, form_from_payload
from webapp.api import api_bp
from webapp.api.auth import form_data, json_body, token_required
from webapp.api.schemas import REFUSALS, body, query, refusals
from webapp.api.serializers import task_detail_json, task_json
from webapp.common.errors import Invalid
from webapp.department_work.api.schemas import CompletionBody, TaskDetailSchema, TaskPageSchema, TaskQuery, TaskSchema
from webapp.department_work.services import tasks
from webapp.security import int_arg


@api_bp.get("/tasks")
@api_bp.response(200, TaskPageSchema)
@query(TaskQuery)
@refusals(*REFUSALS, 422)
@token_required
def list_tasks():
    """The caller's open tasks, oldest first"""
    limit = int_arg(request.args, "limit", 100)
    offset = int_arg(request.args, "offset", 0)
    if not 1 <= limit <= 500 or offset < 0:
        raise Invalid("limit must be 1-500 and offset 0 or more.")
    application_id = int_arg(request.args, "application_id")
    page, total = tasks.open_tasks(g.api_user, application_id, limit, offset)
    return {"tasks": [task_json(t) for t in page], "total": total, "limit": limit, "offset": offset}


@api_bp.get("/tasks/<int:task_id>")
@api_bp.response(200, TaskDetailSchema)
@refusals(*REFUSALS)
@token_required
def get_task(task_id: int):
    """One task with its form: fields, the values to start from, and for a correction what to correct"""
    task = tasks.get_task(g.api_user, task_id)
    return task_detail_json(task, tasks.step_of(task), g.api_user)


@api_bp.post("/tasks/<int:task_id>/claim")
@api_bp.response(200, TaskSchema)
@refusals(*REFUSALS, s409="Claimed by someone else or completed")
@token_required
def claim_task(task_id: int):
    """Claim a task"""
    return task_json(tasks.claim_task(g.api_user, task_id))


@api_bp.post("/tasks/<int:task_id>/unclaim")
@api_bp.response(200, TaskSchema)
@refusals(*REFUSALS, s409="Not claimed by you")
@token_required
def unclaim_task(task_id: int):
    """Release a claimed task"""
    return task_json(tasks.unclaim_task(g.api_user, task_id))


@api_bp.post("/tasks/<int:task_id>/complete")
@api_bp.response(200, TaskSchema)
@body(CompletionBody)
@refusals(*REFUSALS, 422, s409="Stale or already completed")
@token_required
def complete_task(task_id: int):
    """Complete a task with its form data (validated by the task's BPMN form, after the permission check)"""

    def validated(task, step) -> dict:
        body = json_body()  # read after the permission check, like the form
        # A correction starts from the application as it stands: send only what changes.
        payload = {**tasks.form_defaults(task), **form_data(body)}
        form = form_from_payload(form_class_for(step.form_key, step.fields), payload)
        if not form.validate():
            raise Invalid("The form has errors.", form.errors)
        return form.clean_data()

    reason = json_body().get("dissent_reason")
    reason = reason if isinstance(reason, str) else None
    return task_json(tasks.complete_task(g.api_user, task_id, validated, reason))
