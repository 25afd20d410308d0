from decimal import Decimal

from sqlalchemy import Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class CaseFigureGroup(db.Model):
    """Cases that share every key the dashboard groups or filters by, counted and summed.

    A roll-up of applications (webapp/statistics/services/rollup.py builds it): the dashboard then
    reads groups, not cases. `departments` lists the departments that hold a task row of the group's
    cases (",3,7,"; "," for none), for the department filter. `month` is the Beijing month of
    submission — except for `started`, counted in the month the draft was begun.
    """

    __tablename__ = "statistics_case_groups"
    __table_args__ = (Index("ix_statistics_case_groups_scope", "month", "program"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    departments: Mapped[str] = mapped_column(String(400))
    month: Mapped[str | None] = mapped_column(String(7))
    program: Mapped[str] = mapped_column(String(32))
    prefecture: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[str | None] = mapped_column(String(16))
    industry: Mapped[str | None] = mapped_column(String(50))
    corrections: Mapped[int] = mapped_column(default=0)
    started: Mapped[int] = mapped_column(default=0)
    applications: Mapped[int] = mapped_column(default=0)
    accepted: Mapped[int] = mapped_column(default=0)
    approved: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    withdrawn: Mapped[int] = mapped_column(default=0)
    paid_cases: Mapped[int] = mapped_column(default=0)
    requested: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=0)
    approved_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=0)
    paid: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=0)
