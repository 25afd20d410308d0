"""How fast departments work: working days per step and per department (median, p90) and
overdue rates, read from the roll-up of task rows (StepFigureGroup); ratings per department.

Task figures count the departments' task rows (not the applicant's) that arrived in the chosen
year, of cases of the chosen program and region, at the chosen department.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.models import Application, Enterprise, Rating
from webapp.models import StepFigureGroup as Group
from webapp.statistics.services.percentiles import summary
from webapp.statistics.services.scope import Filters, case_conditions, department_id


@dataclass(frozen=True)
class Timing:
    completed: int
    median_days: float | None
    p90_days: float | None
    with_deadline: int = 0
    overdue: int = 0

    @property
    def overdue_rate(self) -> float | None:
        return round(self.overdue / self.with_deadline, 4) if self.with_deadline else None


def step_conditions(filters: Filters) -> list:
    conditions = []
    if filters.year:
        conditions.append(Group.year == filters.year)
    if filters.department:
        conditions.append(Group.department_id == department_id(filters.department))
    if filters.program:
        conditions.append(Group.program == filters.program)
    if filters.region:
        conditions.append(or_(Group.prefecture == filters.region, Group.county == filters.region))
    return conditions


def timing(filters: Filters, by_step: bool) -> dict[tuple, Timing]:
    """{(department_id, step) or (department_id,): Timing} of the departments' tasks."""
    conditions = step_conditions(filters)
    durations = (
        select(Group.department_id, Group.step, Group.working_days, func.sum(Group.steps))
        .where(Group.completed.is_(True), *conditions)
        .group_by(Group.department_id, Group.step, Group.working_days)
    )
    deadlines = (
        select(Group.department_id, Group.step, func.sum(Group.with_deadline), func.sum(Group.late))
        .where(*conditions)
        .group_by(Group.department_id, Group.step)
    )
    histograms: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for department, step, days, count in db.session.execute(durations):
        histograms[_key(department, step, by_step)][int(days)] += int(count)
    overdue: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for department, step, with_deadline, late in db.session.execute(deadlines):
        totals = overdue[_key(department, step, by_step)]
        totals[0] += int(with_deadline or 0)
        totals[1] += int(late or 0)
    result = {}
    for key in sorted(set(histograms) | {k for k, v in overdue.items() if v[0]}, key=lambda k: tuple(map(str, k))):
        count, median, p90 = summary(histograms.get(key, {}))
        with_deadline, late = overdue.get(key, (0, 0))
        result[key] = Timing(count, _days(median), _days(p90), with_deadline, late)
    return result


def _key(department: int, step: str, by_step: bool) -> tuple:
    return (department, step) if by_step else (department,)


def _days(value) -> float | None:
    return None if value is None else round(float(value), 1)


def ratings(filters: Filters) -> dict[int, tuple[int, float]]:
    """{department id: (ratings, average score)} of the filtered cases."""
    statement = (
        select(Rating.department_id, func.count(), func.avg(Rating.score))
        .join(Application, Application.id == Rating.application_id)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .where(Rating.department_id.is_not(None), *case_conditions(filters))
        .group_by(Rating.department_id)
    )
    return {d: (int(n), round(float(avg), 2)) for d, n, avg in db.session.execute(statement)}
