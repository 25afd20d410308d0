"""Writing the audit trail; always inside the transaction of the change it records."""

from webapp.extensions import db
from webapp.models import AuditEntry


def record(actor, action: str, subject, application_id: int | None = None, data: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        application_id=application_id,
        data=data,
    )
    db.session.add(entry)
    return entry
