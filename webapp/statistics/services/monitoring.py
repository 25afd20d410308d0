"""SME monitoring (《办法》第七条): registered enterprises by size class, region and industry, from
their profiles, with how many applied (submitted a case in the period) and were supported
(a case approved)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, or_, select, union_all

from webapp.extensions import db
from webapp.models import EnterpriseFigureGroup as Group
from webapp.statistics.services.scope import Filters, department_id

DIMENSIONS = ("size", "region", "industry")
COLUMNS = {"size": Group.size, "region": Group.prefecture, "industry": Group.industry}


@dataclass(frozen=True)
class Monitoring:
    registered: int
    applied: int
    supported: int


def monitoring(filters: Filters) -> dict[str, dict[str, Monitoring]]:
    """{dimension: {value: Monitoring}}, plus {"total": {"": Monitoring}}."""
    region = [or_(Group.prefecture == filters.region, Group.county == filters.region)] if filters.region else []
    registered = _sums(Group.registered, [*_case_scope(Filters()), *region])
    applied = _sums(Group.applied, [*_case_scope(filters), *region])
    supported = _sums(Group.supported, [*_case_scope(filters), *region])
    result: dict[str, dict[str, Monitoring]] = {d: {} for d in ("total", *DIMENSIONS)}
    for dimension, groups in registered.items():
        for key, count in groups.items():
            result[dimension][key] = Monitoring(
                count, applied.get(dimension, {}).get(key, 0), supported.get(dimension, {}).get(key, 0)
            )
    return result


def _case_scope(filters: Filters) -> list:
    """The groups that count enterprises with a case of this year, program and department ("any"
    where the filter is not given)."""
    code = filters.department
    return [
        Group.department_id == department_id(code) if code else Group.department_id.is_(None),
        Group.year == filters.year if filters.year else Group.year.is_(None),
        Group.program == filters.program if filters.program else Group.program.is_(None),
    ]


def _sums(column, conditions: list) -> dict[str, dict[str, int]]:
    total = func.coalesce(func.sum(column), 0)
    parts = [select(literal("total"), literal(""), total).where(*conditions)]
    parts += [select(literal(d), COLUMNS[d], total).where(*conditions).group_by(COLUMNS[d]) for d in DIMENSIONS]
    sums: dict[str, dict[str, int]] = {}
    for dimension, key, value in db.session.execute(union_all(*parts)):
        sums.setdefault(dimension, {})[key or ""] = int(value)
    return sums
