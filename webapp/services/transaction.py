"""One use case, one transaction: commit at the end, or roll back everything."""

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp.extensions import db
from webapp.services.errors import Conflict


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
