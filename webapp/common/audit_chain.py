"""The audit trail's hash chain: how an entry's hash is computed, and how the whole chain is checked.

Invariant: entries numbered 1…N by `seq`, no gaps; entry k's `prev_hash` is entry k-1's
`entry_hash` (entry 1's is GENESIS_HASH); `entry_hash` = SHA-256(prev_hash ‖ "\\n" ‖ canonical
form); the chain head row holds N and entry N's hash. Changing any column of an entry changes its
hash; removing or inserting one breaks the numbering or the link that follows it; removing the
tail leaves the head pointing past the end. Only someone who rewrites every later entry *and*
the head can hide a change — which is what exporting the head's hash elsewhere (a daily print of
`flask audit verify`) guards against.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AuditChainHead, AuditEntry
from webapp.models.audit import GENESIS_HASH

HEAD_ID = 1
BATCH = 1000


def canonical_data(data):
    """The data as the database gives it back (tuples become lists, keys strings): hashed and stored."""
    return None if data is None else json.loads(json.dumps(data, ensure_ascii=False))


def entry_digest(prev_hash: str, seq: int, at: datetime, *fields) -> str:
    """`fields`: actor_id, action, subject_type, subject_id, application_id, data, in that order."""
    form = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), *fields],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{form}".encode()).hexdigest()


def digest_of(entry: AuditEntry) -> str:
    return entry_digest(
        entry.prev_hash or "",
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.action,
        entry.subject_type,
        entry.subject_id,
        entry.application_id,
        entry.data,
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int  # entries found whole and in order before the first broken link
    broken_seq: int | None = None  # the first entry whose link does not hold
    broken_id: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


def verify_chain() -> ChainReport:
    """Walk the chain in order; the first link that does not hold, or None."""
    unchained = db.session.scalar(select(func.min(AuditEntry.id)).where(AuditEntry.seq.is_(None)))
    if unchained is not None:
        return ChainReport(0, None, unchained, "an entry outside the chain (no sequence number)")
    previous, expected = GENESIS_HASH, 1
    for entry in _in_order():
        reason = _broken_link(entry, expected, previous)
        if reason is not None:
            return ChainReport(expected - 1, entry.seq, entry.id, reason)
        previous, expected = entry.entry_hash, expected + 1
    return _check_head(expected - 1, previous)


def _in_order():
    """Every entry by `seq`, a batch at a time (keyset pages: nothing stays open if we stop early)."""
    after = 0
    while True:
        query = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(BATCH)
        batch = db.session.scalars(query).all()
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].seq
        db.session.expunge_all()  # a long trail is read in constant memory


def _broken_link(entry: AuditEntry, expected: int, previous: str) -> str | None:
    if entry.seq != expected:
        return f"entry {expected} is missing (the next one is {entry.seq})"
    if entry.prev_hash != previous:
        return "it does not carry the previous entry's hash"
    if entry.entry_hash != digest_of(entry):
        return "its content does not match its hash (changed after it was written)"
    return None


def _check_head(count: int, last_hash: str) -> ChainReport:
    head = db.session.get(AuditChainHead, HEAD_ID)
    if head is None:
        return ChainReport(count, None, None, "the chain head is missing")
    if head.seq != count or head.entry_hash != last_hash:
        return ChainReport(count, count + 1, None, f"the chain should reach entry {head.seq}; it ends at {count}")
    return ChainReport(count)
