"""Government information disclosure: the same figures by program and year, with no sign-in and
nothing about any person or enterprise (no names, codes, regions below the whole region)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import CaseFigureGroup as Group
from webapp.statistics.services import snapshot
from webapp.statistics.services.figures import aggregates, figures_of, group_conditions
from webapp.statistics.services.scope import Filters
from webapp.statistics.services.tables import CASE_COLUMNS, Row, Table, case_values, dimension_label


def public_table(filters: Filters) -> Table:
    """Rows per (program, year of submission), newest year first."""
    snapshot.current()
    year = func.substr(Group.month, 1, 4)
    conditions = [*group_conditions(Filters(year=filters.year, program=filters.program)), Group.applications > 0]
    statement = select(Group.program, year, *aggregates()).where(*conditions).group_by(Group.program, year)
    columns = [("year", _l("Year"), "text"), *CASE_COLUMNS]
    table = Table("public", str(_l("Applications and support by program and year")), "bar", "applications", columns)
    rows = []
    for program, in_year, *values in db.session.execute(statement):
        figures = figures_of(values)
        rows.append((in_year, program, figures))
    for in_year, program, figures in sorted(rows, key=lambda r: (-int(r[0]), -r[2].applications, r[1])):
        label = dimension_label("program", program)
        table.rows.append(Row(f"{program}:{in_year}", label, {"year": in_year, **case_values(figures)}, None))
    return table
