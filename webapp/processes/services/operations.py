"""Administrators act on process instances: retry one in error, suspend, resume, terminate.

Each action is one transaction with the instance row locked from the check to the commit, a
reason the administrator gave, and an audit entry saying who did what and why. An action the
instance's status does not allow (resuming a running one, terminating a completed one) is a
Conflict: nothing changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.labels import status_label
from webapp.models import Application, HumanTask, ProcessInstance, TaskState, User
from webapp.models.process import InstanceStatus
from webapp.processes.services import instances
from workflows.engine import runner

log = logging.getLogger(__name__)

REASON_MAX = 500

# Which statuses each action may start from.
ALLOWED_FROM = {
    "retry": (InstanceStatus.ERROR,),
    "suspend": (InstanceStatus.RUNNING,),
    "resume": (InstanceStatus.SUSPENDED,),
    "terminate": (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED, InstanceStatus.ERROR),
}
# Written as calls so that `make messages` extracts each message for translation.
REFUSALS = {
    "retry": lambda status: Conflict(
        "Only an instance in error can be retried; this one is %(status)s.", status=status
    ),
    "suspend": lambda status: Conflict(
        "Only a running instance can be suspended; this one is %(status)s.", status=status
    ),
    "resume": lambda status: Conflict(
        "Only a suspended instance can be resumed; this one is %(status)s.", status=status
    ),
    "terminate": lambda status: Conflict(
        "This instance has already ended (%(status)s); it cannot be terminated.", status=status
    ),
}
APPLICATION_TERMINATED = "terminated"


@dataclass(frozen=True)
class RetryOutcome:
    instance: ProcessInstance
    recovered: bool
    error: str | None = None


def allowed_actions(instance: ProcessInstance) -> list[str]:
    return [action for action, statuses in ALLOWED_FROM.items() if instance.status in statuses]


def suspend_instance(user: User, instance_id: int, reason: str) -> ProcessInstance:
    """Stop the case where it is: the worker skips it, and departments are refused its steps."""
    with _one_transaction():
        instance, reason = _lock_for(user, instance_id, "suspend", reason)
        instance.status = InstanceStatus.SUSPENDED
        _record(user, "instance.suspended", instance, reason, previous=InstanceStatus.RUNNING)
    return instance


def resume_instance(user: User, instance_id: int, reason: str) -> ProcessInstance:
    """Back to running; a timer that fell due meanwhile fires on the worker's next round."""
    with _one_transaction():
        instance, reason = _lock_for(user, instance_id, "resume", reason)
        instance.status = InstanceStatus.RUNNING
        _record(user, "instance.resumed", instance, reason, previous=InstanceStatus.SUSPENDED)
    return instance


def terminate_instance(user: User, instance_id: int, reason: str) -> ProcessInstance:
    """End the case for good: its open steps are cancelled with the reason, the application terminated."""
    with _one_transaction():
        instance, reason = _lock_for(user, instance_id, "terminate", reason)
        previous = instance.status
        now = calendar.now_utc()
        cancelled = []
        open_tasks = db.session.scalars(
            select(HumanTask).where(HumanTask.instance_id == instance.id, HumanTask.state == TaskState.OPEN)
        )
        for task in open_tasks:
            task.state, task.completed_at, task.comment = TaskState.CANCELLED, now, reason
            cancelled.append(task.step)
        instance.status = InstanceStatus.TERMINATED
        instance.next_timer_due = None
        application = _application_of(instance)
        if application is not None:
            application.status = APPLICATION_TERMINATED
            application.closed_at = now
        _record(user, "instance.terminated", instance, reason, previous=previous, cancelled=cancelled)
    return instance


def retry_instance(user: User, instance_id: int, reason: str) -> RetryOutcome:
    """Run the engine again from the saved state: the tasks that failed, then the due timers.

    If it works the instance is running again (or completed, if that was its last step). If it
    fails again the saved state stays as it was, the instance stays in error, and the new failure
    is recorded (`instance.retry_failed`) for the instance's page to show.
    """
    with _one_transaction():
        instance, reason = _lock_for(user, instance_id, "retry", reason)
        application = _application_of(instance)
        try:
            version, workflow = instances.load(instance)
            runner.retry(workflow)
        except SQLAlchemyError:
            raise
        except Exception as exc:  # the engine's failure is the answer here, not a crash
            log.info("retry of instance %s failed: %s", instance.id, exc)
            _record(user, "instance.retry_failed", instance, reason, **failure_details(exc))
            return RetryOutcome(instance, recovered=False, error=str(exc))
        instances.save(instance, version, workflow, application)
        if instance.status != InstanceStatus.COMPLETED:
            instance.status = InstanceStatus.RUNNING
        _record(user, "instance.retried", instance, reason, previous=InstanceStatus.ERROR, status=instance.status)
    return RetryOutcome(instance, recovered=True)


def failure_details(exc: Exception) -> dict:
    """What an audit entry keeps of an engine failure: the message, the task, its BPMN id, the line."""
    return {
        "error": str(exc),
        "task": getattr(exc, "task_name", None),
        "element": getattr(exc, "element", None),
        "line": getattr(exc, "line", None),
        "kind": type(exc).__name__,
    }


def _one_transaction():
    return unit_of_work("This instance changed at the same moment; reload and try again.")


def _lock_for(user: User, instance_id: int, action: str, reason: str) -> tuple[ProcessInstance, str]:
    if user is None or not user.is_admin:
        raise PermissionDenied("Only administrators may act on process instances.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Give a reason for this action.", {"reason": ["Give a reason for this action."]})
    if len(reason) > REASON_MAX:
        raise Invalid("The reason may be at most %(max)s characters.", max=REASON_MAX)
    instance = instances.lock(instance_id)
    if instance is None:
        raise NotFound("No such process instance.")
    if instance.status not in ALLOWED_FROM[action]:
        raise REFUSALS[action](status_label(instance.status))
    return instance, reason


def _application_of(instance: ProcessInstance) -> Application | None:
    return db.session.scalar(select(Application).where(Application.instance_id == instance.id))


def _record(user: User, action: str, instance: ProcessInstance, reason: str, **data) -> None:
    application_id = db.session.scalar(select(Application.id).where(Application.instance_id == instance.id))
    audit.record(user, action, instance, application_id, {"instance_id": instance.id, "reason": reason, **data})
