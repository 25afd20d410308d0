"""A call for applications (申报通知 / 申报批次): one program, one year, dates, a budget from a fund line."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.department import Department
from webapp.models.fund_line import FundLine


class FundingCall(db.Model):
    __tablename__ = "funding_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_code: Mapped[str] = mapped_column(String(32), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    fund_line_id: Mapped[int] = mapped_column(ForeignKey("fund_lines.id"), index=True)
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    opens_on: Mapped[date]
    closes_on: Mapped[date | None]  # None: an always-open call for a continuous program
    budget: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    # Per applicant; required where the sub-point names no figure of its own.
    ceiling: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    regions: Mapped[list | None] = mapped_column(JSON)  # prefectures it is open to; None: all
    notice_days: Mapped[int] = mapped_column(default=5)  # working days of 公示 before payment
    # The 申兑指南: who may apply, conditions, documents, time limit, contact.
    guide_eligibility: Mapped[str] = mapped_column(Text, default="")
    guide_conditions: Mapped[str] = mapped_column(Text, default="")
    guide_documents: Mapped[str] = mapped_column(Text, default="")
    guide_time_limit: Mapped[str] = mapped_column(Text, default="")
    guide_contact: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    fund_line: Mapped[FundLine] = relationship()
    lead_department: Mapped[Department] = relationship()

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)

    def status_on(self, day: date) -> str:
        if day < self.opens_on:
            return "upcoming"
        return "open" if self.is_open_on(day) else "closed"
