"""The inbox's counts, kept as tasks change, so no view groups a department's open tasks.

`inbox_counts` holds, per department, how many open tasks share a key: program, application
status, step, holder, and the due/received bucket against the moments of `inbox_reference`.

Writers (every transaction, whatever service it runs): a flush that adds, changes or removes a
task row, or changes an application's status or program, is counted twice by the session events
below: the open tasks it touches, locked first, by key before the flush, and by key after it. The
difference waits in the session until commit, then goes into inbox_counts in one statement, in
key order: the count rows are locked only for the commit (as the audit chain's head is, and before
it) and always in the same order. A SAVEPOINT rolled back takes its differences with it. Rows
written around the ORM (a bulk INSERT) are not seen: `recount()` after them.

A task's key holds its application's status, which another transaction may be changing. When the
transaction holds the task's case locked (its application, or its instance when it has none;
`locking.holds`), nothing else can change either, and a stale task row would fail its revision
check at UPDATE: the keys are read off the objects in hand, no statement. Otherwise the touched
tasks are locked and counted in SQL: a status change locks the application's open tasks before
counting them, a task change counts after its row lock, so the two differences add up whichever
commits first.

Readers: the kept rows plus a correction for the tasks whose bucket differs between the reference
moments and now (their due or received time lies between the two), in one statement, so both come
from one snapshot; a version number says whether the moments read before it still hold.

The worker rolls the reference forward (`roll`): it moves the tasks that crossed an edge, then the
moments. Writers hold a shared advisory lock (PostgreSQL) from their first counted flush to their
commit, the roller an exclusive one; SQLite has one writer at a time anyway.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, fields

from sqlalchemy import (
    DateTime,
    String,
    bindparam,
    cast,
    delete,
    event,
    func,
    inspect,
    literal,
    or_,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from webapp.common import locking, transaction
from webapp.department_work.services.inbox_moments import (
    DUE_BUCKETS,
    RECEIVED_BUCKETS,
    Moments,
    bucket_number,
    bucket_of,
)
from webapp.extensions import db
from webapp.models import Application, HumanTask, InboxCount, InboxReference, ProcessInstance, TaskState

REFERENCE_ID = 1
# What makes a task's key, on the task and on its application.
TASK_KEY_ATTRIBUTES = ("department_id", "department", "state", "step", "claimed_by_id", "claimed_by")
TASK_KEY_ATTRIBUTES += ("application_id", "application", "due_at", "created_at")
APPLICATION_KEY_ATTRIBUTES = ("status", "program_code")
TASK_KEY_COLUMNS = ("department_id", "state", "step", "claimed_by_id", "application_id", "due_at", "created_at")
LOCK_KEY = 0x1B0C  # pg advisory lock: shared by writers, exclusive for the roller
ROLL_WAIT = "200ms"  # the roller waits this long for the writers in flight, then tries next round

FLUSHING = "inbox_counts_flushing"  # session.info: what the flush in progress touches, counted before
CHANGES = "inbox_counts_changes"  # session.info: [(transaction, Counter of key -> difference)]
REFERENCE = "inbox_counts_reference"  # session.info: (transaction, Moments) the writer counts against

OPEN = (HumanTask.state == TaskState.OPEN,)
FACETS = ("program", "step", "status", "holder", "due", "received")  # the inbox's filters that have counts
ANY = "*"  # the count key for "whatever this filter says" (an option's key can be "": no application)
Key = tuple[int, str, str, str, int, int]  # department, program, status, step, holder (0: none), bucket


# -- counting tasks by key ------------------------------------------------------------------------


def _keyed(*where, at: Moments, also: Moments | None = None, among=None):
    """Open department tasks `where` says (or the tasks whose ids `among` selects), counted by key
    against `at` (and a second bucket against `also`). Grouped over a subquery's columns: PostgreSQL
    would not match a GROUP BY CASE to the SELECT's, each with its own bound parameters."""
    columns = [
        HumanTask.department_id.label("department"),
        func.coalesce(Application.program_code, "").label("program"),
        func.coalesce(Application.status, "").label("status"),
        HumanTask.step.label("step"),
        func.coalesce(HumanTask.claimed_by_id, 0).label("holder"),
        bucket_of(at).label("bucket"),
    ]
    if also is not None:
        columns.append(bucket_of(also).label("later_bucket"))
    if among is None:
        rows = select(*columns).select_from(HumanTask).where(*OPEN, HumanTask.department_id.is_not(None))
    else:  # read by id: the ids were found on indexes, the planner must not scan for them
        ids = among.subquery()
        rows = select(*columns).select_from(ids).join(HumanTask, HumanTask.id == ids.c.id)
    rows = rows.outerjoin(Application, HumanTask.application_id == Application.id).where(*where).subquery()
    keys = [rows.c[column.name] for column in columns]
    return select(*keys, func.count().label("tasks")).group_by(*keys)


def _counted(session: Session, where, at: Moments) -> Counter:
    return Counter({tuple(row[:-1]): row[-1] for row in session.connection().execute(_keyed(*where, at=at))})


# -- writers --------------------------------------------------------------------------------------


def _touched(session: Session) -> tuple[list[HumanTask], set[int], list[HumanTask]]:
    """Tasks and application ids whose key this flush may change, and the tasks it adds."""
    tasks, applications, added = [], set(), []
    for obj in session.new:
        if isinstance(obj, HumanTask):
            added.append(obj)
    for obj in session.deleted:
        if isinstance(obj, HumanTask) and obj.id is not None:
            tasks.append(obj)
    for obj in session.dirty:
        if isinstance(obj, HumanTask) and obj.id is not None and _changed(obj, TASK_KEY_ATTRIBUTES):
            tasks.append(obj)
        elif isinstance(obj, Application) and obj.id is not None and _changed(obj, APPLICATION_KEY_ATTRIBUTES):
            applications.add(obj.id)
    return tasks, applications, added


def _changed(obj, attributes) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _touching(tasks: set[int], applications: set[int]):
    conditions = []
    if tasks:
        conditions.append(HumanTask.id.in_(sorted(tasks)))
    if applications:
        conditions.append(HumanTask.application_id.in_(sorted(applications)))
    return or_(*conditions)


def _reference_for_writing(session: Session) -> Moments | None:
    """The moments this transaction counts against, read once, with the writers' shared lock."""
    transaction = session.get_transaction()
    held = session.info.get(REFERENCE)
    if held is not None and held[0] is transaction:
        return held[1]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock_shared(LOCK_KEY)))
    reference = connection.execute(select(InboxReference).where(InboxReference.id == REFERENCE_ID)).first()
    moments = _moments_of(reference) if reference is not None else None
    session.info[REFERENCE] = (transaction, moments)
    return moments


def _moments_of(reference) -> Moments:
    return Moments(reference.now, reference.today_start, reference.recent_start, reference.soon_end)


@event.listens_for(Session, "before_flush")
def _count_before_flush(session: Session, _flush_context, _instances) -> None:
    tasks, applications, added = _touched(session)
    if not (tasks or applications or added):
        return
    locking.become_the_writer(session)  # SQLite: read what is committed, then nobody else writes
    reference = _reference_for_writing(session)
    if reference is None:  # a database the migration has not reached: nothing is kept
        return
    in_hand = [t for t in tasks if _in_hand(session, t, applications)]
    fresh = [t for t in added if _in_hand(session, t, applications)]
    to_read = {t.id for t in tasks if t not in in_hand}
    before = Counter(_key_of(session, task, reference, committed=True) for task in in_hand)
    if to_read or applications:
        if session.connection().dialect.name == "postgresql":
            locked = select(HumanTask.id).where(_touching(to_read, applications)).order_by(HumanTask.id)
            session.connection().execute(locked.with_for_update())
        before.update(_counted(session, [_touching(to_read, applications)], reference))
    read_after = [t for t in added if t not in fresh]
    session.info[FLUSHING] = (in_hand + fresh, to_read, applications, read_after, before, reference)


def _in_hand(session: Session, task: HumanTask, applications: set[int]) -> bool:
    """Can the task's key before and after this flush be read off the objects in hand? When the
    transaction holds its case locked (no one else can change the task or its application's status
    meanwhile; a stale task row would fail its revision check at UPDATE), its application is loaded
    and not changing in this flush, and every column of the key is loaded."""
    state = inspect(task)
    if state.persistent and any(name in state.unloaded for name in TASK_KEY_COLUMNS):
        return False
    application_id = _committed(state, "application_id") if state.persistent else task.application_id
    if application_id != task.application_id or task.application_id in applications:
        return False
    if application_id is None:
        return locking.holds(session, ProcessInstance, task.instance_id)
    application = session.identity_map.get(session.identity_key(Application, application_id))
    return application is not None and locking.holds(session, Application, application_id)


def _committed(state, name):
    history = state.attrs[name].history
    return (history.deleted or history.unchanged or (None,))[0]


def _key_of(session: Session, task: HumanTask, reference: Moments, committed: bool = False):
    """The task's key (as `_keyed` counts it) from the object: its values before this flush
    (`committed`) or now; None when it is not an open department task."""
    state = inspect(task)
    if committed:
        values = {name: _committed(state, name) for name in TASK_KEY_COLUMNS}
    else:
        if state.deleted or state.was_deleted:
            return None
        # From the object's dict, not getattr: a column a new row was inserted without (NULL; no
        # column of the key has a server default) would otherwise be read back, one query each.
        values = {name: state.dict.get(name) for name in TASK_KEY_COLUMNS}
    if values["state"] != TaskState.OPEN or values["department_id"] is None:
        return None
    application = None
    if values["application_id"] is not None:
        application = session.identity_map.get(session.identity_key(Application, values["application_id"]))
    return (
        values["department_id"],
        application.program_code if application is not None else "",
        application.status if application is not None else "",
        values["step"],
        values["claimed_by_id"] or 0,
        bucket_number(values["due_at"], values["created_at"], reference),
    )


@event.listens_for(Session, "after_flush")
def _count_after_flush(session: Session, _flush_context) -> None:
    noted = session.info.pop(FLUSHING, None)
    if noted is None:
        return
    in_hand, to_read, applications, read_after, before, reference = noted
    difference = Counter(_key_of(session, task, reference) for task in in_hand)
    to_read = to_read | {task.id for task in read_after}
    if to_read or applications:
        difference.update(_counted(session, [_touching(to_read, applications)], reference))
    difference.subtract(before)
    difference = Counter({key: n for key, n in difference.items() if n and key is not None})
    if difference:
        current = session.get_nested_transaction() or session.get_transaction()
        session.info.setdefault(CHANGES, []).append((current, difference))


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    """A SAVEPOINT rolled back: the differences counted inside it never happened."""
    changes = session.info.get(CHANGES)
    if changes:
        changes[:] = [(t, d) for t, d in changes if not _inside(t, previous_transaction)]


def _inside(transaction, outer) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "before_commit", insert=True)  # before the audit chain's head: locks in order
def _apply_at_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # what is still pending is counted too
    changes = session.info.pop(CHANGES, None)
    if not changes:
        return
    total = Counter()
    for _transaction, difference in changes:
        total.update(difference)
    _add(session.connection(), total)


@event.listens_for(Session, "after_transaction_end")
def _drop_notes(session: Session, transaction) -> None:
    if transaction.parent is None:
        for name in (FLUSHING, CHANGES, REFERENCE):
            session.info.pop(name, None)


def _add(connection, differences: Counter) -> None:
    """Add each difference to its key's row, in key order (one statement)."""
    rows = [
        dict(zip(("department_id", "program_code", "status", "step", "holder_id", "bucket"), key, strict=True), tasks=n)
        for key, n in sorted(differences.items())
        if n
    ]
    if not rows:
        return
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(InboxCount).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[column.name for column in InboxCount.__table__.primary_key.columns],
        set_={"tasks": InboxCount.tasks + statement.excluded.tasks},
    )
    connection.execute(statement)


# -- readers --------------------------------------------------------------------------------------


def kept_keys(department_id: int, moments: Moments, attempts: int = 3) -> Counter | None:
    """The department's open tasks by key against `moments`: (program, status, step, holder, bucket)
    -> tasks; None when the database keeps no counts (then the caller groups the tasks)."""
    for _attempt in range(attempts):
        reference = _reference()
        if reference is None:
            return None
        found = db.session.execute(_reader("keys"), _reader_values(department_id, reference, moments)).all()
        versions = [n for marker, *_key, n in found if marker == "version"]
        if versions == [reference.version]:
            counts = Counter()
            for marker, *key, n in found:
                if marker != "version":
                    counts[tuple(key)] += n
            return Counter({key: n for key, n in counts.items() if n})
        # The worker rolled the reference between the two reads: read both again.
    return None


def _reference():
    query = select(*InboxReference.__table__.columns).where(InboxReference.id == REFERENCE_ID)
    return db.session.execute(query).first()


def kept_facets(department_id: int, moments: Moments, chosen: dict[str, str], attempts: int = 3):
    """For each inbox filter, how many of the department's open tasks each option leaves when every
    other chosen filter applies (ANY: any option), and how many open tasks there are in all: (facet
    -> option -> n, everything), or None when the database keeps no counts. Summed in SQL: a few dozen rows come
    back however many keys there are. `chosen`: facet -> option as the inbox spells it."""
    shape = tuple(sorted(chosen))
    for _attempt in range(attempts):
        reference = _reference()
        if reference is None:
            return None
        values = _reader_values(department_id, reference, moments)
        values |= {f"chosen_{facet}": _option_value(facet, option) for facet, option in chosen.items()}
        found = db.session.execute(_reader(shape), values).all()
        if [n for facet, _option, n in found if facet == "#version"] == [reference.version]:
            counts = {facet: Counter() for facet in FACETS}
            everything = 0
            for facet, option, n in found:
                if facet == "#everything":
                    everything = int(n or 0)
                elif facet in counts and n:
                    counts[facet][_option_name(facet, option)] += int(n)
                    counts[facet][ANY] += int(n)
            return counts, everything
    return None


# Readers' statements, built once for each set of chosen filters, with the department, the moments and
# the options as bound parameters: building the facets' statement took ~3.5 ms, as long as running it.
_READERS: dict = {}


def _reader(shape):
    """ "keys" (the kept rows and the correction), or the facets' sums with the filters of `shape` chosen."""
    statement = _READERS.get(shape)
    if statement is None:
        current = _kept_and_crossed(
            bindparam("department"), *(_moment_parameters(name) for name in ("then", "now", "low", "high"))
        )
        if shape != "keys":
            chosen = {facet: bindparam(f"chosen_{facet}") for facet in shape}
            current = _facet_sums(current.cte("current"), chosen)
        statement = _READERS.setdefault(shape, current)
    return statement


def _moment_parameters(name: str) -> Moments:
    """Moments whose instants are bound parameters, name_now, name_today_start, ..."""
    return Moments(*(bindparam(f"{name}_{field.name}", type_=DateTime()) for field in fields(Moments)))


def _reader_values(department_id: int, reference, moments: Moments) -> dict:
    then = _moments_of(reference)
    low, high = _edges_between(then, moments)
    named = {"then": then, "now": moments, "low": low, "high": high}
    values = {f"{name}_{key}": value for name, each in named.items() for key, value in asdict(each).items()}
    return values | {"department": department_id}


def _edges_between(a: Moments, b: Moments) -> tuple[Moments, Moments]:
    """The earlier and the later of each edge of two sets of moments."""
    pairs = [(getattr(a, field.name), getattr(b, field.name)) for field in fields(Moments)]
    return Moments(*(min(pair) for pair in pairs)), Moments(*(max(pair) for pair in pairs))


def _facet_option(current, facet: str):
    """The option of `facet` a kept row falls under, as SQL (due and received from the bucket)."""
    return {
        "program": current.c.program,
        "status": current.c.status,
        "step": current.c.step,
        "holder": current.c.holder,
        "due": current.c.bucket // len(RECEIVED_BUCKETS),
        "received": current.c.bucket % len(RECEIVED_BUCKETS),
    }[facet]


def _option_value(facet: str, option: str):
    """An option as the inbox spells it, as the kept rows hold it (the inverse of _option_name)."""
    if facet == "holder":
        return 0 if option == "unclaimed" else int(option)
    if facet == "due":
        return DUE_BUCKETS.index(option)
    if facet == "received":
        return RECEIVED_BUCKETS.index(option)
    return option


def _option_name(facet: str, option) -> str:
    if facet == "holder":
        return "unclaimed" if int(option) == 0 else str(option)
    if facet == "due":
        return DUE_BUCKETS[int(option)]
    if facet == "received":
        return RECEIVED_BUCKETS[int(option)]
    return option


def _facet_sums(current, chosen: dict):
    """One GROUP BY per filter over the kept rows that pass every *other* chosen filter (facet -> the
    option's value as the kept rows hold it)."""
    parts = []
    counted = current.c.marker != "version"
    for facet in FACETS:
        option = _facet_option(current, facet)
        others = [_facet_option(current, f) == value for f, value in chosen.items() if f != facet]
        sums = select(literal(facet), cast(option, String), func.sum(current.c.tasks))
        parts.append(sums.where(counted, *others).group_by(option))
    parts.append(select(literal("#everything"), literal(""), func.sum(current.c.tasks)).where(counted))
    parts.append(
        select(literal("#version"), literal(""), func.sum(current.c.tasks))
        .where(current.c.marker == "version")
        .group_by(current.c.marker)
    )
    return union_all(*parts)


def _kept_and_crossed(department_id, reference: Moments, moments: Moments, low: Moments, high: Moments):
    """One statement: the kept rows, minus the crossing tasks at their reference bucket, plus them at
    their bucket now, and the reference's version (to tell that the kept rows are of `reference`).
    low, high: the earlier and the later of each edge of the two (_edges_between)."""
    crossed = _keyed(at=reference, also=moments, among=_crossing(department_id, low, high)).cte("crossed")
    key = (crossed.c.program, crossed.c.status, crossed.c.step, crossed.c.holder)
    kept = InboxCount
    nothing = literal("", String)
    return union_all(
        select(
            literal("kept").label("marker"),
            kept.program_code.label("program"),
            kept.status.label("status"),
            kept.step.label("step"),
            kept.holder_id.label("holder"),
            kept.bucket.label("bucket"),
            kept.tasks.label("tasks"),
        ).where(kept.department_id == department_id, kept.tasks != 0),
        select(literal("was"), *key, crossed.c.bucket, -crossed.c.tasks),
        select(literal("now"), *key, crossed.c.later_bucket, crossed.c.tasks),
        select(literal("version"), nothing, nothing, nothing, literal(0), literal(0), InboxReference.version).where(
            InboxReference.id == REFERENCE_ID
        ),
    )


def _crossing(department_id, low: Moments, high: Moments):
    """The ids of the department's open tasks whose bucket may differ between two sets of moments: their due
    or received time lies between an edge then and the same edge now (low and high: the earlier and
    the later of each). Each range is read off its own index of open tasks (one OR of the four would
    read every open task of the department)."""

    def between(column, edge: str):
        in_range = column.between(getattr(low, edge), getattr(high, edge))
        return select(HumanTask.id).where(HumanTask.department_id == department_id, *OPEN, in_range)

    due_at, created_at = HumanTask.due_at, HumanTask.created_at
    return union(
        between(due_at, "now"),
        between(due_at, "soon_end"),
        between(created_at, "today_start"),
        between(created_at, "recent_start"),
    )


def kept_total(department_id: int) -> int | None:
    """How many open tasks the department has (buckets do not matter): a sum of its kept rows."""
    if _reference() is None:
        return None
    found = db.session.scalar(select(func.sum(InboxCount.tasks)).where(InboxCount.department_id == department_id))
    return int(found or 0)


# -- the worker and the administrators ------------------------------------------------------------


def roll(moments: Moments | None = None) -> int:
    """Worker: move the tasks that crossed an edge since the reference, then the reference; how many
    moved. Skipped (0) when writers stay in flight longer than ROLL_WAIT: the next round tries again."""
    try:
        with transaction.unit_of_work():
            return _roll(moments or Moments.at())
    except transaction.Contended:
        return 0


def _roll(moments: Moments) -> int:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{ROLL_WAIT}'")
        connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
        connection.exec_driver_sql("SET LOCAL lock_timeout = 0")
    else:
        locking.become_the_writer()
    reference = _reference()
    if reference is None:
        return _recount(moments)
    then = _moments_of(reference)
    if then == moments:
        return 0
    moved = Counter()
    for department_id in connection.scalars(select(InboxCount.department_id).distinct()):
        crossed = _keyed(at=then, also=moments, among=_crossing(department_id, *_edges_between(then, moments)))
        for department, program, status, step, holder, was, now, tasks in connection.execute(crossed):
            if was != now:
                moved[(department, program, status, step, holder, was)] -= tasks
                moved[(department, program, status, step, holder, now)] += tasks
    _add(connection, moved)
    connection.execute(delete(InboxCount).where(InboxCount.tasks == 0))
    _set_reference(moments, reference.version + 1)
    return sum(n for n in moved.values() if n > 0)


def recount(moments: Moments | None = None) -> int:
    """Count every open task afresh (after rows were written around the ORM, e.g. a bulk load); how
    many there are. Waits for the writers in flight."""
    with transaction.unit_of_work():
        return _recount(moments or Moments.at())


def _recount(moments: Moments) -> int:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
    else:
        locking.become_the_writer()
    connection.execute(delete(InboxCount))
    counted = Counter({tuple(row[:-1]): row[-1] for row in connection.execute(_keyed(at=moments))})
    _add(connection, counted)
    version = db.session.scalar(select(InboxReference.version).where(InboxReference.id == REFERENCE_ID))
    if version is None:
        db.session.add(InboxReference(id=REFERENCE_ID, version=0, **asdict(moments)))
        db.session.flush()
    else:
        _set_reference(moments, version + 1)
    return sum(counted.values())


def _set_reference(moments: Moments, version: int) -> None:
    db.session.execute(
        update(InboxReference).where(InboxReference.id == REFERENCE_ID).values(version=version, **asdict(moments))
    )


def disagreements() -> dict[Key, tuple[int, int]]:
    """Keys whose kept count differs from a fresh count against the reference: (kept, counted).
    Empty when the counts are right (the tests check it after every test)."""
    reference = _reference()
    if reference is None:
        return {}
    counted = _counted(db.session(), [], _moments_of(reference))
    kept = Counter()
    for row in db.session.execute(select(InboxCount)).scalars():
        key = (row.department_id, row.program_code, row.status, row.step, row.holder_id, row.bucket)
        kept[key] = row.tasks
    return {key: (kept[key], counted[key]) for key in set(kept) | set(counted) if kept[key] != counted[key]}
