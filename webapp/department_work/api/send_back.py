"""退回 over the JSON API: the holder of an open step sends the case back to an earlier step."""

from flask import g, jsonify

from webapp.api import api_bp
from webapp.api.auth import json_body, token_required
from webapp.api.serializers import task_json
from webapp.common.errors import Invalid
from webapp.department_work.services import send_back


@api_bp.post("/tasks/<int:task_id>/send-back")
@token_required
def send_back_task(task_id: int):
    body = json_body()
    target, reason = body.get("target"), body.get("reason")
    if not isinstance(target, str) or not isinstance(reason, str):
        raise Invalid("The form has errors.", {"target": ["required"], "reason": ["required"]})
    return jsonify(task_json(send_back.send_back(g.api_user, task_id, target, reason)))
