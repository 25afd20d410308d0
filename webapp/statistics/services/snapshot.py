"""Whether the roll-up tables are current, and rebuilding them when they are not.

Every change a figure counts writes an audit entry, so the roll-up is current while the audit
chain is as long as when it was built (and the build is younger than STATISTICS_MAX_AGE_SECONDS,
since open steps turn overdue with time alone). Who rebuilds a roll-up that is behind depends on
what a build costs: a request, when the last build took at most STATISTICS_INLINE_BUILD_MS (a
department's or a demo's database: figures are then exact at every view); the worker otherwise,
at most every STATISTICS_REFRESH_SECONDS, while pages show the figures "as of" their build.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from webapp.common import locking
from webapp.common.audit_chain import HEAD_ID
from webapp.common.errors import Conflict
from webapp.common.transaction import unit_of_work
from webapp.department_work.services.calendar import now_utc
from webapp.extensions import db
from webapp.models import AuditChainHead, StatisticsSnapshot
from webapp.statistics.services import rollup
from webapp.statistics.services.day_numbers import ensure_numbered

SNAPSHOT_ID = 1


def current() -> datetime | None:
    """When the figures a reader is about to see were built (rebuilt first if that is cheap)."""
    snapshot = _snapshot()
    if snapshot.built_at is not None and (
        _is_current(snapshot, _audit_seq()) or snapshot.build_ms > current_app.config["STATISTICS_INLINE_BUILD_MS"]
    ):
        return snapshot.built_at
    return refresh()


def refresh_if_due() -> bool:
    """The worker's round: rebuild when behind and the last build is old enough; True if it did."""
    snapshot = _snapshot()
    if _is_current(snapshot, _audit_seq()):
        return False
    every = timedelta(seconds=current_app.config["STATISTICS_REFRESH_SECONDS"])
    if snapshot.built_at is not None and timedelta(0) <= now_utc() - snapshot.built_at < every:
        return False
    refresh()
    return True


def refresh(force: bool = False) -> datetime | None:
    """Rebuild the roll-up unless another build made it current meanwhile; when it was built."""
    ensure_numbered()
    started = time.perf_counter()
    try:
        with unit_of_work():
            snapshot = locking.lock(StatisticsSnapshot, SNAPSHOT_ID)  # one build at a time
            seq = _audit_seq()  # read before the tables, so the build holds at least this much
            if not force and _is_current(snapshot, seq):
                return snapshot.built_at
            rollup.rebuild()
            snapshot.built_at, snapshot.audit_seq = now_utc(), seq
            snapshot.build_ms = round((time.perf_counter() - started) * 1000)
            built_at = snapshot.built_at
    except Conflict:  # SQLite: another request was building at the same moment; its figures serve
        db.session.rollback()
        return _snapshot().built_at
    return built_at


def _is_current(snapshot: StatisticsSnapshot, seq: int) -> bool:
    if snapshot.built_at is None or snapshot.audit_seq != seq:
        return False
    age = now_utc() - snapshot.built_at
    return timedelta(0) <= age <= timedelta(seconds=current_app.config["STATISTICS_MAX_AGE_SECONDS"])


def _audit_seq() -> int:
    return db.session.scalar(select(AuditChainHead.seq).where(AuditChainHead.id == HEAD_ID)) or 0


def _snapshot() -> StatisticsSnapshot:
    snapshot = db.session.get(StatisticsSnapshot, SNAPSHOT_ID, populate_existing=True)
    if snapshot is None:  # a database made by create_all (tests) rather than the migration
        try:
            with unit_of_work():
                db.session.add(StatisticsSnapshot(id=SNAPSHOT_ID, audit_seq=-1, build_ms=0))
        except Conflict:
            pass  # created by another request meanwhile
        snapshot = db.session.get(StatisticsSnapshot, SNAPSHOT_ID, populate_existing=True)
    return snapshot
