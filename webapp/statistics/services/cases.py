"""The cases behind a figure: every number on the dashboard links here with its filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select

from webapp.common.errors import Invalid
from webapp.department_work.services.calendar import now_utc
from webapp.extensions import db
from webapp.models import Application, Enterprise, HumanTask, Rating, TaskState, User
from webapp.statistics.services import budget
from webapp.statistics.services.outcomes import APPROVED, PAID, REFUSED, WITHDRAWN
from webapp.statistics.services.scope import Filters, case_conditions, department_id, parse_filters, scoped
from webapp.statistics.services.sql import beijing_month

PAGE_SIZE = 50
OUTCOMES = {"approved": APPROVED, "refused": REFUSED, "withdrawn": WITHDRAWN, "paid": PAID}
NARROWER = (
    "month",
    "size",
    "industry",
    "county",
    "outcome",
    "step",
    "corrections",
    "rated",
    "overdue",
    "call",  # the cases committed against a call (a row of the budget execution)
    "fund_line",  # the cases committed against any call of a fund line
)
WHOLE_NUMBERS = ("corrections", "call", "fund_line")


@dataclass(frozen=True)
class CaseQuery:
    filters: Filters
    narrower: dict  # by name in NARROWER

    def as_query(self) -> dict:
        return self.filters.as_query(**self.narrower)


def parse_case_query(user: User, args) -> CaseQuery:
    filters = scoped(user, parse_filters(args))
    narrower = {name: args.get(name).strip() for name in NARROWER if (args.get(name) or "").strip()}
    # ASCII digits only (int() would fail on "²"), and few enough for a database integer
    errors = {
        name: ["A whole number."]
        for name in WHOLE_NUMBERS
        if name in narrower and not (narrower[name].isascii() and narrower[name].isdigit() and len(narrower[name]) < 10)
    }
    if errors:
        raise Invalid("The filters have errors.", errors)
    return CaseQuery(filters, narrower)


def list_cases(query: CaseQuery, page: int = 1) -> tuple[list[Application], int]:
    """One page of the cases, newest first, and how many there are."""
    started = query.narrower.get("outcome") == "started"
    stamp = Application.created_at if started else Application.submitted_at
    conditions = _filter_conditions(query, stamp)
    if not started:
        conditions.append(Application.submitted_at.is_not(None))
    conditions += _narrower_conditions(query)
    base = select(Application).join(Enterprise, Enterprise.id == Application.enterprise_id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.scalars(
        base.order_by(Application.id.desc()).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return list(rows), total


def _filter_conditions(query: CaseQuery, stamp) -> list:
    n = query.narrower
    if "call" in n or "fund_line" in n:
        # A budget row's cases, counted as its "cases committed": its call or line fixes the year and
        # the program, budgets know no region, and the row must be one the reader's filters show.
        call, line = (int(n[name]) if name in n else None for name in ("call", "fund_line"))
        return [budget.committed_cases(query.filters, call=call, fund_line=line)]
    return case_conditions(query.filters, stamp=stamp)


def _narrower_conditions(query: CaseQuery) -> list:
    n, conditions = query.narrower, []
    if "month" in n:
        conditions.append(beijing_month(Application.submitted_at) == n["month"])
    if "size" in n:
        conditions.append(Enterprise.size_class == n["size"])
    if "industry" in n:
        conditions.append(Enterprise.industry == n["industry"])
    if "county" in n:
        conditions.append(Enterprise.region_county == n["county"])
    if n.get("outcome") in OUTCOMES:
        conditions.append(Application.status.in_(OUTCOMES[n["outcome"]]))
    if n.get("outcome") == "accepted":
        conditions.append(_has_task(HumanTask.step == "accept", HumanTask.decision == "approve"))
    if "step" in n or "overdue" in n:
        conditions.append(_has_task(*_task_conditions(query)))
    if "corrections" in n:
        conditions.append(_corrections() == int(n["corrections"]))
    if "rated" in n:
        rated = select(Rating.id).where(Rating.application_id == Application.id)
        if query.filters.department:
            rated = rated.where(Rating.department_id == department_id(query.filters.department))
        conditions.append(exists(rated))
    return conditions


def _task_conditions(query: CaseQuery) -> list:
    conditions = [HumanTask.state != TaskState.CANCELLED]
    if "step" in query.narrower:
        conditions.append(HumanTask.step == query.narrower["step"])
    if query.filters.department:
        conditions.append(HumanTask.department_id == department_id(query.filters.department))
    if "overdue" in query.narrower:
        conditions.append(
            or_(
                and_(HumanTask.state == TaskState.COMPLETED, HumanTask.completed_at > HumanTask.due_at),
                and_(HumanTask.state == TaskState.OPEN, HumanTask.due_at < now_utc()),
            )
        )
    return conditions


def _has_task(*conditions):
    return exists(select(HumanTask.id).where(HumanTask.application_id == Application.id, *conditions))


def _corrections():
    """The applicant's completed rows less the submission itself."""
    return (
        select(func.count() - 1)
        .where(
            HumanTask.application_id == Application.id,
            HumanTask.for_applicant.is_(True),
            HumanTask.state == TaskState.COMPLETED,
        )
        .scalar_subquery()
    )
