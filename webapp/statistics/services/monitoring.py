"""SME monitoring (《办法》第七条): registered enterprises by size class, region and industry, from
their profiles, with how many applied (submitted a case in the period) and were supported
(a case approved)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, exists, func, literal, select, union_all

from webapp.extensions import db
from webapp.models import Application, Enterprise
from webapp.statistics.services.figures import APPROVED
from webapp.statistics.services.scope import Filters, case_conditions

DIMENSIONS = ("size", "region", "industry")


@dataclass(frozen=True)
class Monitoring:
    registered: int
    applied: int
    supported: int


def monitoring(filters: Filters) -> dict[str, dict[str, Monitoring]]:
    """{dimension: {value: Monitoring}}, plus {"total": {"": Monitoring}}."""
    cases = Filters(year=filters.year, program=filters.program, department=filters.department)

    def has_case(*more):
        return exists(
            select(Application.id).where(
                Application.enterprise_id == Enterprise.id,
                Application.submitted_at.is_not(None),
                *more,
                *case_conditions(cases),
            )
        )

    enterprises = select(
        Enterprise.size_class.label("size"),
        Enterprise.region_prefecture.label("region"),
        Enterprise.industry.label("industry"),
        case((has_case(), 1), else_=0).label("applied"),
        case((has_case(Application.status.in_(APPROVED)), 1), else_=0).label("supported"),
    )
    if filters.region:
        enterprises = enterprises.where(*case_conditions(Filters(region=filters.region)))
    table = enterprises.cte("profiles")
    counts = (func.count(), func.sum(table.c.applied), func.sum(table.c.supported))
    parts = [select(literal("total"), literal(""), *counts)]
    parts += [select(literal(d), table.c[d], *counts).group_by(table.c[d]) for d in DIMENSIONS]
    result: dict[str, dict[str, Monitoring]] = {d: {} for d in ("total", *DIMENSIONS)}
    for dimension, key, registered, applied, supported in db.session.execute(union_all(*parts)):
        result[dimension][key or ""] = Monitoring(int(registered), int(applied or 0), int(supported or 0))
    return result
