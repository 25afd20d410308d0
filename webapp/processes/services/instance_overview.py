"""What administrators read about process instances: the filtered list, and one instance in full.

The list is plain indexed queries (status, the open task rows, the definition's key) and never
deserializes an instance; the page of one instance loads its saved state once, for the data it
holds and the elements that have run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.extensions import db
from webapp.models import Application, AuditEntry, Department, HumanTask, ProcessDefinition, ProcessInstance, TaskState
from webapp.models.process import InstanceStatus
from webapp.processes.services import instances
from workflows.engine import runner
from workflows.working_days import BEIJING

log = logging.getLogger(__name__)

PAGE_SIZE = 50
INSTANCE_STATUSES = tuple(InstanceStatus)
# Audit actions that say why an instance is in "error"; the latest one is shown.
FAILURE_ACTIONS = ("timer.failed", "instance.retry_failed")
AUDIT_SHOWN = 500


@dataclass(frozen=True)
class InstanceFilters:
    program: str | None = None  # a process key
    status: str | None = None
    department: str | None = None  # the code of a department holding an open task
    started_from: date | None = None  # Beijing dates, both ends included
    started_to: date | None = None
    errored_only: bool = False


@dataclass
class InstanceRow:
    instance: ProcessInstance
    application: Application | None
    open_tasks: list[HumanTask]


@dataclass
class InstancePage:
    rows: list[InstanceRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Failure:
    """Why an instance is in "error", from the audit entry that recorded it."""

    message: str
    task: str | None
    element: str | None
    line: int | None
    at: datetime
    action: str


@dataclass
class InstanceDetail:
    instance: ProcessInstance
    application: Application | None
    tasks: list[HumanTask]
    data: list[tuple[str, object]]
    audit: list[AuditEntry]
    failure: Failure | None = None
    data_problem: str | None = None
    done_ids: list[str] = field(default_factory=list)
    active_ids: list[str] = field(default_factory=list)
    error_ids: list[str] = field(default_factory=list)


def filter_choices() -> tuple[list[str], list[Department]]:
    """The process keys and the departments the list can be filtered by."""
    keys = list(db.session.scalars(select(ProcessDefinition.key).distinct().order_by(ProcessDefinition.key)))
    departments = list(db.session.scalars(select(Department).order_by(Department.code)))
    return keys, departments


def list_instances(user, filters: InstanceFilters, page: int = 1, per_page: int = PAGE_SIZE) -> InstancePage:
    """One page of instances, newest first, with how many match in all; a page past the end shows the last."""
    _ensure_admin(user)
    conditions = _conditions(filters)
    base = (
        select(ProcessInstance, Application)
        .join(ProcessInstance.definition)
        .outerjoin(Application, Application.instance_id == ProcessInstance.id)
        .where(*conditions)
    )
    total = db.session.scalar(
        select(func.count(ProcessInstance.id)).join(ProcessInstance.definition).where(*conditions)
    )
    listing = InstancePage([], total, 1, per_page)
    listing.page = min(max(1, page), listing.pages)
    query = (
        base.options(joinedload(ProcessInstance.definition), joinedload(Application.enterprise))
        .order_by(ProcessInstance.id.desc())
        .limit(per_page)
        .offset((listing.page - 1) * per_page)
    )
    found = db.session.execute(query).all()
    open_tasks = _open_tasks([instance.id for instance, _ in found])
    listing.rows = [InstanceRow(i, a, open_tasks.get(i.id, [])) for i, a in found]
    return listing


def _conditions(filters: InstanceFilters) -> list:
    if filters.status is not None and filters.status not in INSTANCE_STATUSES:
        raise Invalid("“%(status)s” is not an instance status.", status=filters.status)
    conditions = []
    if filters.program:
        conditions.append(ProcessDefinition.key == filters.program)
    if filters.status:
        conditions.append(ProcessInstance.status == filters.status)
    if filters.errored_only:
        conditions.append(ProcessInstance.status == InstanceStatus.ERROR)
    if filters.department:
        holding = (
            select(HumanTask.instance_id)
            .join(HumanTask.department)
            .where(HumanTask.state == TaskState.OPEN, Department.code == filters.department)
        )
        conditions.append(ProcessInstance.id.in_(holding))
    if filters.started_from:
        conditions.append(ProcessInstance.created_at >= _utc_start_of(filters.started_from))
    if filters.started_to:
        conditions.append(ProcessInstance.created_at < _utc_start_of(filters.started_to + timedelta(days=1)))
    return conditions


def _utc_start_of(day: date) -> datetime:
    """Midnight in Beijing, as the naive UTC the rows store."""
    return datetime.combine(day, time(), BEIJING).astimezone(UTC).replace(tzinfo=None)


def _open_tasks(instance_ids: list[int]) -> dict[int, list[HumanTask]]:
    if not instance_ids:
        return {}
    query = (
        select(HumanTask)
        .options(joinedload(HumanTask.department))
        .where(HumanTask.instance_id.in_(instance_ids), HumanTask.state == TaskState.OPEN)
        .order_by(HumanTask.id)
    )
    found: dict[int, list[HumanTask]] = {}
    for task in db.session.scalars(query):
        found.setdefault(task.instance_id, []).append(task)
    return found


def instance_detail(user, instance_id: int) -> InstanceDetail:
    """Everything about one instance: its steps, its data, its audit trail and, if it failed, why."""
    _ensure_admin(user)
    instance = db.session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound("No such process instance.")
    application = db.session.scalar(
        select(Application).options(joinedload(Application.enterprise)).where(Application.instance_id == instance.id)
    )
    tasks = list(
        db.session.scalars(
            select(HumanTask)
            .options(
                joinedload(HumanTask.department), joinedload(HumanTask.claimed_by), joinedload(HumanTask.completed_by)
            )
            .where(HumanTask.instance_id == instance.id)
            .order_by(HumanTask.id)
        )
    )
    detail = InstanceDetail(instance, application, tasks, [], _audit_of(instance, application, tasks))
    detail.active_ids = list(dict.fromkeys(t.step for t in tasks if t.state == TaskState.OPEN))
    _read_state(detail)
    if instance.status == InstanceStatus.ERROR:
        detail.failure = _latest_failure(instance)
        if detail.failure is not None:
            element = detail.failure.element or _element_named(instance, detail.failure.task)
            detail.error_ids = [element] if element else []
    return detail


def _read_state(detail: InstanceDetail) -> None:
    """The saved state's data and the elements that have run; a state that cannot load is said, not a 500."""
    try:
        _version, workflow = instances.load(detail.instance)
        data = runner.latest_data(workflow)
        detail.done_ids = runner.completed_elements(workflow)
    except Exception as exc:  # the page exists to look at broken instances
        log.warning("instance %s: saved state unreadable: %s", detail.instance.id, exc, exc_info=True)
        detail.data_problem = f"{type(exc).__name__}: {exc}"
        return
    detail.data = sorted(data.items(), key=lambda item: str(item[0]))


def _audit_of(instance: ProcessInstance, application: Application | None, tasks: list[HumanTask]) -> list[AuditEntry]:
    about = [and_(AuditEntry.subject_type == ProcessInstance.__tablename__, AuditEntry.subject_id == instance.id)]
    if tasks:
        task_ids = [t.id for t in tasks]
        about.append(and_(AuditEntry.subject_type == HumanTask.__tablename__, AuditEntry.subject_id.in_(task_ids)))
    if application is not None:
        about.append(AuditEntry.application_id == application.id)
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(or_(*about))
        .order_by(AuditEntry.at, AuditEntry.id)
        .limit(AUDIT_SHOWN)
    )
    return list(db.session.scalars(query))


def _latest_failure(instance: ProcessInstance) -> Failure | None:
    entry = db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.subject_type == ProcessInstance.__tablename__,
            AuditEntry.subject_id == instance.id,
            AuditEntry.action.in_(FAILURE_ACTIONS),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None:
        return None
    data = entry.data or {}
    return Failure(
        message=str(data.get("error") or ""),
        task=data.get("task"),
        element=data.get("element"),
        line=data.get("line"),
        at=entry.at,
        action=entry.action,
    )


def _element_named(instance: ProcessInstance, name: str | None) -> str | None:
    """The BPMN id of the task a failure names, for entries written before they carried it."""
    if not name:
        return None
    try:
        specs = instances.version_of(instance.definition).spec.task_specs.values()
    except Exception:  # a definition that no longer parses: no mark, the message still shows
        return None
    for spec in specs:
        if name in (spec.bpmn_name, spec.name) and spec.bpmn_id:
            return spec.bpmn_id
    return None


def _ensure_admin(user) -> None:
    if user is None or not user.is_admin:
        raise PermissionDenied("Only administrators may look at process instances.")
