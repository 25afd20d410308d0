from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._columns import utcnow


class FileContent(db.Model):
    """A stored file's bytes, under their SHA-256, when FILE_STORE is "database": every app node
    then reads what any node stored (webapp/applications/services/file_store.py). The same content
    is stored once; rows are only added."""

    __tablename__ = "file_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
