"""Writing the audit trail; always inside the transaction of the change it records.

An entry is chained (`audit_chain`) when its transaction commits, not when it is recorded: the
chain head's lock is then the last lock the transaction takes (`locking`'s order), held only
for the commit, and two transactions writing at once never follow the same entry.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.common import locking
from webapp.common.audit_chain import HEAD_ID, canonical_data, digest_of
from webapp.extensions import db
from webapp.models import AuditChainHead, AuditEntry
from webapp.models._columns import utcnow

PENDING = "audit_pending"


def record(actor, action: str, subject, application_id: int | None = None, data: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        application_id=application_id,
        data=canonical_data(data),
    )
    db.session.info.setdefault(PENDING, []).append(entry)
    return entry


@contextmanager
def savepoint():
    """A SAVEPOINT inside the transaction: if the block raises, its changes *and* the entries it
    recorded are undone, and the rest of the transaction (with its entries) goes on to commit."""
    pending = db.session.info.setdefault(PENDING, [])
    mark = len(pending)
    try:
        with db.session.begin_nested():
            yield
    except BaseException:
        del pending[mark:]
        raise


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    if session.in_nested_transaction():
        # Releasing a SAVEPOINT fires this too: the entries wait for the real commit, so the head's
        # lock stays the last one taken and is held only for the commit, however many savepoints.
        return
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    head = locking.lock(AuditChainHead, HEAD_ID)
    if head is None:  # a database created before the chain: its migration adds the row
        head = AuditChainHead(id=HEAD_ID, seq=0)
        session.add(head)
        session.flush()
    for entry in pending:
        entry.seq, entry.prev_hash, entry.at = head.seq + 1, head.entry_hash, utcnow()
        entry.entry_hash = digest_of(entry)
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        session.add(entry)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session: Session, transaction) -> None:
    """A rolled-back step records nothing (after a commit the list is already empty)."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
