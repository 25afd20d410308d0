"""Extending a step's time limit: the holder asks for N more working days, the department head decides.

On approval `due_at` and `remind_at` move by N working days (the calendar's holidays counted),
the reminder and escalation flags are cleared if their moment is now ahead again, and the
applicant's timeline says so. A deemed agreement on an assisting step stays a BPMN timer and
does not move (see docs/architecture.md).
"""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.models import DeadlineExtension, HumanTask, User
from webapp.models._columns import utcnow
from webapp.people.services import notifications

MAX_DAYS = 60


def can_request(user: User, task: HumanTask) -> bool:
    return (
        task.is_open
        and task.due_at is not None
        and not task.for_applicant
        and user.is_staff
        and user.department_id == task.department_id
        and task.claimed_by_id == user.id
    )


def request_extension(user: User, task_id: int, days: int, reason: str) -> DeadlineExtension:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("No such task.")
    if not (user.is_staff and user.department_id == task.department_id):
        raise PermissionDenied("This task belongs to another department; you cannot act on it.")
    if not can_request(user, task):
        raise Conflict("Only the holder of an open step with a time limit may ask for an extension; claim it first.")
    reason = (reason or "").strip()
    errors = {}
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = [gettext("Between 1 and 60 working days.")]
    if not reason:
        errors["reason"] = [gettext("Say why the time limit should be extended.")]
    if errors:
        raise Invalid("The form has errors.", errors)
    if _pending(task.id) is not None:
        raise Conflict("An extension of this step is already waiting for the head's decision.")
    with unit_of_work():
        extension = DeadlineExtension(task_id=task.id, requested_by_id=user.id, days=days, reason=reason)
        db.session.add(extension)
        db.session.flush()
        audit.record(user, "extension.requested", extension, task.application_id, {"days": days, "reason": reason})
        number = task.application.number if task.application else ""
        notifications.notify_all(
            notifications.department_heads(task.department_id),
            "extension_requested",
            f"{user.display_name} 申请将「{task.title}」（{number}）延期 {days} 个工作日：{reason}",
            f"{user.display_name} asks to extend “{task.title_en or task.title}” ({number}) by {days} working days: "
            f"{reason}",
            application=task.application,
            link="/tasks/department",
        )
    return extension


def pending_for(user: User) -> list[DeadlineExtension]:
    """The requests a head has to decide: those of their department's open steps."""
    if not user.is_head:
        return []
    query = (
        select(DeadlineExtension)
        .join(HumanTask, DeadlineExtension.task_id == HumanTask.id)
        .where(DeadlineExtension.status == "pending", HumanTask.department_id == user.department_id)
        .order_by(DeadlineExtension.id)
    )
    return list(db.session.scalars(query))


def decide_extension(user: User, extension_id: int, approve: bool, note: str | None = None) -> DeadlineExtension:
    extension = db.session.get(DeadlineExtension, extension_id)
    if extension is None:
        raise NotFound("No such request.")
    task = extension.task
    if not (user.is_head and user.department_id == task.department_id):
        raise PermissionDenied("Only the head of the department may decide an extension.")
    if extension.status != "pending":
        raise Conflict("This request was already decided.")
    if approve and not task.is_open:
        raise Conflict("This step is closed; there is nothing to extend.")
    with unit_of_work("Someone changed this step at the same moment; reload and retry."):
        extension.status = "approved" if approve else "refused"
        extension.decided_by_id, extension.decided_at = user.id, utcnow()
        extension.decision_note = (note or "").strip() or None
        if approve:
            _move_deadline(task, extension)
        audit.record(
            user,
            f"extension.{extension.status}",
            extension,
            task.application_id,
            {
                "step": task.step,
                "days": extension.days,
                "reason": extension.reason,
                "note": extension.decision_note,
                "due_at": extension.new_due_at.isoformat() + "Z" if extension.new_due_at else None,
            },
        )
        _tell_requester(extension, task, approve)
    return extension


def _move_deadline(task: HumanTask, extension: DeadlineExtension) -> None:
    now = calendar.now_utc()
    extension.previous_due_at = task.due_at
    task.due_at, estimated = calendar.deadline_after(task.due_at, extension.days)
    task.due_is_estimate = task.due_is_estimate or estimated
    extension.new_due_at = task.due_at
    if task.remind_at is not None:  # as many working days before the new due date as before the old one
        before = calendar.current_calendar().working_days_between(
            calendar.beijing_today(task.remind_at), calendar.beijing_today(extension.previous_due_at)
        )
        task.remind_at = calendar.reminder_before(task.due_at, before)
    if task.remind_at is not None and task.remind_at > now:
        task.reminded_at = None
    if task.due_at > now:
        task.escalated_at = None


def _tell_requester(extension: DeadlineExtension, task: HumanTask, approve: bool) -> None:
    number = task.application.number if task.application else ""
    if approve:
        zh = f"「{task.title}」（{number}）延期 {extension.days} 个工作日已批准。"
        title = task.title_en or task.title
        en = f"The extension of “{title}” ({number}) by {extension.days} working days was approved."
    else:
        zh = f"「{task.title}」（{number}）的延期申请未获批准。"
        en = f"The extension of “{task.title_en or task.title}” ({number}) was refused."
    if extension.decision_note:
        zh, en = f"{zh} {extension.decision_note}", f"{en} {extension.decision_note}"
    notifications.notify(extension.requested_by, "extension_decided", zh, en, application=task.application, task=task)


def extensions_of(application_id: int) -> list[DeadlineExtension]:
    query = (
        select(DeadlineExtension)
        .join(HumanTask, DeadlineExtension.task_id == HumanTask.id)
        .where(HumanTask.application_id == application_id, DeadlineExtension.status == "approved")
        .order_by(DeadlineExtension.id)
    )
    return list(db.session.scalars(query))


def _pending(task_id: int) -> DeadlineExtension | None:
    query = select(DeadlineExtension).where(DeadlineExtension.task_id == task_id, DeadlineExtension.status == "pending")
    return db.session.scalar(query)
