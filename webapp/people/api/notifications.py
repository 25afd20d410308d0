"""Notifications over the JSON API: what the account pages offer, for other systems."""

from flask import g
from marshmallow import fields

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.schemas import REFUSALS, Moment, Out, Text, refusals
from webapp.people.services import notifications


class NotificationSchema(Out):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    message_en = Text()
    application_id = fields.Integer(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    link = Text()
    created_at = Moment()
    read_at = Moment()


class NotificationListSchema(Out):
    notifications = fields.List(fields.Nested(NotificationSchema))
    unread = fields.Integer()


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
@api_bp.response(200, NotificationListSchema)
@refusals(*REFUSALS)
@token_required
def list_notifications():
    """The caller's notifications, newest first"""
    notes = notifications.list_for(g.api_user)
    return {"notifications": [notification_json(n) for n in notes], "unread": notifications.unread_count(g.api_user)}


@api_bp.post("/notifications/<int:notification_id>/read")
@api_bp.response(200, NotificationSchema)
@refusals(*REFUSALS)
@token_required
def read_notification(notification_id: int):
    """Mark one notification read"""
    return notification_json(notifications.mark_read(g.api_user, notification_id))
