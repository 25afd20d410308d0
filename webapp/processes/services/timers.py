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
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from webapp.common import audit, locking
from webapp.common.errors import Conflict
from webapp.common.transaction import unit_of_work
from webapp.documents.services import issuing
from webapp.extensions import db
from webapp.models import Application, ProcessInstance
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
        for instance_id in _claim(now, batch):
            if stop is not None and stop.is_set():
                break
            advanced += _fire(instance_id, now)
    return advanced


def _due(now: datetime):
    return (ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_due <= now)


def _claim(now: datetime, batch: int) -> list[int]:
    """The earliest due instances no other worker holds, locked (SKIP LOCKED) until the batch commits.

    The claim's locks are kept, so two workers' batches never overlap: the other worker's claim
    skips these rows instead of claiming them again and finding them locked one by one. The
    instance is locked here before its application (the reverse of `locking`'s order), which
    cannot deadlock: the worker then only tries the application with SKIP LOCKED, never waits.
    SQLite ignores the clause; its single writer lock, taken first, serialises the workers instead.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        # Take SQLite's one write lock before reading the batch: two workers that both read and
        # then both try to write would deadlock, and one would fail with "database is locked".
        locking.lock_name("timer batch")
    query = (
        select(ProcessInstance.id)
        .where(*_due(now))
        .order_by(ProcessInstance.next_timer_due, ProcessInstance.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(query))


def _fire(instance_id: int, now: datetime) -> bool:
    """One instance of the batch, in its own savepoint of the batch's transaction."""
    try:
        with audit.savepoint():
            instance = _lock_if_still_due(instance_id, now)
            if instance is None:
                return False  # another worker holds it, or fired it since the claim
            fired = _run_and_save(instance)
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
        _set_aside(instance_id, now, exc)
        return False


def _lock_if_still_due(instance_id: int, now: datetime) -> ProcessInstance | None:
    # The order every service keeps (webapp/common/locking.py): the application before its instance;
    # skipped, like the instance, when another worker or a person's step holds it.
    application_id = db.session.scalar(select(Application.id).where(Application.instance_id == instance_id))
    if application_id is not None and locking.lock(Application, application_id, skip_locked=True) is None:
        return None
    return db.session.scalar(
        select(ProcessInstance)
        .where(ProcessInstance.id == instance_id, *_due(now))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


def _run_and_save(instance: ProcessInstance) -> bool:
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
    application = db.session.scalar(select(Application).where(Application.instance_id == instance.id))
    instances.save(instance, version, workflow, application)
    if application is not None:
        issuing.issue_for_timeouts(application)  # a deemed acceptance is notified in writing
    after = {r.task_id: r.step.name for r in runner.ready_steps(workflow, version)}
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


def _set_aside(instance_id: int, now: datetime, exc: Exception) -> None:
    """status="error" and a `timer.failed` entry saying why; the saved state stays as it was
    (the failed attempt was rolled back to its savepoint, which released its locks)."""
    with audit.savepoint():
        # Re-checked under the lock: if another worker got here first, it has recorded it.
        instance = _lock_if_still_due(instance_id, now)
        if instance is None:
            return
        instance.status = InstanceStatus.ERROR
        application_id = db.session.scalar(select(Application.id).where(Application.instance_id == instance_id))
        audit.record(
            None,
            "timer.failed",
            instance,
            application_id,
            {
                "instance_id": instance_id,
                "error": str(exc),
                "task": getattr(exc, "task_name", None),
                "element": getattr(exc, "element", None),
                "line": getattr(exc, "line", None),
                "kind": type(exc).__name__,
            },
        )
