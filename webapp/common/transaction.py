"""One use case, one transaction: commit at the end, or roll back everything."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp.common.errors import Conflict
from webapp.extensions import db


@contextmanager
def unit_of_work(conflict_message: str = "Someone else changed this case at the same moment; reload and retry."):
    try:
        yield db.session
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise Conflict(conflict_message) from exc
    except BaseException:
        db.session.rollback()
        raise


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
