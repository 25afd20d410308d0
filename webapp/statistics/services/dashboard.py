"""The dashboard: every table of figures for one reader and one set of filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.extensions import db
from webapp.labels import department_name, task_title
from webapp.models import Department, HumanTask, TaskState, User
from webapp.statistics.services import figures, monitoring, snapshot, timing
from webapp.statistics.services.budget import budget_tables
from webapp.statistics.services.scope import Filters, scoped
from webapp.statistics.services.tables import (
    Row,
    Table,
    case_table,
    case_values,
    funnel_table,
    monitoring_table,
    timing_table,
)
from workflows.regions import PREFECTURES


@dataclass
class Dashboard:
    filters: Filters
    total: dict
    tables: list[Table]
    as_of: datetime | None = None  # when the roll-up the figures come from was built (naive UTC)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def as_json(self) -> dict:
        return {
            "filters": self.filters.as_query(),
            "as_of": self.as_of.isoformat() + "Z" if self.as_of else None,
            "total": self.total,
            "tables": [t.as_json() for t in self.tables],
        }


def dashboard(user: User, filters: Filters) -> Dashboard:
    filters = scoped(user, filters)
    as_of = snapshot.current()
    breakdown = figures.case_breakdown(filters)
    tables = [
        case_table("programs", _l("By program"), "bar", "program", breakdown.by["program"]),
        case_table("regions", _l("By prefecture"), "ranked", "region", breakdown.by["region"]),
    ]
    if filters.region in PREFECTURES:
        tables.append(case_table("counties", _l("By county"), "ranked", "county", breakdown.by["county"]))
    tables += [
        case_table("sizes", _l("By size class"), "bar", "size", breakdown.by["size"]),
        case_table("industries", _l("By industry"), "bar", "industry", breakdown.by["industry"]),
        case_table("months", _l("By month of submission"), "line", "month", breakdown.by["month"]),
        funnel_table(figures.funnel(filters)),
        *_timing_tables(filters),
        _corrections_table(filters),
        _ratings_table(filters),
        *_monitoring_tables(filters),
        *budget_tables(filters),
    ]
    return Dashboard(filters, case_values(breakdown.total), tables, as_of)


def _timing_tables(filters: Filters) -> list[Table]:
    by_department = timing.timing(filters, by_step=False)
    by_step = timing.timing(filters, by_step=True)
    departments = _departments({key[0] for key in by_department})
    titles = _step_titles(by_step)
    return [
        timing_table("departments", _l("Working days and overdue rate by department"), by_department, departments, {}),
        timing_table("steps", _l("Working days and overdue rate by step"), by_step, departments, titles),
    ]


def _departments(ids) -> dict[int, Department]:
    return {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(ids)))}


def _step_titles(groups) -> dict[str, str]:
    """A step's title in the reader's language, read from one of its rows (an index lookup each)."""
    titles = {}
    for department_id, step in groups:
        if step not in titles:
            row = db.session.scalars(
                select(HumanTask)
                .where(
                    HumanTask.state == TaskState.COMPLETED,
                    HumanTask.department_id == department_id,
                    HumanTask.step == step,
                )
                .limit(1)
            ).first()
            titles[step] = task_title(row) if row else step
    return titles


def _corrections_table(filters: Filters) -> Table:
    counts = figures.corrections(filters)
    table = Table(
        "corrections", str(_l("Corrections per case")), "bar", "cases", [("cases", _l("Number of cases"), "count")]
    )
    for rounds in sorted(counts):
        label = str(_l("%(n)s corrections", n=rounds))
        table.rows.append(Row(str(rounds), label, {"cases": counts[rounds]}, {"corrections": rounds}))
    cases = sum(counts.values())
    table.summary = {"average": round(sum(n * c for n, c in counts.items()) / cases, 2) if cases else None}
    return table


def _ratings_table(filters: Filters) -> Table:
    rows = timing.ratings(filters)
    departments = _departments(rows)
    columns = [("ratings", _l("Number of ratings"), "count"), ("average", _l("Average score (1–5)"), "score")]
    table = Table("ratings", str(_l("Ratings by department")), "bar", "average", columns)
    for department_id, (count, average) in sorted(rows.items(), key=lambda item: -item[1][1]):
        department = departments[department_id]
        values = {"ratings": count, "average": average}
        link = {"department": department.code, "rated": 1}
        table.rows.append(Row(department.code, department_name(department), values, link))
    return table


def _monitoring_tables(filters: Filters) -> list[Table]:
    groups = monitoring.monitoring(filters)
    return [
        monitoring_table("sme_sizes", _l("Registered enterprises by size class"), "size", groups["size"]),
        monitoring_table("sme_regions", _l("Registered enterprises by prefecture"), "region", groups["region"]),
        monitoring_table("sme_industries", _l("Registered enterprises by industry"), "industry", groups["industry"]),
    ]
