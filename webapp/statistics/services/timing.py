"""How fast departments work: working days per step and per department (median, p90), overdue
rates, corrections per case and ratings per department, each one SQL aggregate.

Task figures count the departments' task rows (not the applicant's) that arrived in the chosen
year, of cases of the chosen program and region, at the chosen department.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from webapp.department_work.services.calendar import now_utc
from webapp.extensions import db
from webapp.models import Application, Enterprise, HumanTask, Rating, TaskState, WorkingDayNumber
from webapp.statistics.services.day_numbers import ensure_numbered
from webapp.statistics.services.percentiles import percentiles
from webapp.statistics.services.scope import Filters, case_conditions, department_id, year_range
from webapp.statistics.services.sql import beijing_day


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


def task_conditions(filters: Filters) -> list:
    conditions = [HumanTask.department_id.is_not(None), HumanTask.for_applicant.is_(False)]
    if filters.year:
        start, end = year_range(filters.year)
        conditions += [HumanTask.created_at >= start, HumanTask.created_at < end]
    if filters.department:
        conditions.append(HumanTask.department_id == department_id(filters.department))
    if filters.program or filters.region:
        by_case = Filters(program=filters.program, region=filters.region)
        cases = (
            select(Application.id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(*case_conditions(by_case))
        )
        conditions.append(HumanTask.application_id.in_(cases))
    return conditions


def _durations(filters: Filters, groups: list):
    received, completed = aliased(WorkingDayNumber), aliased(WorkingDayNumber)
    return (
        select(*groups, (completed.number - received.number).label("days"))
        .select_from(HumanTask)
        .join(received, received.day == beijing_day(HumanTask.created_at))
        .join(completed, completed.day == beijing_day(HumanTask.completed_at))
        .where(HumanTask.state == TaskState.COMPLETED, *task_conditions(filters))
    )


def _overdue_counts(filters: Filters, groups: list) -> dict[tuple, tuple[int, int]]:
    now = now_utc()
    late = or_(
        and_(HumanTask.state == TaskState.COMPLETED, HumanTask.completed_at > HumanTask.due_at),
        and_(HumanTask.state == TaskState.OPEN, HumanTask.due_at < now),
    )
    statement = (
        select(*groups, func.count(), func.sum(case((late, 1), else_=0)))
        .where(HumanTask.due_at.is_not(None), HumanTask.state != TaskState.CANCELLED, *task_conditions(filters))
        .group_by(*groups)
    )
    return {tuple(row[: len(groups)]): (int(row[-2]), int(row[-1] or 0)) for row in db.session.execute(statement)}


def timing(filters: Filters, by_step: bool) -> dict[tuple, Timing]:
    """{(department_id, step) or (department_id,): Timing} of the departments' tasks."""
    ensure_numbered()
    columns = [HumanTask.department_id.label("department_id")]
    if by_step:
        columns.append(HumanTask.step.label("step"))
    names = [c.key for c in columns]
    spans = percentiles(_durations(filters, columns), names, "days")
    overdue = _overdue_counts(filters, columns)
    result = {}
    for key in sorted(set(spans) | set(overdue), key=lambda k: tuple(str(x) for x in k)):
        count, median, p90 = spans.get(key, (0, None, None))
        with_deadline, late = overdue.get(key, (0, 0))
        result[key] = Timing(int(count), _days(median), _days(p90), with_deadline, late)
    return result


def _days(value) -> float | None:
    return None if value is None else round(float(value), 1)


def corrections(filters: Filters) -> dict[int, int]:
    """{number of corrections: cases}: how often the applicant had to correct or resubmit a case."""
    # Every submitted case has one completed applicant row for the submission itself.
    rounds = (
        select(HumanTask.application_id, (func.count() - 1).label("n"))
        .where(HumanTask.for_applicant.is_(True), HumanTask.state == TaskState.COMPLETED)
        .group_by(HumanTask.application_id)
        .subquery()
    )
    per_case = func.coalesce(rounds.c.n, 0)
    statement = (
        select(per_case, func.count())
        .select_from(Application)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .outerjoin(rounds, rounds.c.application_id == Application.id)
        .where(Application.submitted_at.is_not(None), *case_conditions(filters))
        .group_by(per_case)
    )
    return {int(n): int(count) for n, count in db.session.execute(statement)}


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
