"""A department's inbox: filters, sorting, paging and a count beside every option, all in SQL.

A handful of statements whatever the number of tasks: the counts (one GROUP BY, see
services/task_counts.py, and the steps' titles by primary key), the page with its applications,
the colleagues' names.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import datetime

from sqlalchemy import func, select

from webapp.common.errors import Invalid, PermissionDenied
from webapp.department_work.services import kept_counts
from webapp.department_work.services.task_counts import (
    ANY,
    FACETS,
    Moments,
    StepOption,
    chosen,
    count_groups,
    facet_counts,
    step_options,
    step_titles,
    titles_of_steps,
)
from webapp.department_work.services.tasks import TASK_LIST_LOADS
from webapp.extensions import db
from webapp.models import Application, Enterprise, HumanTask, TaskState, User
from webapp.people.services.accounts import staff_of

DUE_OPTIONS = ("overdue", "soon")  # past its deadline; due within 2 working days
RECEIVED_OPTIONS = ("today", "recent", "older")  # today; 1-5 working days ago; earlier
SORTS = ("received", "due", "number")
PER_PAGE = (25, 50, 100)


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox shows: validated by forms/inbox.py, so every value here is a legal one."""

    program: str = ""
    step: str = ""
    status: str = ""
    holder: str = ""  # "", "unclaimed", "me" or a colleague's user id
    due: str = ""
    received: str = ""
    enterprise: str = ""
    number: str = ""
    sort: str = "received"
    order: str = "asc"
    per_page: int = 25
    page: int = 1

    def args(self, **changes) -> dict:
        """Query arguments for a link: only what differs from the defaults; a new filter starts at page 1."""
        values = replace(self, **({"page": 1} | changes))
        return {f.name: getattr(values, f.name) for f in fields(values) if getattr(values, f.name) != f.default}

    @property
    def filtered(self) -> bool:
        return any(getattr(self, name) for name in (*FACETS, "enterprise", "number"))


@dataclass
class InboxPage:
    filters: InboxFilters
    tasks: list[HumanTask]
    total: int  # tasks matching every filter
    everything: int  # the department's open tasks, unfiltered
    counts: dict[str, Counter]  # facet -> option -> tasks matching the other filters; ANY: any option
    steps: list[StepOption]
    colleagues: list[User]
    page: int
    pages: int
    clamped: bool  # the page asked for is past the last one: the last is shown

    @property
    def first(self) -> int:
        return (self.page - 1) * self.filters.per_page + 1 if self.tasks else 0

    @property
    def last(self) -> int:
        return self.first + len(self.tasks) - 1 if self.tasks else 0


def inbox_page(user: User, filters: InboxFilters, now: datetime | None = None) -> InboxPage:
    """The caller's department's open tasks, filtered, sorted and paged, with a count per option."""
    if not user.is_staff or user.department_id is None:
        raise PermissionDenied("Only department staff have an inbox.")
    colleagues = colleagues_of(user)
    if filters.holder not in ("", "unclaimed", "me") and int(filters.holder) not in {c.id for c in colleagues}:
        raise Invalid("That person is not a member of your department.", {"holder": [filters.holder]})
    moments = Moments.at(now)
    kept = (
        None if _text_filtered(filters) else kept_counts.kept_facets(user.department_id, moments, chosen(filters, user))
    )
    if kept is not None:
        counts, everything = kept
        counts["holder"]["me"] = counts["holder"][str(user.id)]
        steps = step_options(
            titles_of_steps(user.department_id, counts["step"], filters.step), counts["step"], filters.step
        )
    else:  # a name or number typed (no count is kept per name or number): group the tasks they leave
        groups = count_groups(moments, *open_in_department(user), *_text_conditions(filters))
        counts, everything = facet_counts(groups, filters, user), _count_all(user)
        steps = step_options(step_titles(groups), counts["step"], filters.step)
    total = counts["due"][filters.due or ANY]  # every other filter, and this one
    pages = max(1, math.ceil(total / filters.per_page))
    page = min(filters.page, pages)
    return InboxPage(
        filters=filters,
        tasks=_page(user, moments, filters, page),
        total=total,
        everything=everything,
        counts=counts,
        steps=steps,
        colleagues=colleagues,
        page=page,
        pages=pages,
        clamped=page != filters.page,
    )


# -- SQL -----------------------------------------------------------------------------------------


def colleagues_of(user: User) -> list[User]:
    return [u for u in staff_of(user.department) if u.is_staff and u.active]  # work goes to active ones only


def open_in_department(user: User):
    # An applicant's task has no department, so no for_applicant test: these two columns are
    # ix_human_tasks_department_state, and a plain count reads nothing else.
    return HumanTask.department_id == user.department_id, HumanTask.state == TaskState.OPEN


def _text_conditions(filters: InboxFilters) -> list:
    """The two "contains" filters: no counts beside them, so they narrow every count."""
    conditions = []
    if filters.enterprise:
        named = (
            select(Application.id)
            .join(Enterprise, Application.enterprise_id == Enterprise.id)
            .where(Enterprise.name.icontains(filters.enterprise, autoescape=True))
        )
        conditions.append(HumanTask.application_id.in_(named))
    if filters.number:
        numbered = select(Application.id).where(Application.number.icontains(filters.number, autoescape=True))
        conditions.append(HumanTask.application_id.in_(numbered))
    return conditions


def _text_filtered(filters: InboxFilters) -> bool:
    return bool(filters.enterprise or filters.number)


def _count_all(user: User) -> int:
    kept = kept_counts.kept_total(user.department_id)
    if kept is not None:
        return kept
    return db.session.scalar(select(func.count()).select_from(HumanTask).where(*open_in_department(user)))


def _page(user: User, moments: Moments, filters: InboxFilters, page: int) -> list[HumanTask]:
    query = select(HumanTask).where(*open_in_department(user), *_text_conditions(filters))
    if filters.program or filters.status:
        query = query.outerjoin(Application, HumanTask.application_id == Application.id)
    query = query.where(*_facet_conditions(filters, moments, user))
    columns = {"received": HumanTask.created_at, "due": HumanTask.due_at, "number": HumanTask.application_number}
    column = columns[filters.sort]
    ascending = filters.order == "asc"
    ordered = column.asc() if ascending else column.desc()
    # Only the due date says where the empties go (a tenth of tasks have none): spelled on a column
    # that is never empty (received; the number, given at submission before any department task)
    # it would stop PostgreSQL reading the open-task index backwards for the newest first, and it
    # would sort every open task of the department instead.
    query = query.order_by(
        ordered.nulls_last() if filters.sort == "due" else ordered,
        HumanTask.id.asc() if ascending else HumanTask.id.desc(),
    )
    query = query.options(*TASK_LIST_LOADS).limit(filters.per_page).offset((page - 1) * filters.per_page)
    return list(db.session.scalars(query))


def _facet_conditions(filters: InboxFilters, moments: Moments, user: User) -> list:
    conditions = []
    if filters.program:
        conditions.append(Application.program_code == filters.program)
    if filters.status:
        conditions.append(Application.status == filters.status)
    if filters.step:
        conditions.append(HumanTask.step == filters.step)
    if filters.holder:
        holder = {"unclaimed": None, "me": user.id}.get(filters.holder, filters.holder)
        claimed_by = HumanTask.claimed_by_id
        conditions.append(claimed_by.is_(None) if holder is None else claimed_by == int(holder))
    # The buckets of _bucket() as plain ranges, which an index on the column could serve.
    due_at, created_at = HumanTask.due_at, HumanTask.created_at
    if filters.due == "overdue":
        conditions.append(due_at < moments.now)
    elif filters.due == "soon":
        conditions += [due_at >= moments.now, due_at <= moments.soon_end]
    if filters.received == "today":
        conditions.append(created_at >= moments.today_start)
    elif filters.received == "recent":
        conditions += [created_at >= moments.recent_start, created_at < moments.today_start]
    elif filters.received == "older":
        conditions.append(created_at < moments.recent_start)
    return conditions
