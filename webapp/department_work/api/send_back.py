"""退回 over the JSON API: the holder of an open step sends the case back to an earlier step."""

from flask import g

from webapp.api import api_bp
from webapp.api.auth import json_body, token_required
from webapp.api.schemas import REFUSALS, body, refusals
from webapp.api.serializers import task_json
from webapp.common.errors import Invalid
from webapp.department_work.api.schemas import SendBackBody, TaskSchema
from webapp.department_work.services import send_back


@api_bp.post("/tasks/<int:task_id>/send-back")
@api_bp.response(200, TaskSchema)
@body(SendBackBody)
@refusals(*REFUSALS, s409="Stale or already completed", s422="Not an earlier step, or no reason")
@token_required
def send_back_task(task_id: int):
    """Send the case back to an earlier step (退回)"""
    send_back.ensure_may_send_back(g.api_user, task_id)  # 403 before the body is read
    body = json_body()
    target, reason = body.get("target"), body.get("reason")
    if not isinstance(target, str) or not isinstance(reason, str):
        raise Invalid("The form has errors.", {"target": ["required"], "reason": ["required"]})
    return task_json(send_back.send_back(g.api_user, task_id, target, reason))
