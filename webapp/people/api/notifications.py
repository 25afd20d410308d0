"""Notifications over the JSON API: what the account pages offer, for other systems."""

from flask import g, jsonify

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.people.services import notifications


def notification_json(note) -> dict:
    return {
        "id": note.id,
        "kind": note.kind,
        "message": note.message,
        "message_en": note.message_en,
        "application_id": note.application_id,
        "task_id": note.task_id,
        "link": note.link,
        "created_at": note.created_at.isoformat() + "Z",
        "read_at": note.read_at.isoformat() + "Z" if note.read_at else None,
    }


@api_bp.get("/notifications")
@token_required
def list_notifications():
    notes = notifications.list_for(g.api_user)
    return jsonify(notifications=[notification_json(n) for n in notes], unread=notifications.unread_count(g.api_user))


@api_bp.post("/notifications/<int:notification_id>/read")
@token_required
def read_notification(notification_id: int):
    return jsonify(notification_json(notifications.mark_read(g.api_user, notification_id)))
