"""One use case, one transaction: commit at the end, or roll back everything.

`unit_of_work` is the transaction; `run` is a unit of work that is tried again when it lost to
another transaction by no fault of its own: a deadlock, a serialization failure, SQLite's
"database is locked", or a revision counter (`version_id_col`) that moved because the instance
was saved by someone else between this one's read and write. Each try starts from a rolled-back
session, so the work reads the case afresh and its own checks (under `locking`'s row locks)
decide whether it still applies: a task still open and actionable is completed; one that was
taken, completed or withdrawn meanwhile is a real conflict (409), which is not retried.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from webapp.common.errors import Conflict
from webapp.extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_CONFLICT = "Someone else changed this case at the same moment; reload and retry."
ATTEMPTS = 4  # a unit of work that lost a race is tried this many times in all before 409
# PostgreSQL's deadlock_detected, serialization_failure, lock_not_available.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}


class Contended(Conflict):
    """Lost a race with another transaction; trying again may well succeed."""


@contextmanager
def unit_of_work(conflict_message: str = DEFAULT_CONFLICT, keep_loaded: bool = False):
    """`keep_loaded`: the rows in hand stay readable after the commit without being read again.
    Only for work whose rows were all read under its locks, so what it holds is what it committed
    (a step's response is built from the task it completed, not from a second read of it)."""
    session = db.session()
    try:
        yield db.session
        session.expire_on_commit = not keep_loaded
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Contended(conflict_message) from exc
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(conflict_message) from exc
    except OperationalError as exc:
        db.session.rollback()
        if is_contention(exc):
            raise Contended(conflict_message) from exc
        raise
    except BaseException:
        db.session.rollback()
        raise
    finally:
        session.expire_on_commit = True


def run(
    work: Callable[[], T], conflict_message: str = DEFAULT_CONFLICT, attempts: int = ATTEMPTS, keep_loaded: bool = False
) -> T:
    """`work()` in a unit of work, retried (a bounded number of times) when it lost a race."""
    for attempt in range(1, attempts + 1):
        try:
            with unit_of_work(conflict_message, keep_loaded):
                return work()
        except Contended as exc:
            if attempt == attempts:
                raise
            log.info("retrying after a concurrent change (%s/%s): %s", attempt, attempts, exc.__cause__)
            time.sleep(0.01 * attempt)  # let the winner's commit land
    raise AssertionError("unreachable")


def is_contention(exc: OperationalError) -> bool:
    """A deadlock, a serialization failure or a lock wait that gave up: nobody's mistake."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


def claim_ids(query) -> list:
    """The ids a worker may take now: rows no other worker holds (`FOR UPDATE SKIP LOCKED`).

    The locks end with this read: each row is locked again, and re-checked, in its own
    transaction. SKIP LOCKED only steers this worker past rows another one is handling now.
    SQLite ignores the clause; its single writer lock serialises the workers instead.
    """
    try:
        return list(db.session.scalars(query.with_for_update(skip_locked=True)))
    finally:
        db.session.rollback()
