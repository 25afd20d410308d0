"""Department staff (and applicants answering a correction) take and complete their tasks."""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.documents.services import issuing
from webapp.extensions import db
from webapp.labels import amount, status_label
from webapp.models import Application, AuditEntry, HumanTask, ProcessInstance, TaskState, User
from webapp.models.application import DECISION_STEP
from webapp.services import audit, calendar, case_work, dissent, instances, notifications
from webapp.services.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.services.transaction import unit_of_work
from workflows.engine import FormRejected, ScriptRejected, TaskNotReady, runner
from workflows.engine.definitions import StepInfo
from workflows.engine.fields import to_json

# What a task list shows of each task, loaded with it rather than one query per row.
TASK_LIST_LOADS = (
    selectinload(HumanTask.application).joinedload(Application.enterprise),
    joinedload(HumanTask.department),
    joinedload(HumanTask.claimed_by),
    joinedload(HumanTask.completed_by),
)


def can_act_on(user: User, task: HumanTask) -> bool:
    """Who may claim or complete a task: its department's staff, or the applicant for their own."""
    if task.for_applicant:
        return (
            user.is_applicant
            and task.application is not None
            and (task.application.enterprise_id == user.enterprise_id)
        )
    return user.is_staff and user.department_id is not None and user.department_id == task.department_id


def get_task(user: User, task_id: int) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("No such task.")
    if not (can_act_on(user, task) or (task.application and task.application.can_view(user))):
        raise PermissionDenied("This task belongs to another department.")
    return task


def step_version(task: HumanTask):
    return instances.version_of(task.instance.definition)


def step_of(task: HumanTask) -> StepInfo:
    return step_version(task).steps[task.step]


def form_defaults(task: HumanTask) -> dict:
    """Where a form starts: a correction starts from the application as it stands."""
    if task.for_applicant and task.application is not None and task.is_open:
        return dict(task.application.data)
    return {}


def correction_notice(task: HumanTask) -> dict | None:
    """For an applicant's open task: the latest itemised notice a department sent back."""
    if not (task.for_applicant and task.is_open and task.application is not None):
        return None
    for earlier in reversed(task.application.tasks):
        if earlier.decision == "return" and earlier.data:
            return {
                "items": earlier.data.get("correction_items"),
                "from_step": earlier.step,
                "at": earlier.completed_at.isoformat() + "Z" if earlier.completed_at else None,
            }
    return None


def open_tasks(user: User, application_id: int | None = None, limit: int = 100, offset: int = 0):
    """The caller's open tasks, oldest first, and how many there are in all."""
    query = select(HumanTask).where(HumanTask.state == TaskState.OPEN)
    if user.is_applicant:
        query = query.where(
            HumanTask.for_applicant.is_(True), HumanTask.application.has(enterprise_id=user.enterprise_id)
        )
    elif user.is_staff:
        query = query.where(HumanTask.department_id == user.department_id)
    else:
        return [], 0
    if application_id is not None:
        query = query.where(HumanTask.application_id == application_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.options(*TASK_LIST_LOADS).order_by(HumanTask.id).limit(limit).offset(offset)
    return list(db.session.scalars(page)), total


def completed_tasks(user: User) -> list[HumanTask]:
    query = (
        select(HumanTask)
        .options(*TASK_LIST_LOADS)
        .where(HumanTask.completed_by_id == user.id, HumanTask.state == TaskState.COMPLETED)
        .order_by(HumanTask.completed_at.desc())
    )
    return list(db.session.scalars(query.limit(500)))


def claim_task(user: User, task_id: int) -> HumanTask:
    task = actionable_task(user, task_id)
    if task.claimed_by_id not in (None, user.id):
        raise Conflict("Already claimed by %(name)s.", name=task.claimed_by.display_name)
    with unit_of_work("Someone claimed this task at the same moment."):
        task.claimed_by_id = user.id
        audit.record(user, "task.claimed", task, task.application_id)
    return task


def unclaim_task(user: User, task_id: int) -> HumanTask:
    task = actionable_task(user, task_id, needs_running=False)  # letting go of a task is always allowed
    if task.claimed_by_id != user.id:
        raise Conflict("You have not claimed this task.")
    with unit_of_work():
        task.claimed_by_id = None
        audit.record(user, "task.unclaimed", task, task.application_id)
    return task


def can_reassign(user: User, task: HumanTask) -> bool:
    """The department head may hand out any open task of the department; staff, the one they claimed."""
    if not (task.is_open and not task.for_applicant and can_act_on(user, task)):
        return False
    return user.is_head or task.claimed_by_id == user.id


def reassign_task(user: User, task_id: int, colleague_id: int, reason: str) -> HumanTask:
    """Give an open task to a colleague of its department, with the reason on the audit trail."""
    task = actionable_task(user, task_id, needs_running=False)  # who holds it changes nothing in the case
    if not can_reassign(user, task):
        raise PermissionDenied("Only the department head, or the colleague who claimed it, may reassign this task.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the task is reassigned.", {"reason": [gettext("Say why the task is reassigned.")]})
    colleague = db.session.get(User, colleague_id)
    if colleague is None or not colleague.is_staff or colleague.department_id != task.department_id:
        raise PermissionDenied("A task can only be given to a colleague in its own department.")
    if not colleague.active:
        raise Conflict("%(name)s's account is deactivated.", name=colleague.display_name)
    if colleague.id == task.claimed_by_id:
        raise Conflict("%(name)s already holds this task.", name=colleague.display_name)
    previous = task.claimed_by
    with unit_of_work("Someone changed this task at the same moment; reload and retry."):
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


def complete_task(user: User, task_id: int, data: dict, dissent_reason: str | None = None) -> HumanTask:
    """Complete one step with validated form data: engine state, task rows and audit in one commit.

    Approving over an assisting department's 不同意 needs `dissent_reason`, kept with the step's data.
    """
    task = actionable_task(user, task_id)
    if task.claimed_by_id not in (None, user.id):
        raise Conflict("Claimed by %(name)s; ask them to release it.", name=task.claimed_by.display_name)
    overruled = dissent.checked_reason(task, data, dissent_reason)
    with unit_of_work("This case changed while you were working on it; reload and try again."):
        version, workflow = instances.load(task.instance)
        step = version.steps[task.step]
        try:
            runner.complete(workflow, version, task.spiff_task_id, data)
        except TaskNotReady as exc:
            raise Conflict("This task was already completed.") from exc
        except FormRejected as exc:
            raise Invalid("The form has errors.", _form_errors(exc)) from exc
        except ScriptRejected as exc:
            raise Invalid(str(exc), {"_process": [str(exc)]}) from exc
        stored = to_json(step.fields, data)
        if overruled:
            stored[dissent.REASON_FIELD] = overruled  # internal: not a field the applicant is shown
        task.state = TaskState.COMPLETED
        task.completed_at = calendar.now_utc()
        task.completed_by_id = user.id
        task.decision = data.get("decision") or ("submit" if task.for_applicant else None)
        task.data = stored
        if task.for_applicant and task.application is not None:
            _apply_correction(task, stored)
        instances.save(task.instance, version, workflow, task.application)
        audit.record(user, "task.completed", task, task.application_id, {"step": task.step, **stored})
        case_work.copy_on_completion(task, step, user)
        _tell_applicant_of_decision(task)
        issuing.issue_for_step(task, user)
    return task


def _tell_applicant_of_decision(task: HumanTask) -> None:
    """The applicant hears of the decision, and of a case that ended at any other step (e.g. refused)."""
    application = task.application
    if application is None or task.for_applicant:
        return
    if task.step != DECISION_STEP and task.instance.status != "completed":
        return
    zh_label, en_label = notifications.in_both_languages(status_label, application.status)
    notifications.notify(
        application.applicant,
        "decision",
        f"您的申请 {application.number} 已有决定：{zh_label}。",
        f"A decision was made on your application {application.number}: {en_label}.",
        application=application,
    )


def _apply_correction(task: HumanTask, stored: dict) -> None:
    application = task.application
    fields = set(application.data)
    application.data = {**application.data, **{k: v for k, v in stored.items() if k in fields}}
    if "amount_requested" in stored:
        application.amount_requested = stored["amount_requested"]


def _form_errors(exc: FormRejected) -> dict:
    if isinstance(exc, runner.AmountOverCap):
        message = gettext(
            "The most allowed here is %(cap)s yuan (%(basis)s); you entered %(amount)s.",
            amount=amount(exc.amount),
            cap=amount(exc.cap),
            basis=exc.basis,
        )
        return {exc.field: [message]}
    return exc.errors


def actionable_task(user: User, task_id: int, needs_running: bool = True) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("No such task.")
    if not can_act_on(user, task):
        raise PermissionDenied("This task belongs to another department; you cannot act on it.")
    if needs_running:
        _ensure_running(task.instance)
    if task.state != TaskState.OPEN:
        raise Conflict("This task was already completed.")
    return task


def _ensure_running(instance: ProcessInstance) -> None:
    """No step is taken on a case an administrator has suspended or ended.

    An instance in "error" is let through: its failure was a timer's or a script's, and a
    department completing the step the timer guarded is one way for the case to move on.
    """
    if instance.status == "suspended":
        raise Conflict("This case is suspended by an administrator; no step can be taken until it is resumed.")
    if instance.status == "terminated":
        raise Conflict("This case was terminated by an administrator; its steps can no longer be taken.")
    if instance.status == "withdrawn":
        raise Conflict("This case was withdrawn by the applicant; its steps can no longer be taken.")
