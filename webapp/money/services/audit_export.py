"""The audit trail of a year as a CSV for the auditor (审计厅): who did what, to what, when, with what data."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.common.errors import PermissionDenied
from webapp.extensions import db
from webapp.models import AuditEntry, User

COLUMNS = ("id", "at_utc", "actor", "action", "subject_type", "subject_id", "application_id", "data")


def audit_trail_csv(user: User, year: int) -> bytes:
    if not (user.is_auditor or user.is_admin):
        raise PermissionDenied("Only auditors and administrators may export the audit trail.")
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .where(AuditEntry.at >= datetime(year, 1, 1), AuditEntry.at < datetime(year + 1, 1, 1))
        .order_by(AuditEntry.id)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for entry in db.session.scalars(query):
        writer.writerow(
            [
                entry.id,
                entry.at.isoformat(),
                entry.actor.username if entry.actor else "",
                entry.action,
                entry.subject_type,
                entry.subject_id,
                entry.application_id or "",
                json.dumps(entry.data, ensure_ascii=False, default=str) if entry.data else "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
