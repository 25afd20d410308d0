"""退回: the holder of an open step sends the case back to an earlier step (or to the applicant).

The engine rewinds (`rewind.send_back`); the open task rows it dropped are cancelled with the
reason, new rows appear for the step sent back to, and the audit entry, the notification and
the timeline say who sent it back, where, and why — one commit.
"""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from webapp.common import audit, transaction
from webapp.common.errors import Conflict, Invalid, PermissionDenied
from webapp.department_work.services.tasks import actionable_task, locked_task
from webapp.extensions import db
from webapp.models import AuditEntry, HumanTask, TaskState, User
from webapp.processes.services import instances
from workflows.engine import NotAnEarlierStep, TaskNotReady, rewind

REASON_MAX = 2000


def can_send_back(user: User, task: HumanTask) -> bool:
    """A department's staff holding (or free to take) one of its open steps."""
    return (
        task.is_open
        and not task.for_applicant
        and user.is_staff
        and user.department_id == task.department_id
        and task.claimed_by_id in (None, user.id)
    )


def targets(user: User, task: HumanTask) -> list[tuple[str, str]]:
    """(step name, title) of the steps this task may be sent back to; empty when it may not be."""
    if not can_send_back(user, task):
        return []
    version, workflow = instances.load(task.instance)
    try:
        names = rewind.earlier_steps(workflow, version, task.spiff_task_id)
    except TaskNotReady:
        return []
    return [(name, version.steps[name].title) for name in names if name != task.step]


def ensure_may_send_back(user: User, task_id: int) -> HumanTask:
    """Asked before the form is read: who may not send back is told so, not what the form wants."""
    task = actionable_task(user, task_id)
    if not can_send_back(user, task):
        raise PermissionDenied("Only the holder of this step may send the case back.")
    return task


def send_back(user: User, task_id: int, target_step: str, reason: str) -> HumanTask:
    ensure_may_send_back(user, task_id)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise Invalid("The form has errors.", {"reason": [gettext("Say why the case is sent back.")]})

    def send() -> HumanTask:
        task = locked_task(user, task_id)
        if not can_send_back(user, task):
            raise PermissionDenied("Only the holder of this step may send the case back.")
        return _rewind(user, task, target_step, reason)

    return transaction.run(send, "This case changed while you were sending it back; reload and try again.")


def _rewind(user: User, task: HumanTask, target_step: str, reason: str) -> HumanTask:
    version, workflow = instances.load(task.instance)
    if target_step == task.step:
        raise Invalid("The form has errors.", {"target": [gettext("Pick an earlier step.")]})
    try:
        rewind.send_back(workflow, version, task.spiff_task_id, target_step)
    except NotAnEarlierStep as exc:
        raise Invalid("The form has errors.", {"target": [gettext("Pick an earlier step.")]}) from exc
    except TaskNotReady as exc:
        raise Conflict("This task was already completed.") from exc
    open_before = _open_rows(task.instance_id)
    target_title = version.steps[target_step].title
    department = task.department.name_zh if task.department else task.lane
    instances.save(task.instance, version, workflow, task.application, why=f"{department}：{reason}")
    for row in open_before:
        if row.state == TaskState.CANCELLED:
            row.comment = reason
    audit.record(
        user,
        "task.sent_back",
        task,
        task.application_id,
        {
            "from_step": task.step,
            "to_step": target_step,
            "to_title": target_title,
            "department": task.department.code if task.department else None,
            "reason": reason,
            "cancelled": [row.step for row in open_before if row.state == TaskState.CANCELLED],
        },
    )
    return task


def history(application_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.application_id == application_id, AuditEntry.action == "task.sent_back")
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def _open_rows(instance_id: int) -> list[HumanTask]:
    query = select(HumanTask).where(HumanTask.instance_id == instance_id, HumanTask.state == TaskState.OPEN)
    return list(db.session.scalars(query))
