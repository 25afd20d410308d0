from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._columns import utcnow


class CalendarDay(db.Model):
    """A holiday or make-up working day an administrator entered (e.g. next year's, once published)."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    workday: Mapped[bool]  # True: a make-up working day (调休); False: a public holiday
    name: Mapped[str] = mapped_column(String(100))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
