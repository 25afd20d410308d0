"""Counting a department's open tasks by every dimension the inbox filters on, in one GROUP BY.

The groups carry program, application status, step, holder and two buckets computed with the
working-day calendar: due (none, overdue, within 2 working days, later) and received (today,
1-5 working days ago, earlier). The inbox sums them into the count beside each filter option
(with every *other* filter applied, so 「已逾期 (12)」 answers "how many overdue among what the
other filters show"); the head's overview sums them by person and age.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select, union_all

from webapp.department_work.services import kept_counts
from webapp.department_work.services.inbox_moments import Moments, bucket_of, buckets_named
from webapp.extensions import db
from webapp.models import Application, HumanTask, TaskState, User

ANY, FACETS = kept_counts.ANY, kept_counts.FACETS


@dataclass(frozen=True)
class Group:
    """Open tasks sharing every filterable dimension, and how many."""

    program: str | None
    status: str | None
    step: str
    holder: int | None
    due: str
    received: str
    count: int
    title: str
    title_en: str | None


@dataclass(frozen=True)
class StepOption:
    step: str
    title: str
    title_en: str | None
    count: int


def count_groups(moments: Moments, *where) -> list[Group]:
    """The open tasks `where` says, grouped by every filterable dimension (one statement), with titles.

    Tasks are grouped on their own columns first and joined to their applications only then (one
    lookup per group, not per task). Each level groups the columns of the subquery below it:
    PostgreSQL would not match a GROUP BY CASE to the SELECT's CASE, each having its own bound
    parameters. Titles are not read here but looked up for one task of each step: the statement
    then reads only columns an index could cover.
    """
    rows = (
        select(
            HumanTask.step,
            HumanTask.claimed_by_id.label("holder"),
            HumanTask.application_id.label("app"),
            bucket_of(moments).label("bucket"),
            HumanTask.id,
        )
        .where(*where)
        .subquery()
    )
    keys = (rows.c.step, rows.c.holder, rows.c.app, rows.c.bucket)
    per_case = select(*keys, func.count().label("n"), func.min(rows.c.id).label("task_id")).group_by(*keys).subquery()
    program, status = Application.program_code, Application.status
    keys = (program, status, per_case.c.step, per_case.c.holder, per_case.c.bucket)
    query = (
        select(*keys, func.sum(per_case.c.n), func.min(per_case.c.task_id))
        .select_from(per_case)
        .outerjoin(Application, per_case.c.app == Application.id)
        .group_by(*keys)
    )
    found = db.session.execute(query).all()
    titles = _titles({step: task_id for _program, _status, step, _holder, _bucket, _n, task_id in found})
    groups = []
    for program_code, status_value, step, holder, bucket, count, _task_id in found:
        due, received = buckets_named(bucket)
        groups.append(Group(program_code, status_value, step, holder, due, received, int(count), *titles[step]))
    return groups


def department_groups(moments: Moments, department_id: int) -> list[Group]:
    """All the department's open tasks in groups, from the counts kept as tasks change (a few hundred
    rows however many tasks), or grouped from the tasks when the database keeps none."""
    kept = kept_counts.kept_keys(department_id, moments)
    if kept is None:
        return count_groups(moments, HumanTask.department_id == department_id, HumanTask.state == TaskState.OPEN)
    titles = _titles_in(department_id, {step for _program, _status, step, _holder, _bucket in kept})
    return [
        Group(program or None, status or None, step, holder or None, *buckets_named(bucket), n, *titles[step])
        for (program, status, step, holder, bucket), n in kept.items()
    ]


def _titles_in(department_id: int, steps: set[str]) -> dict[str, tuple[str, str | None]]:
    """Each step's title from one open task of it: one statement, an indexed lookup per step."""
    if not steps:
        return {}
    one_of_each = [
        select(HumanTask.step, HumanTask.title, HumanTask.title_en)
        .where(HumanTask.department_id == department_id, HumanTask.state == TaskState.OPEN, HumanTask.step == step)
        .limit(1)
        .subquery()
        for step in sorted(steps)
    ]
    found = {
        step: (title, title_en) for step, title, title_en in db.session.execute(union_all(*map(select, one_of_each)))
    }
    return {step: found.get(step, (step, None)) for step in steps}


def _titles(task_of_step: dict[str, int]) -> dict[str, tuple[str, str | None]]:
    """Each step's title (and English title) from one of its tasks: a handful of primary-key reads."""
    if not task_of_step:
        return {}
    query = select(HumanTask.step, HumanTask.title, HumanTask.title_en).where(HumanTask.id.in_(task_of_step.values()))
    return {step: (title, title_en) for step, title, title_en in db.session.execute(query)}


def _options(group: Group) -> dict[str, str]:
    """The option of each filter the group falls under, spelled as the filter spells it."""
    return {
        "program": group.program or "",
        "step": group.step,
        "status": group.status or "",
        "holder": "unclaimed" if group.holder is None else str(group.holder),
        "due": group.due,
        "received": group.received,
    }


def facet_counts(groups: list[Group], filters, user: User) -> dict[str, Counter]:
    """For each filter, how many tasks each of its options leaves when every other filter applies.

    A group counts for a filter's options when it passes all the other chosen filters, i.e. when
    it fails none, or fails only that filter itself.
    """
    chosen_here = chosen(filters, user)
    counts = {facet: Counter() for facet in FACETS}
    for group in groups:
        options = _options(group)
        failed = [facet for facet, value in chosen_here.items() if options[facet] != value]
        if len(failed) > 1:
            continue
        for facet in failed or FACETS:
            counts[facet][options[facet]] += group.count
            counts[facet][ANY] += group.count
    counts["holder"]["me"] = counts["holder"][str(user.id)]
    return counts


def chosen(filters, user: User) -> dict[str, str]:
    """The filters chosen among FACETS, "me" spelled as the caller's id."""
    picked = {facet: getattr(filters, facet) for facet in FACETS if getattr(filters, facet)}
    if picked.get("holder") == "me":
        picked["holder"] = str(user.id)
    return picked


def step_titles(groups: list[Group]) -> dict[str, tuple[str, str | None]]:
    titles = {}
    for group in groups:
        titles.setdefault(group.step, (group.title, group.title_en))
    return titles


def titles_of_steps(department_id: int, counts: Counter, selected: str) -> dict[str, tuple[str, str | None]]:
    """The titles of the steps the counts name (and the one selected), from the department's tasks."""
    steps = {step for step, n in counts.items() if n and step != ANY} | ({selected} if selected else set())
    return _titles_in(department_id, steps)


def step_options(titles: dict[str, tuple[str, str | None]], counts: Counter, selected: str) -> list[StepOption]:
    options = [StepOption(step, *titles[step], counts[step]) for step in titles if counts[step] or step == selected]
    if selected and selected not in titles:
        options.append(StepOption(selected, selected, None, 0))
    return sorted(options, key=lambda o: (-o.count, o.step))
