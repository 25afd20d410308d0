"""Administrators move unfinished instances to another version of their process.

The preview asks the engine (workflows/engine/migration.py) for every unfinished instance of the
process that is not on the target version; moving one is the same check again, with the row
locked, then the migration, the saved state pointing at the target, the task rows re-synced and
an audit entry (from → to, by whom) in one transaction. Moving back is the same with an older
target: allowed exactly when the check allows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, HumanTask, ProcessDefinition, ProcessInstance, TaskState, User
from webapp.models.process import InstanceStatus
from webapp.processes.services import instances
from workflows.engine import migration

UNFINISHED = InstanceStatus.unfinished()


@dataclass(frozen=True)
class Candidate:
    instance: ProcessInstance
    application: Application | None
    check: migration.MigrationCheck


@dataclass(frozen=True)
class Preview:
    target: ProcessDefinition
    versions: list[ProcessDefinition]
    candidates: list[Candidate]

    @property
    def movable(self) -> list[Candidate]:
        return [c for c in self.candidates if c.check.safe]


def preview(user: User, key: str, target_id: int | None = None) -> Preview:
    """Every unfinished instance of `key` not on the target (the latest version unless named), and its check."""
    _admin_only(user)
    versions = list(
        db.session.scalars(
            select(ProcessDefinition).where(ProcessDefinition.key == key).order_by(ProcessDefinition.version.desc())
        )
    )
    if not versions:
        raise NotFound("There is no process with the key %(key)s.", key=key)
    target = next((v for v in versions if v.id == target_id), None) if target_id else versions[0]
    if target is None:
        raise NotFound("No such version of this process.")
    target_version = instances.version_of(target)
    rows = db.session.execute(
        select(ProcessInstance, Application)
        .join(ProcessInstance.definition)
        .outerjoin(Application, Application.instance_id == ProcessInstance.id)
        .where(
            ProcessDefinition.key == key,
            ProcessInstance.definition_id != target.id,
            ProcessInstance.status.in_(UNFINISHED),
        )
        .order_by(ProcessInstance.id)
    ).all()
    candidates = []
    for instance, application in rows:
        try:
            _, workflow = instances.load(instance)
        except Exception as exc:  # a state its own version cannot read: say so, do not fail the page
            check = migration.MigrationCheck([migration.Blocker("", "", f"engine: {exc}")])
        else:
            check = migration.check(workflow, target_version)
        candidates.append(Candidate(instance, application, check))
    return Preview(target, versions, candidates)


def migrate_instance(user: User, instance_id: int, target_id: int) -> ProcessInstance:
    """Move one instance to the target version, if the engine's check allows it now."""
    _admin_only(user)
    with unit_of_work("This instance changed at the same moment; reload and try again."):
        instance = instances.lock(instance_id)
        if instance is None:
            raise NotFound("No such process instance.")
        source, target = instance.definition, db.session.get(ProcessDefinition, target_id)
        _ensure_movable(instance, target)
        _, workflow = instances.load(instance)
        target_version = instances.version_of(target)
        check = migration.check(workflow, target_version)
        if not check.safe:
            reasons = "; ".join(f"{b.element or '—'}: {b.reason}" for b in check.blockers)
            raise Conflict(
                "This instance cannot move to version %(version)s: %(reasons)s", version=target.version, reasons=reasons
            )
        migration.migrate(workflow, target_version)
        status = instance.status
        instance.definition = target
        application = db.session.scalar(select(Application).where(Application.instance_id == instance.id))
        instances.save(instance, target_version, workflow, application)
        instance.status = status  # an instance in error stays so until retried; a suspended one stays suspended
        _retitle_open_rows(instance, target_version)
        _record_migration(user, instance, application, source, target)
    return instance


def _ensure_movable(instance: ProcessInstance, target: ProcessDefinition | None) -> None:
    source = instance.definition
    if target is None or target.key != source.key:
        raise Invalid("The target must be a version of the instance's own process.")
    if target.id == source.id:
        raise Conflict("The instance already runs on version %(version)s.", version=target.version)
    if instance.status not in UNFINISHED:
        raise Conflict("Only an unfinished instance can move to another version.")


def _record_migration(user: User, instance, application, source, target) -> None:
    versions = {"from_version": source.version, "to_version": target.version}
    definitions = {"from_definition": source.id, "to_definition": target.id}
    data = {"instance_id": instance.id, **versions, **definitions}
    audit.record(user, "instance.migrated", instance, application.id if application else None, data)


def migrate_all(user: User, key: str, target_id: int) -> tuple[list[int], list[int]]:
    """Every movable instance, each in its own transaction; returns (moved ids, refused ids)."""
    found = preview(user, key, target_id)
    moved, refused = [], []
    for candidate in found.movable:
        try:
            migrate_instance(user, candidate.instance.id, target_id)
        except Conflict:
            refused.append(candidate.instance.id)  # changed since the preview: left where it is
        else:
            moved.append(candidate.instance.id)
    return moved, refused


def _retitle_open_rows(instance: ProcessInstance, version) -> None:
    """An open step renamed in the target shows its new title in the inboxes."""
    rows = db.session.scalars(
        select(HumanTask).where(HumanTask.instance_id == instance.id, HumanTask.state == TaskState.OPEN)
    )
    for row in rows:
        step = version.steps.get(row.step)
        if step is not None:
            row.title, row.title_en = step.title, step.title_en


def _admin_only(user: User) -> None:
    if user is None or not user.is_admin:
        raise PermissionDenied("Only administrators may move instances between versions.")
