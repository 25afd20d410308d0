from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.user import User

# The hash a chain's first entry follows.
GENESIS_HASH = "0" * 64


class AuditEntry(db.Model):
    """Append-only record of every state change: who did what, when, to what, with which data.

    Tamper-evident: entry `seq` carries the hash of entry `seq - 1` (`prev_hash`) and its own
    (`entry_hash`, SHA-256 over `prev_hash` and the entry's canonical form), so a changed,
    removed or inserted row breaks the chain at that point (`services/audit.verify_chain`).
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    data: Mapped[dict | None] = mapped_column(JSON)
    # Position in the chain, 1, 2, 3 … without gaps; given under the chain head's lock at commit.
    seq: Mapped[int | None] = mapped_column(unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


class AuditChainHead(db.Model):
    """One row: the last entry's number and hash. Locking it orders concurrent writers into one chain,
    and it tells a verifier how long the chain must be (a removed tail shows)."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    entry_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(mapper, connection, target):
    raise PermissionError("audit entries are append-only")
