from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._columns import utcnow


class LookupAttempt(db.Model):
    """A failed public status lookup, kept for the rate limit's window to slow down guessing.

    Kept in the database rather than in memory so that every server process (gunicorn runs
    several) counts the same attempts, and a restart does not reset them.
    """

    __tablename__ = "lookup_attempts"
    __table_args__ = (Index("ix_lookup_attempts_client_at", "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))  # keyed hash of the client's IP address, not the address
    at: Mapped[datetime] = mapped_column(default=utcnow)
