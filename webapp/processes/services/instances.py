"""Engine state ↔ database rows: load an instance, save it, and keep its task rows in step.

The saved state, the HumanTask rows and the application's status are written in the caller's
transaction, so a step is either fully recorded or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import or_, select

from webapp.common import locking
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.models import Application, Department, HumanTask, ProcessDefinition, ProcessInstance, TaskState
from webapp.models.process import InstanceStatus
from webapp.people.services import notifications
from workflows.engine import definitions, runner, state
from workflows.engine.definitions import APPLICANT_LANE, ProcessVersion

APPLICANT_LANES = {APPLICANT_LANE, "申请企业", "申请人"}


def version_of(definition: ProcessDefinition) -> ProcessVersion:
    bpmn, dmns = definition.sources()
    return definitions.load_version(bpmn, dmns)


def department_for_lane(lane: str) -> Department | None:
    """By code or Chinese name; failing that, by alias (a renamed department keeps its old name there)."""
    found = db.session.scalar(select(Department).where(or_(Department.code == lane, Department.name_zh == lane)))
    if found is not None or lane in APPLICANT_LANES:
        return found
    return next((d for d in db.session.scalars(select(Department)) if lane in (d.aliases or [])), None)


def lock(instance_id: int) -> ProcessInstance | None:
    """The instance row (after its application's: `locking`'s order), locked and read fresh."""
    return locking.lock_instance(instance_id)


def start(definition: ProcessDefinition, data: dict):
    version = version_of(definition)
    workflow = runner.start(version, data)
    instance = ProcessInstance(definition=definition, state="")
    db.session.add(instance)
    return instance, version, workflow


def load(instance: ProcessInstance):
    version = version_of(instance.definition)
    return version, state.load_state(instance.state, version, runner.SCRIPT_ENGINE)


def save(
    instance: ProcessInstance,
    version: ProcessVersion,
    workflow,
    application: Application | None,
    why: str | None = None,
    open_rows: list[HumanTask] | None = None,
) -> list[runner.ReadyStep]:
    """Write the state, sync the task rows and the application's status; `why` goes to the people
    told of the new steps (a send-back's reason). The steps now ready are returned.

    `open_rows`: the instance's open task rows, when the caller read them already (the timer
    worker reads a whole batch's in one query); by default they are read here."""
    # Read what the step's history tells (the end reached, a deadline's decision) before the
    # save prunes that history from the engine's tree.
    ready_steps = runner.ready_steps(workflow, version)
    timed_out = runner.timeouts(workflow)
    instance.next_timer_due = _naive(runner.next_timer_due(workflow))
    if workflow.is_completed():
        instance.status = InstanceStatus.COMPLETED
        instance.outcome = runner.outcome(workflow)
    elif instance.status == InstanceStatus.ERROR:
        instance.status = InstanceStatus.RUNNING  # a step completed after all: the worker may wake it again
    instance.state = state.dump_state(workflow)
    if instance.id is None:
        db.session.flush()  # a new instance: its task rows need its id (a saved one goes with them)
    ready = _sync_tasks(instance, version, ready_steps, timed_out, application, why, open_rows)
    if application is not None:
        _update_status(application, instance, version, ready)
    return ready_steps


def withdraw(instance: ProcessInstance, workflow, reason: str) -> list[HumanTask]:
    """Cancel the engine's instance and close its open task rows, each with the applicant's reason.

    Not `save`: a cancelled workflow counts as completed, and this one did not end by its model.
    """
    runner.cancel(workflow)
    instance.state = state.dump_state(workflow)
    instance.next_timer_due = None
    instance.status = InstanceStatus.WITHDRAWN
    rows = db.session.scalars(
        select(HumanTask).where(HumanTask.instance_id == instance.id, HumanTask.state == TaskState.OPEN)
    ).all()
    now = calendar.now_utc()
    for row in rows:
        row.state = TaskState.CANCELLED
        row.completed_at = now
        row.comment = reason
    return list(rows)


def _sync_tasks(
    instance, version, ready_steps, timed_out: dict, application, why: str | None = None, rows=None
) -> list[HumanTask]:
    ready = {r.task_id: r for r in ready_steps}
    if rows is None:
        rows = db.session.scalars(
            select(HumanTask).where(HumanTask.instance_id == instance.id, HumanTask.state == TaskState.OPEN)
        ).all()
    open_rows = {row.spiff_task_id: row for row in rows}
    arrived: list[HumanTask] = []
    for spiff_id, row in open_rows.items():
        if spiff_id not in ready:  # the engine moved on without a person: a deadline passed
            _close_without_a_person(row, version, timed_out.get(row.step))
    for spiff_id, item in ready.items():
        if spiff_id in open_rows:
            continue
        step = item.step
        for_applicant = step.lane in APPLICANT_LANES
        department = None if for_applicant else department_for_lane(step.lane)
        row = HumanTask(
            instance_id=instance.id,
            application_id=application.id if application is not None else None,
            application_number=application.number if application is not None else None,
            spiff_task_id=spiff_id,
            step=step.name,
            title=step.title,
            title_en=step.title_en,
            lane=step.lane,
            department_id=department.id if department else None,
            for_applicant=for_applicant,
            created_at=calendar.now_utc(),  # the moment its deadline and the case clock count from
        )
        set_deadline(row, step)
        db.session.add(row)
        open_rows[spiff_id] = row
        arrived.append(row)
    if arrived:
        db.session.flush()  # notifications link to the new rows
        for row in arrived:
            announce_arrival(row, application, why)
    return [open_rows[s] for s in ready]


def set_deadline(row: HumanTask, step) -> None:
    """Due at the end of the step's N-th working day; the holder is reminded some working days before.

    A reminder that would fall before the task arrived (a short time limit) is left out: the
    arrival notice says the same thing.
    """
    if not step.time_limit_days:
        return
    now = calendar.now_utc()
    row.due_at, row.due_is_estimate = calendar.deadline_after(now, step.time_limit_days)
    days = step.reminder_days if step.reminder_days is not None else current_app.config["REMINDER_WORKING_DAYS"]
    remind_at = calendar.reminder_before(row.due_at, days) if days else None
    row.remind_at = remind_at if remind_at is not None and remind_at > now else None


def announce_arrival(row: HumanTask, application: Application | None, why: str | None = None) -> None:
    """A new step is told to whoever must act: the department's staff, or the applicant (a correction)."""
    number = application.number if application is not None else ""
    if why:
        zh = f"办件 {number} 退回至「{row.title}」：{why}"
        en = f"Case {number} was sent back to “{row.title_en or row.title}”: {why}"
        people = notifications.people_for_task(row)
        notifications.notify_all(people, "sent_back", zh, en, application=application, task=row)
        return
    if row.for_applicant:
        zh = f"您的申请 {number} 需要您处理：「{row.title}」。"
        en = f"Your application {number} needs you: “{row.title_en or row.title}”."
        kind = "correction_requested"
    else:
        zh = f"新的待办：「{row.title}」（{number}）已到达本部门。"
        en = f"New task: “{row.title_en or row.title}” ({number}) has arrived in your department."
        kind = "task_arrived"
    notifications.notify_all(notifications.people_for_task(row), kind, zh, en, application=application, task=row)


def _close_without_a_person(row: HumanTask, version: ProcessVersion, timeout: dict | None) -> None:
    row.completed_at = calendar.now_utc()
    if timeout is None:
        row.state = TaskState.CANCELLED
        return
    # The model's timeout path decided for the step, e.g. 「逾期未提出意见，视为同意」.
    row.state = TaskState.COMPLETED
    step = version.steps.get(row.step)
    fields = {f.name for f in step.fields} if step else set()
    row.decision = timeout.get("decision")
    row.data = {k: v for k, v in timeout.items() if k in fields and isinstance(v, str | int | bool)}
    row.comment = str(timeout.get("opinion") or "")


def _update_status(
    application: Application, instance: ProcessInstance, version: ProcessVersion, ready: list[HumanTask]
) -> None:
    if instance.status == InstanceStatus.COMPLETED:
        application.status = instance.outcome or "completed"
        application.closed_at = calendar.now_utc()
        return
    # `version` is the instance's own (a migration sets `instance.definition` to it before saving).
    statuses = [version.steps[row.step].status for row in ready if row.step in version.steps]
    if statuses:
        application.status = statuses[0]


def _naive(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
