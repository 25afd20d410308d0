from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class StepFigureGroup(db.Model):
    """Departments' steps that share every key the timing figures group or filter by, counted.

    A roll-up of task rows (webapp/statistics/services/rollup.py): per department, step, Beijing
    year of receipt, the case's program and region, state, and — for completed steps — the whole
    working days they took. Durations are whole days, so these rows are a histogram and a median
    or 90th percentile is read from its cumulative counts exactly.
    """

    __tablename__ = "statistics_step_groups"
    __table_args__ = (Index("ix_statistics_step_groups_scope", "year", "department_id", "program"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int]
    step: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    program: Mapped[str | None] = mapped_column(String(32))
    prefecture: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    completed: Mapped[bool]
    working_days: Mapped[int | None]  # completed steps only
    steps: Mapped[int] = mapped_column(default=0)
    with_deadline: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)  # completed after the time limit, or open past it
