"""A department's inbox: filters, sorting, paging and a count beside every option, all in SQL.

A handful of statements whatever the number of tasks: the counts (one GROUP BY, see
services/kept_counts.py), the steps' titles, the page (its ids off an index, then the columns
it shows), the colleagues' names.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

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


@dataclass(frozen=True, slots=True)
class InboxRow:
    """What the list shows of a task: eleven columns, not the task, its application, enterprise and
    holder as objects (loading those took longer than the SQL that found them)."""

    id: int
    step: str
    title: str
    title_en: str | None
    number: str | None
    enterprise: str | None
    status: str | None  # the application's
    created_at: datetime
    due_at: datetime | None
    due_is_estimate: bool
    holder: str | None  # who claimed it, by name


@dataclass
class InboxPage:
    filters: InboxFilters
    tasks: list[InboxRow]
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
        tasks=_page(user, moments, filters, page, total),
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


def _page(user: User, moments: Moments, filters: InboxFilters, page: int, total: int) -> list[InboxRow]:
    """The page's rows, in two steps: the ids of the page, read off an open-task index alone (no
    table row is visited for the rows skipped), then those tasks with the columns the list shows.
    A page nearer the end is read from the end (the total is known), so the last page costs what
    the first does."""
    before = (page - 1) * filters.per_page
    size = min(filters.per_page, total - before)
    if size <= 0:
        return []
    from_end = total - before - size < before
    matching = select(HumanTask.id, _sort_column(filters)).where(*open_in_department(user), *_text_conditions(filters))
    if filters.program or filters.status:
        matching = matching.outerjoin(Application, HumanTask.application_id == Application.id)
    matching = matching.where(*_facet_conditions(filters, moments, user))
    skip = total - before - size if from_end else before
    if _walk_finds_late(filters, ascending=(filters.order == "asc") != from_end):
        # Every task the filters leave, off the span's own index, then sorted. OFFSET 0 keeps the
        # planner from merging the two back into the walk (a MATERIALIZED CTE would too, but writes
        # the tasks out first: 19 against 11 ms for 60,000).
        found = matching.offset(0).subquery("matching")
        keys = _order(filters, from_end, found.c[_sort_column(filters).key], found.c.id)
        ids = select(found.c.id).order_by(*keys).limit(size).offset(skip).subquery()
    else:  # walk the sort's index in order until the page is found
        keys = _order(filters, from_end, _sort_column(filters), HumanTask.id)
        ids = matching.order_by(*keys).limit(size).offset(skip).subquery()
    holder = aliased(User)
    rows = db.session.execute(
        select(
            HumanTask.id,
            HumanTask.step,
            HumanTask.title,
            HumanTask.title_en,
            Application.number,
            Enterprise.name,
            Application.status,
            HumanTask.created_at,
            HumanTask.due_at,
            HumanTask.due_is_estimate,
            holder.display_name,
        )
        .join(ids, ids.c.id == HumanTask.id)
        .outerjoin(Application, HumanTask.application_id == Application.id)
        .outerjoin(Enterprise, Application.enterprise_id == Enterprise.id)
        .outerjoin(holder, HumanTask.claimed_by_id == holder.id)
        .order_by(*_order(filters, False, _sort_column(filters), HumanTask.id))
    )
    return [InboxRow(*row) for row in rows]


def _sort_column(filters: InboxFilters):
    return {"received": HumanTask.created_at, "due": HumanTask.due_at, "number": HumanTask.application_number}[
        filters.sort
    ]


# The date filters that leave a short span of time just behind or ahead of now: a deadline is a time
# limit counted from receipt, and numbers are given in the order applications are submitted, so in
# each of the inbox's three orders those tasks lie together at the end, all of them recent.
RECENT_SPANS = {("due", "soon"), ("received", "today"), ("received", "recent")}


def _walk_finds_late(filters: InboxFilters, ascending: bool) -> bool:
    """Whether walking the sort's index from its oldest end would pass most of the department's tasks
    before the first that a recent span leaves ("due within 2 working days" in the order received:
    1.2 s at 1,000,000 open tasks; the planner, counting the columns apart, expects a match early).
    The page is then cut from the tasks in the span, read off the span's own index: few, as it is
    short. (Overdue and older tasks lie at the oldest end: newest first, the walk passes the recent
    ones, and collecting them instead would read most of the index.)"""
    chosen = {(facet, getattr(filters, facet)) for facet in ("due", "received") if facet != filters.sort}
    return ascending and bool(chosen & RECENT_SPANS)


def _order(filters: InboxFilters, reverse: bool, column, tie) -> tuple:
    """The ORDER BY of the inbox's sort (`reverse`: read from the end), the id breaking ties. A task
    with no deadline is the least pressing: last when the soonest come first, first when the latest
    do. That is the order of the due index read forwards or backwards, so it serves both."""
    ascending = (filters.order == "asc") != reverse
    ordered = column.asc() if ascending else column.desc()
    if filters.sort == "due":
        ordered = ordered.nulls_last() if ascending else ordered.nulls_first()
    return ordered, tie.asc() if ascending else tie.desc()


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
