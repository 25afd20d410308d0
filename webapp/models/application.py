import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.enterprise import Enterprise
from webapp.models.process import ProcessInstance
from webapp.models.user import User


class ApplicationStatus(enum.StrEnum):
    """Statuses the app sets itself; steps of a process add their own (their `status` property)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class Application(db.Model):
    """An enterprise's application for one support program (办件)."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    program_code: Mapped[str] = mapped_column(String(32), index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), index=True)
    amount_requested: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(32), default=ApplicationStatus.DRAFT, index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    enterprise: Mapped[Enterprise] = relationship()
    applicant: Mapped[User] = relationship()
    instance: Mapped[ProcessInstance | None] = relationship()
    tasks = relationship("HumanTask", back_populates="application", order_by="HumanTask.id")

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    def can_view(self, user) -> bool:
        if user.is_admin:
            return True
        if user.is_applicant:
            return user.enterprise_id == self.enterprise_id
        return any(t.department_id == user.department_id for t in self.tasks)
