"""Waking instances whose timers are due: the use case the background worker runs.

`instances.save` writes each instance's earliest timer to `next_timer_due` (naive UTC), so
finding due work is an indexed query that never deserializes an instance. A batch of due
instances is fired in one transaction, each instance inside its own SAVEPOINT with its rows
locked (SKIP LOCKED) from load to commit: two workers never fire the same timer twice, an
instance whose timer fails is rolled back to its savepoint and set aside without losing the
others, and a worker that dies mid-batch leaves every row of the batch as it was (the database
rolls the open transaction back). The row's `revision` counter is a second guard. One
transaction per batch pays the commit's fsync and the audit chain head's lock once per batch,
not once per instance: with one commit per instance two workers queued at the head's lock.
What the batch reads (instances, definitions, applications, open task rows) is read in one
query each, so an instance costs only its savepoint and its two UPDATEs.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from webapp.common import audit, locking
from webapp.common.errors import Conflict
from webapp.common.transaction import unit_of_work
from webapp.documents.services import issuing
from webapp.extensions import db
from webapp.models import Application, HumanTask, ProcessDefinition, ProcessInstance, TaskState
from webapp.models._columns import utcnow
from webapp.models.process import InstanceStatus
from webapp.processes.services import instances
from workflows.engine import runner

log = logging.getLogger(__name__)


def fire_due_timers(now: datetime | None = None, batch: int = 50, *, stop: threading.Event | None = None) -> int:
    """Fire the timers of up to `batch` running instances due at `now` (naive UTC); how many moved on.

    `now` only chooses which rows are due; the engine decides by its own clock whether a
    timer has passed, so a `now` in the future wakes nothing early. `stop` ends the batch
    between two instances, never inside one.
    """
    now = now or utcnow()
    advanced = 0
    with unit_of_work():
        claimed = _claim(now, batch)
        held = _lock_applications([instance.id for instance in claimed])
        open_rows = _open_rows([instance.id for instance in claimed if instance.id in held])
        for instance in claimed:
            if stop is not None and stop.is_set():
                break
            if instance.id not in held:
                continue  # a person's step holds its application: the next round takes it
            advanced += _fire(instance, held[instance.id], open_rows.get(instance.id, []))
    return advanced


def _due(now: datetime):
    return (ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_due <= now)


def _claim(now: datetime, batch: int) -> list[ProcessInstance]:
    """The earliest due instances no other worker holds, locked (SKIP LOCKED) until the batch commits,
    read fresh, with their process definitions (one more query for the whole batch).

    The claim's locks are kept, so two workers' batches never overlap: the other worker's claim
    skips these rows instead of claiming them again and finding them locked one by one; nothing
    else changes a claimed row before the batch commits, so it needs no second read.
    SQLite ignores the clause; its single writer lock, taken first, serialises the workers instead.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        # Take SQLite's one write lock before reading the batch: two workers that both read and
        # then both try to write would deadlock, and one would fail with "database is locked".
        locking.lock_name("timer batch")
    query = (
        select(ProcessInstance)
        .where(*_due(now))
        .order_by(ProcessInstance.next_timer_due, ProcessInstance.id)
        .limit(batch)
        .with_for_update(of=ProcessInstance, skip_locked=True)
        .execution_options(populate_existing=True)
    )
    claimed = list(db.session.scalars(query))
    locking.note_locked(ProcessInstance, [instance.id for instance in claimed])
    # Not `selectinload`: the definitions are read without a lock (they never change), in one query.
    wanted = {instance.definition_id for instance in claimed}
    found = db.session.scalars(select(ProcessDefinition).where(ProcessDefinition.id.in_(wanted))) if wanted else []
    definitions = {definition.id: definition for definition in found}
    for instance in claimed:
        set_committed_value(instance, "definition", definitions[instance.definition_id])
    return claimed


def _lock_applications(instance_ids: list[int]) -> dict[int, Application | None]:
    """instance id -> its application, locked and read fresh (None: an instance without one), for
    the instances whose application no one else holds; two queries for the whole batch.

    The instances were locked before their applications, the reverse of `locking`'s order, which
    cannot deadlock: the applications are taken with SKIP LOCKED, so the worker never waits. An
    instance whose application a person's step holds (that step then waits for the instance) is
    left out of this batch, and the step waits for at most the rest of the batch.
    """
    if not instance_ids:
        return {}
    carried = set(db.session.scalars(select(Application.instance_id).where(Application.instance_id.in_(instance_ids))))
    held: dict[int, Application | None] = {i: None for i in instance_ids if i not in carried}
    if carried:
        locked = db.session.scalars(
            select(Application)
            .where(Application.instance_id.in_(carried))
            .with_for_update(of=Application, skip_locked=True)
            .execution_options(populate_existing=True)
        )
        held.update({application.instance_id: application for application in locked})
        locking.note_locked(Application, [held[i].id for i in carried if held.get(i) is not None])
    return held


def _open_rows(instance_ids: list[int]) -> dict[int, list[HumanTask]]:
    """The open task rows of the batch's instances, in one query (under their instances' locks)."""
    rows: dict[int, list[HumanTask]] = {}
    if instance_ids:
        query = select(HumanTask).where(HumanTask.instance_id.in_(instance_ids), HumanTask.state == TaskState.OPEN)
        for row in db.session.scalars(query.execution_options(populate_existing=True)):
            rows.setdefault(row.instance_id, []).append(row)
    return rows


def _fire(instance: ProcessInstance, application: Application | None, open_rows: list[HumanTask]) -> bool:
    """One instance of the batch, in its own savepoint of the batch's transaction."""
    instance_id = instance.id
    try:
        with audit.savepoint():
            fired = _run_and_save(instance, application, open_rows)
            db.session.flush()  # its revision check and constraints fail here, inside its savepoint
            return fired
    except (Conflict, StaleDataError, IntegrityError):
        log.info("instance %s changed while its timer ran; left to the next round", instance_id)
        return False
    except SQLAlchemyError:
        raise  # the database, not the instance: the batch rolls back and the caller retries later
    except Exception as exc:
        # One broken instance must not hold up the queue: set it aside for a person to look at.
        log.warning("timer of instance %s failed: %s", instance_id, exc, exc_info=True)
        _set_aside(instance, application, exc)
        return False


def _run_and_save(instance: ProcessInstance, application: Application | None, open_rows: list[HumanTask]) -> bool:
    version, workflow = instances.load(instance)
    before = {r.task_id: r.step.name for r in runner.ready_steps(workflow, version)}
    timers_before = _waiting_timers(workflow)
    runner.run_due_timers(workflow)
    fired = sorted({name for name, *_ in timers_before - _waiting_timers(workflow)})
    if not fired:
        # The row says due but the engine's clock says not yet (a `now` ahead of the real
        # clock, or a due time the row and the engine read differently): nothing to save.
        log.warning("instance %s is due by its row but the engine fired no timer", instance.id)
        return False
    ready = instances.save(instance, version, workflow, application, open_rows=open_rows)
    if application is not None:
        issuing.issue_for_timeouts(application)  # a deemed acceptance is notified in writing
    after = {r.task_id: r.step.name for r in ready}
    audit.record(
        None,
        "timer.fired",
        instance,
        application.id if application else None,
        {
            "instance_id": instance.id,
            "timers": fired,
            "ready": [step for task_id, step in after.items() if task_id not in before],
            "cancelled": [step for task_id, step in before.items() if task_id not in after],
            "outcome": instance.outcome if instance.status == InstanceStatus.COMPLETED else None,
        },
    )
    return True


def _waiting_timers(workflow) -> set[tuple[str, str, str]]:
    return {
        (event.name or "", event.event_type, str(event.value))
        for event in workflow.waiting_events()
        if runner.is_timer(event)
    }


def _set_aside(instance: ProcessInstance, application: Application | None, exc: Exception) -> None:
    """status="error" and a `timer.failed` entry saying why; the saved state stays as it was
    (the failed attempt was rolled back to its savepoint; the batch still holds the instance's
    lock, taken by the claim, so no other worker has touched it since)."""
    with audit.savepoint():
        instance.status = InstanceStatus.ERROR  # its other columns are read again: the rollback expired them
        audit.record(
            None,
            "timer.failed",
            instance,
            application.id if application else None,
            {
                "instance_id": instance.id,
                "error": str(exc),
                "task": getattr(exc, "task_name", None),
                "element": getattr(exc, "element", None),
                "line": getattr(exc, "line", None),
                "kind": type(exc).__name__,
            },
        )
