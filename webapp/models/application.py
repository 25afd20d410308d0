import enum
import hashlib
import hmac
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.enterprise import Enterprise
from webapp.models.process import ProcessInstance
from webapp.models.task import TaskState
from webapp.models.user import User

# The lead department's decision step: every shipped and generated process names it `decide`.
DECISION_STEP = "decide"


class ApplicationStatus(enum.StrEnum):
    """Statuses the app sets itself; steps of a process add their own (their `status` property)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Application(db.Model):
    """An enterprise's application for one support program (办件)."""

    __tablename__ = "applications"
    __table_args__ = (
        # Statistics count submitted cases by year (a range of submitted_at), program and status.
        Index("ix_applications_statistics", "submitted_at", "program_code", "status", "enterprise_id"),
    )

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
    # When the form last autosaved while the application was a draft.
    draft_saved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # SHA-256 of "number:code"; the code itself is shown to the applicant once, at submission.
    query_code_hash: Mapped[str | None] = mapped_column(String(64))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # The call (申报批次) it was submitted under: its budget is what an approval commits against.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("funding_calls.id"), index=True)

    enterprise: Mapped[Enterprise] = relationship()
    applicant: Mapped[User] = relationship()
    instance: Mapped[ProcessInstance | None] = relationship()
    call = relationship("FundingCall")
    tasks = relationship("HumanTask", back_populates="application", order_by="HumanTask.id")
    info_copies = relationship("InfoCopy", order_by="InfoCopy.id", viewonly=True)

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ApplicationStatus.WITHDRAWN

    @property
    def decision_task(self):
        """The lead's completed decision step (the latest, should a process decide twice), or None."""
        decided = [t for t in self.tasks if t.step == DECISION_STEP and t.state == TaskState.COMPLETED]
        return decided[-1] if decided else None

    @property
    def is_under_way(self) -> bool:
        """Submitted, its process still running, and not decided yet: what may still be withdrawn."""
        return self.instance is not None and self.instance.status == "running" and self.decision_task is None

    def can_withdraw(self, user) -> bool:
        return user.is_applicant and user.enterprise_id == self.enterprise_id and self.is_under_way

    def set_query_code(self, code: str) -> None:
        self.query_code_hash = _query_code_digest(self.number, code)

    def check_query_code(self, code: str) -> bool:
        if not self.query_code_hash:
            return False
        return hmac.compare_digest(self.query_code_hash, _query_code_digest(self.number, code))

    def can_view(self, user) -> bool:
        if user.is_admin or user.is_auditor:
            return True
        if user.is_applicant:
            return user.enterprise_id == self.enterprise_id
        return self.involves(user.department_id)

    def involves(self, department_id: int | None) -> bool:
        """A department has or had a task on this case, or was sent an information copy (抄告)."""
        if department_id is None:
            return False
        return any(t.department_id == department_id for t in self.tasks) or any(
            c.department_id == department_id for c in self.info_copies
        )


def _query_code_digest(number: str, code: str) -> str:
    # A fast hash is enough: what the code unlocks (status, department, date) is in this same
    # database, and guessing over the network is what the lookup's rate limit stops.
    return hashlib.sha256(f"{number}:{code}".encode()).hexdigest()
