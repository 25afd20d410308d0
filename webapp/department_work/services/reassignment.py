"""A task changes hands: the head hands out any open task of the department, staff the one they hold.

Who holds a task changes nothing in the case, so a reassignment does not need the case running;
it locks the task (after its application and instance) like every other change of a task.
"""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from webapp.common import audit, transaction
from webapp.common.errors import Conflict, Invalid, PermissionDenied
from webapp.department_work.services.tasks import actionable_task, can_act_on, locked_task
from webapp.extensions import db
from webapp.models import AuditEntry, HumanTask, User
from webapp.people.services import notifications


def can_reassign(user: User, task: HumanTask) -> bool:
    """The department head may hand out any open task of the department; staff, the one they claimed."""
    if not (task.is_open and not task.for_applicant and can_act_on(user, task)):
        return False
    return user.is_head or task.claimed_by_id == user.id


def ensure_may_reassign(user: User, task_id: int) -> HumanTask:
    """Asked before the form is read: who may not reassign is told so, not what the form wants."""
    task = actionable_task(user, task_id, needs_running=False)  # who holds it changes nothing in the case
    if not can_reassign(user, task):
        raise PermissionDenied("Only the department head, or the colleague who claimed it, may reassign this task.")
    return task


def reassign_task(user: User, task_id: int, colleague_id: int, reason: str) -> HumanTask:
    """Give an open task to a colleague of its department, with the reason on the audit trail."""
    task = ensure_may_reassign(user, task_id)
    reason = (reason or "").strip()
    colleague = _check_reassignment(user, task, colleague_id, reason)

    def reassign() -> HumanTask:
        task = locked_task(user, task_id, needs_running=False)
        _check_reassignment(user, task, colleague_id, reason)
        previous = task.claimed_by
        task.claimed_by_id = colleague.id
        data = {"step": task.step, "from": previous.username if previous else None, "to": colleague.username}
        audit.record(user, "task.reassigned", task, task.application_id, {**data, "reason": reason})
        number = task.application.number if task.application else ""
        notifications.notify(
            colleague,
            "task_reassigned",
            f"{user.display_name} 将「{task.title}」（{number}）交给您办理：{reason}",
            f"{user.display_name} gave you “{task.title_en or task.title}” ({number}): {reason}",
            application=task.application,
            task=task,
        )
        return task

    return transaction.run(reassign, "Someone changed this task at the same moment; reload and retry.")


def _check_reassignment(user: User, task: HumanTask, colleague_id: int, reason: str) -> User:
    if not can_reassign(user, task):
        raise PermissionDenied("Only the department head, or the colleague who claimed it, may reassign this task.")
    if not reason:
        raise Invalid("Say why the task is reassigned.", {"reason": [gettext("Say why the task is reassigned.")]})
    colleague = db.session.get(User, colleague_id)
    if colleague is None or not colleague.is_staff or colleague.department_id != task.department_id:
        raise PermissionDenied("A task can only be given to a colleague in its own department.")
    if not colleague.active:
        raise Conflict("%(name)s's account is deactivated.", name=colleague.display_name)
    if colleague.id == task.claimed_by_id:
        raise Conflict("%(name)s already holds this task.", name=colleague.display_name)
    return colleague


def last_reassignment(task: HumanTask) -> AuditEntry | None:
    """Who last gave this task to its holder, and why (shown on the task page)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.subject_type == HumanTask.__tablename__, AuditEntry.subject_id == task.id)
        .where(AuditEntry.action == "task.reassigned")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)
