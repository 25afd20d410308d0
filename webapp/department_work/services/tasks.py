"""Department staff (and applicants answering a correction) take and complete their tasks."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.common import audit, locking, transaction
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.department_work.services import calendar, case_work, dissent, kept_counts
from webapp.documents.services import issuing
from webapp.extensions import db
from webapp.labels import amount, status_label
from webapp.models import Application, HumanTask, ProcessInstance, TaskState, User
from webapp.models.application import DECISION_STEP
from webapp.models.process import InstanceStatus
from webapp.money.services import commitments
from webapp.people.services import notifications
from webapp.processes.services import instances
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


# Turns what a caller sent into a step's validated data, or raises Invalid; see complete_task.
Validator = Callable[[HumanTask, StepInfo], dict]


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


def approved_amount(application: Application):
    """The amount the latest completed decision approved on the case, as stored; None if none did."""
    for task in sorted(application.tasks, key=lambda t: t.id, reverse=True):
        if task.state == TaskState.COMPLETED and (task.data or {}).get("approved_amount") not in (None, ""):
            return Decimal(str(task.data["approved_amount"]))
    return None


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
    total = kept_counts.kept_total(user.department_id) if user.is_staff and application_id is None else None
    if total is None:
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
    _ensure_claimable(user, actionable_task(user, task_id))

    def claim() -> HumanTask:
        task = _ensure_claimable(user, locked_task(user, task_id))
        task.claimed_by_id = user.id
        audit.record(user, "task.claimed", task, task.application_id)
        return task

    return transaction.run(claim, "Someone claimed this task at the same moment.")


def _ensure_claimable(user: User, task: HumanTask) -> HumanTask:
    if task.claimed_by_id not in (None, user.id):
        raise Conflict("Already claimed by %(name)s.", name=task.claimed_by.display_name)
    return task


def unclaim_task(user: User, task_id: int) -> HumanTask:
    actionable_task(user, task_id, needs_running=False)  # letting go of a task is always allowed

    def unclaim() -> HumanTask:
        task = locked_task(user, task_id, needs_running=False)
        if task.claimed_by_id != user.id:
            raise Conflict("You have not claimed this task.")
        task.claimed_by_id = None
        audit.record(user, "task.unclaimed", task, task.application_id)
        return task

    return transaction.run(unclaim)


def complete_task(user: User, task_id: int, data: dict | Validator, dissent_reason: str | None = None) -> HumanTask:
    """Complete one step: engine state, task rows and audit in one commit.

    `data` is the validated form data, or a validator that turns the request into it once the
    caller's right to act is established and the step is known: permission first, then
    validation, then the engine, with the process version resolved once.

    Parallel steps of one case (three departments' opinions at the same instant) queue at the
    instance's lock and are each applied to the state the one before left; only a task that was
    taken, completed or withdrawn meanwhile is refused (409). Approving over an assisting
    department's 不同意 needs `dissent_reason`, kept with the step's data.
    """
    _ensure_claimed_by(user, actionable_task(user, task_id))

    def complete() -> HumanTask:
        task = _ensure_claimed_by(user, locked_task(user, task_id))
        _apply_completion(user, task, data, dissent_reason)
        return task

    return transaction.run(
        complete, "This case changed while you were working on it; reload and try again.", keep_loaded=True
    )


def _ensure_claimed_by(user: User, task: HumanTask) -> HumanTask:
    if task.claimed_by_id not in (None, user.id):
        raise Conflict("Claimed by %(name)s; ask them to release it.", name=task.claimed_by.display_name)
    return task


def _apply_completion(user: User, task: HumanTask, data: dict | Validator, dissent_reason: str | None) -> None:
    version, workflow = instances.load(task.instance)
    step = version.steps[task.step]
    if callable(data):
        data = data(task, step)
    overruled = dissent.checked_reason(task, data, dissent_reason)
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
    commitments.on_step_completed(user, task, stored)  # an approval commits, a disbursement pays
    audit.record(user, "task.completed", task, task.application_id, {"step": task.step, **stored})
    case_work.copy_on_completion(task, step, user)
    _tell_applicant_of_decision(task)
    issuing.issue_for_step(task, user)


def _tell_applicant_of_decision(task: HumanTask) -> None:
    """The applicant hears of the decision, and of a case that ended at any other step (e.g. refused)."""
    application = task.application
    if application is None or task.for_applicant:
        return
    if task.step != DECISION_STEP and task.instance.status != InstanceStatus.COMPLETED:
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
    """The task, if the user may act on it now (read without a lock: the early refusal)."""
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("No such task.")
    return _ensure_actionable(user, task, needs_running)


def locked_task(user: User, task_id: int, needs_running: bool = True) -> HumanTask:
    """The task locked (application → instance → task) and checked again: what the step acts on."""
    task = locking.lock_task(task_id)
    if task is None:
        raise NotFound("No such task.")
    return _ensure_actionable(user, task, needs_running)


def _ensure_actionable(user: User, task: HumanTask, needs_running: bool) -> HumanTask:
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
    if instance.status == InstanceStatus.SUSPENDED:
        raise Conflict("This case is suspended by an administrator; no step can be taken until it is resumed.")
    if instance.status == InstanceStatus.TERMINATED:
        raise Conflict("This case was terminated by an administrator; its steps can no longer be taken.")
    if instance.status == InstanceStatus.WITHDRAWN:
        raise Conflict("This case was withdrawn by the applicant; its steps can no longer be taken.")
