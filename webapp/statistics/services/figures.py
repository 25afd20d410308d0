"""Cases, outcomes and amounts by program, region, size class, industry and month; the funnel.

One statement: the filtered cases (each with the amount its decision approved and the amount paid)
are a common table expression, grouped once per dimension and the groups put together with UNION
ALL, so the database reads the cases once (PostgreSQL materialises a CTE used more than once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, literal, select, union_all

from webapp.extensions import db
from webapp.models import Application, Enterprise, HumanTask, TaskState
from webapp.statistics.services.scope import Filters, case_conditions
from webapp.statistics.services.sql import beijing_month, task_amount

# A grant paid in tranches is "partly_paid" until its last tranche (webapp/money/services/payments.py);
# a recovered one was approved and paid before the money came back.
APPROVED = ("awaiting_disbursement", "partly_paid", "disbursed", "recovered", "approved")
REFUSED = ("rejected", "not_accepted")
PAID = ("partly_paid", "disbursed", "recovered")
WITHDRAWN = ("withdrawn",)
DIMENSIONS = ("program", "region", "county", "size", "industry", "month")


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


def _step_amounts(step: str, amount_field: str, decision: str | None = None):
    conditions = [HumanTask.step == step, HumanTask.state == TaskState.COMPLETED]
    if decision:
        conditions.append(HumanTask.decision == decision)
    return (
        select(HumanTask.application_id, func.sum(task_amount(amount_field)).label("amount"))
        .where(*conditions)
        .group_by(HumanTask.application_id)
        .subquery()
    )


def cases_cte(filters: Filters):
    decided = _step_amounts("decide", "approved_amount", "approve")
    paid = _step_amounts("disburse", "disbursed_amount")
    return (
        select(
            Application.id,
            Application.program_code.label("program"),
            Enterprise.region_prefecture.label("region"),
            Enterprise.region_county.label("county"),
            Enterprise.size_class.label("size"),
            Enterprise.industry.label("industry"),
            beijing_month(Application.submitted_at).label("month"),
            Application.status,
            Application.amount_requested.label("requested"),
            decided.c.amount.label("approved_amount"),
            paid.c.amount.label("paid"),
        )
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .outerjoin(decided, decided.c.application_id == Application.id)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.submitted_at.is_not(None), *case_conditions(filters))
        .cte("cases")
    )


def aggregates(cases):
    def counted(statuses):
        return func.sum(case((cases.c.status.in_(statuses), 1), else_=0))

    return (
        func.count(),
        counted(APPROVED),
        counted(REFUSED),
        counted(WITHDRAWN),
        func.coalesce(func.sum(cases.c.requested), 0),
        func.coalesce(func.sum(cases.c.approved_amount), 0),
        func.coalesce(func.sum(cases.c.paid), 0),
    )


def figures_of(values) -> CaseFigures:
    """A row of `aggregates` as figures."""
    return CaseFigures(*[int(v or 0) for v in values[:4]], *[Decimal(v or 0) for v in values[4:]])


def case_breakdown(filters: Filters) -> CaseBreakdown:
    cases = cases_cte(filters)
    parts = [select(literal("total"), literal(""), *aggregates(cases))]
    for dimension in DIMENSIONS:
        column = cases.c[dimension]
        parts.append(select(literal(dimension), column, *aggregates(cases)).group_by(column))
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
    started = db.session.scalar(
        select(func.count())
        .select_from(Application)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .where(*case_conditions(filters, stamp=Application.created_at))
    )
    accepted_step = exists(
        select(HumanTask.id).where(
            and_(
                HumanTask.application_id == Application.id,
                HumanTask.step == "accept",
                HumanTask.state == TaskState.COMPLETED,
                HumanTask.decision == "approve",
            )
        )
    )
    row = db.session.execute(
        select(
            func.count(),
            func.sum(case((accepted_step, 1), else_=0)),
            func.sum(case((Application.status.in_(APPROVED), 1), else_=0)),
            func.sum(case((Application.status.in_(PAID), 1), else_=0)),
        )
        .select_from(Application)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .where(Application.submitted_at.is_not(None), *case_conditions(filters))
    ).one()
    return Funnel(started, *[int(v or 0) for v in row])
