"""Cases, outcomes and amounts by program, region, size class, industry and month; the funnel.

Read from the roll-up of cases (CaseFigureGroup, built by rollup.py): one statement groups the
filtered groups once per dimension and puts the results together with UNION ALL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, literal, or_, select, union_all

from webapp.extensions import db
from webapp.models import CaseFigureGroup as Group
from webapp.statistics.services.scope import Filters, department_id

DIMENSIONS = ("program", "region", "county", "size", "industry", "month")
COLUMNS = {
    "program": Group.program,
    "region": Group.prefecture,
    "county": Group.county,
    "size": Group.size,
    "industry": Group.industry,
    "month": Group.month,
}


@dataclass
class CaseFigures:
    applications: int = 0
    approved: int = 0
    refused: int = 0
    withdrawn: int = 0
    requested: Decimal = Decimal(0)
    approved_amount: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)

    @property
    def approval_rate(self) -> float | None:
        """Approved among the decided (approved or refused); None while nothing is decided."""
        decided = self.approved + self.refused
        return round(self.approved / decided, 4) if decided else None


@dataclass
class CaseBreakdown:
    total: CaseFigures = field(default_factory=CaseFigures)
    by: dict[str, dict[str, CaseFigures]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})


def group_conditions(filters: Filters) -> list:
    """The groups of the filtered cases: all cases' groups, or those of the department's cases."""
    conditions = []
    if filters.department:
        conditions.append(Group.departments.contains(f",{department_id(filters.department)},"))
    if filters.year:
        conditions += [Group.month >= f"{filters.year}-01", Group.month <= f"{filters.year}-12"]
    if filters.program:
        conditions.append(Group.program == filters.program)
    if filters.region:
        conditions.append(or_(Group.prefecture == filters.region, Group.county == filters.region))
    return conditions


def aggregates():
    def total(column):
        return func.coalesce(func.sum(column), 0)

    return (
        total(Group.applications),
        total(Group.approved),
        total(Group.refused),
        total(Group.withdrawn),
        total(Group.requested),
        total(Group.approved_amount),
        total(Group.paid),
    )


def figures_of(values) -> CaseFigures:
    """A row of `aggregates` as figures."""
    return CaseFigures(*[int(v or 0) for v in values[:4]], *[Decimal(v or 0) for v in values[4:]])


def case_breakdown(filters: Filters) -> CaseBreakdown:
    submitted = [*group_conditions(filters), Group.applications > 0]
    parts = [select(literal("total"), literal(""), *aggregates()).where(*submitted)]
    for dimension in DIMENSIONS:
        column = COLUMNS[dimension]
        parts.append(select(literal(dimension), column, *aggregates()).where(*submitted).group_by(column))
    result = CaseBreakdown()
    for dimension, key, *values in db.session.execute(union_all(*parts)):
        figures = figures_of(values)
        if dimension == "total":
            result.total = figures
        else:
            result.by[dimension][key or ""] = figures
    return result


@dataclass(frozen=True)
class Funnel:
    started: int  # applications begun (drafts included, deleted drafts too) in the period
    submitted: int
    accepted: int  # passed the acceptance step
    approved: int
    paid: int

    def stages(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, name)) for name in ("started", "submitted", "accepted", "approved", "paid")]


def funnel(filters: Filters) -> Funnel:
    stages = (Group.started, Group.applications, Group.accepted, Group.approved, Group.paid_cases)
    row = db.session.execute(select(*[func.sum(s) for s in stages]).where(*group_conditions(filters))).one()
    return Funnel(*[int(v or 0) for v in row])


def corrections(filters: Filters) -> dict[int, int]:
    """{number of corrections: cases}: how often the applicant had to correct or resubmit a case."""
    statement = (
        select(Group.corrections, func.sum(Group.applications))
        .where(*group_conditions(filters), Group.applications > 0)
        .group_by(Group.corrections)
    )
    return {int(n): int(count) for n, count in db.session.execute(statement)}
