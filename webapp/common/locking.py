"""Row locks: every state change of a case happens once, however many identical requests arrive.

One helper for every service that changes state. Inside the service's unit of work, before it
re-checks what it is about to change, it locks the rows it will write:

    with unit_of_work("..."):
        task = locking.lock_task(task_id)          # application → instance → task, fresh
        if task.state != TaskState.OPEN: raise Conflict(...)   # checked again, under the lock
        ...

A second identical request waits at the lock until the first commits, then reads the row as the
first left it and is refused (409) by the same check a later click would meet.

Lock order, always: **application → process instance → task rows → other rows of the case
(extension requests, ratings) → the inbox's count rows → the audit chain's head** (the last two
taken at commit: the count rows by `kept_counts`, in key order, then the head by `audit`).
Every service takes them in that order, so two of them can wait for each other only in a line,
never in a circle; a deadlock that still happens (a row the order does not cover) is retried by
`transaction.run`.

PostgreSQL: `SELECT … FOR UPDATE`. SQLite has no row locks and one writer at a time: a write
that changes nothing (`UPDATE t SET id = id WHERE id = ?`) makes this transaction the writer
(the driver opens it with BEGIN before the first write), so other writers wait for its commit
(busy_timeout); the row is read after that, so it is the committed state.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from webapp.extensions import db
from webapp.models import Application, HumanTask, ProcessInstance, User

Row = TypeVar("Row")
SQLITE_WRITER = "sqlite_writer_transaction"  # session.info: the transaction that holds SQLite's write lock


def lock(model: type[Row], ident: int | None, skip_locked: bool = False, options: tuple = ()) -> Row | None:
    """The row `ident` of `model`, locked until the transaction ends and read fresh, or None.

    `skip_locked` (PostgreSQL): None at once if another transaction holds the row (workers).
    `options`: loader options for what the caller reads next (e.g. the instance's definition).
    """
    if ident is None:
        return None
    key = model.__mapper__.primary_key[0]
    become_the_writer()
    held = db.session.identity_map.get(db.session.identity_key(model, ident))
    if held is not None:
        db.session.expire(held)  # relationships loaded before the lock are read again too
    query = select(model).where(key == ident).options(*options).execution_options(populate_existing=True)
    if not _is_sqlite():
        query = query.with_for_update(of=model, skip_locked=skip_locked)
    row = db.session.scalar(query)
    if row is not None:
        note_locked(model, [ident])
    return row


HELD = "rows_locked"  # session.info: (transaction, {(table, id)}) this transaction holds locked


def note_locked(model, idents) -> None:
    """Remember rows this transaction locked (a batch's own FOR UPDATE, or `lock`)."""
    session = db.session()
    transaction = session.get_transaction()
    held = session.info.get(HELD)
    if held is None or held[0] is not transaction:
        held = session.info[HELD] = (transaction, set())
    held[1].update((model.__tablename__, ident) for ident in idents)


def holds(session, model, ident) -> bool:
    """Did this transaction lock the row (and so read it fresh)? On SQLite too: being the one writer
    is not enough, a row read before the write lock was taken may be stale."""
    transaction = session.get_transaction()
    if transaction is None:
        return False
    held = session.info.get(HELD)
    return held is not None and held[0] is transaction and (model.__tablename__, ident) in held[1]


def become_the_writer(session=None) -> None:
    """SQLite: take the database's one write lock now, once per transaction, so what this transaction
    reads next is what it will change (PostgreSQL locks rows instead: nothing to do)."""
    session = session or db.session()
    if session.get_bind().dialect.name != "sqlite":
        return
    transaction = session.get_transaction()
    if session.info.get(SQLITE_WRITER) is transaction and transaction is not None:
        return
    session.execute(update(Application.__table__).where(Application.id == -1).values(id=Application.id))
    session.info[SQLITE_WRITER] = session.get_transaction()


def lock_application(application_id: int | None) -> Application | None:
    """The application, then its process instance (the order every service keeps)."""
    application = lock(Application, application_id)
    if application is not None and application.instance_id is not None:
        lock(ProcessInstance, application.instance_id)
    return application


def lock_instance(instance_id: int | None) -> ProcessInstance | None:
    """An instance, with the application it carries locked before it."""
    application_id = db.session.scalar(select(Application.id).where(Application.instance_id == instance_id))
    lock(Application, application_id)
    return lock(ProcessInstance, instance_id)


def lock_task(task_id: int) -> HumanTask | None:
    """A task row, after its application and instance, with what completing it reads next.

    The locked application and instance are attached to the task: the session holds loaded rows
    only weakly, so without a reference they were dropped at once and read again lazily.
    """
    ids = db.session.execute(
        select(HumanTask.application_id, HumanTask.instance_id).where(HumanTask.id == task_id)
    ).first()
    if ids is None:
        return None
    application = lock(Application, ids.application_id)
    instance = lock(ProcessInstance, ids.instance_id, options=(joinedload(ProcessInstance.definition),))
    task = lock(HumanTask, task_id, options=(joinedload(HumanTask.department),))
    if task is not None:
        set_committed_value(task, "application", application)
        set_committed_value(task, "instance", instance)
    return task


def lock_user(user_id: int) -> User | None:
    return lock(User, user_id)


def lock_name(name: str) -> None:
    """A lock on a name rather than a row (e.g. one lookup client): held until the transaction ends."""
    if _is_sqlite():
        become_the_writer()
        return
    db.session.execute(select(db.func.pg_advisory_xact_lock(db.func.hashtext(name))))


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"
