from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class EnterpriseFigureGroup(db.Model):
    """Registered enterprises that share a profile (size, region, industry), and how many of them
    applied and were supported under each year, program and department a filter may name.

    Distinct enterprises do not add up across years or programs, so a group exists for "any year"
    and "any program" too (`year`/`program` None); `department_id` None means any department.
    `registered` is filled in the rows of any year, program and department only.
    """

    __tablename__ = "statistics_enterprise_groups"
    __table_args__ = (Index("ix_statistics_enterprise_groups_scope", "department_id", "year", "program"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int | None]
    year: Mapped[int | None]
    program: Mapped[str | None] = mapped_column(String(32))
    size: Mapped[str | None] = mapped_column(String(16))
    prefecture: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    industry: Mapped[str | None] = mapped_column(String(50))
    registered: Mapped[int] = mapped_column(default=0)
    applied: Mapped[int] = mapped_column(default=0)
    supported: Mapped[int] = mapped_column(default=0)
