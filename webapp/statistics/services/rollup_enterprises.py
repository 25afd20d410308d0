"""The roll-up of enterprises (EnterpriseFigureGroup): registered enterprises by profile, and how
many applied and were supported per department, year and program (rollup.py calls this)."""

from __future__ import annotations

from sqlalchemy import Integer, String, cast, func, insert, literal, null, select, union_all

from webapp.extensions import db
from webapp.models import Application, Enterprise, EnterpriseFigureGroup, HumanTask
from webapp.statistics.services.outcomes import APPROVED
from webapp.statistics.services.sql import beijing_month, flag


def insert_enterprise_groups() -> None:
    profile = [Enterprise.size_class, Enterprise.region_prefecture, Enterprise.region_county, Enterprise.industry]
    columns = ["department_id", "year", "program", "size", "prefecture", "county", "industry"]
    counts = ["registered", "applied", "supported"]
    registered = (
        select(null(), null(), null(), *profile, func.count(), literal(0), literal(0))
        .select_from(Enterprise)
        .group_by(*profile)
    )
    db.session.execute(insert(EnterpriseFigureGroup).from_select(columns + counts, registered))
    base = _enterprise_cases()
    # Distinct enterprises do not add up across years or programs: one set of groups for each of
    # "this year and program", "this year, any program", "any year, this program", "any year and program".
    parts = [_enterprise_part(base, profile, by_year, by_program) for by_year in (1, 0) for by_program in (1, 0)]
    db.session.execute(insert(EnterpriseFigureGroup).from_select(columns + counts, union_all(*parts)))


def _enterprise_cases():
    """Each enterprise once per department (or none: any department), year and program it submitted
    a case in, and whether one of those cases was approved."""
    scopes = _scopes()
    keys = [
        scopes.c.department_id,
        cast(func.substr(beijing_month(Application.submitted_at), 1, 4), Integer).label("year"),
        Application.program_code.label("program"),
        Application.enterprise_id,
    ]
    return (
        select(*keys, func.max(flag(Application.status.in_(APPROVED))).label("supported"))
        .join(scopes, scopes.c.application_id == Application.id)
        .where(Application.submitted_at.is_not(None))
        .group_by(*keys)
        .cte("enterprise_cases")
    )


def _enterprise_part(base, profile, by_year: int, by_program: int):
    """The groups of one of the four kinds; each enterprise is counted once in a group (hashing
    first, then counting: count(DISTINCT) would sort)."""
    keys = [base.c.department_id, *([base.c.year] if by_year else []), *([base.c.program] if by_program else [])]
    once = (
        select(*keys, base.c.enterprise_id, func.max(base.c.supported).label("supported"))
        .group_by(*keys, base.c.enterprise_id)
        .subquery()
    )
    grouped = [once.c[k.name] for k in keys]
    year = once.c.year if by_year else cast(null(), Integer)
    program = once.c.program if by_program else cast(null(), String)
    return (
        select(once.c.department_id, year, program, *profile, literal(0), func.count(), func.sum(once.c.supported))
        .join(Enterprise, Enterprise.id == once.c.enterprise_id)
        .group_by(*grouped, *profile)
    )


def _scopes():
    """(application, department): every case once with no department, then once per department
    that holds a task row of it — what the department filter means."""
    everyone = select(Application.id.label("application_id"), cast(null(), Integer).label("department_id"))
    worked = (
        select(HumanTask.application_id, HumanTask.department_id)
        .where(HumanTask.department_id.is_not(None), HumanTask.application_id.is_not(None))
        .distinct()
    )
    return union_all(everyone, worked).cte("scopes")
