"""抄告: a department without a task is told of the case and may read it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.department import Department
from webapp.models.user import User


class InfoCopy(db.Model):
    """抄告: a department without a task is told of the case and may read it."""

    __tablename__ = "info_copies"
    __table_args__ = (Index("ix_info_copies_department_read", "department_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    step: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    department: Mapped[Department] = relationship()
    sent_by: Mapped[User | None] = relationship()
    application = relationship("Application", viewonly=True)
