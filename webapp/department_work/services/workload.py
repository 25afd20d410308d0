"""A department head's overview: the department's open work by person and by age.

Counted from the same GROUP BY as the inbox's option counts (services/task_counts.py), so each
number here is the count the inbox shows when its link is followed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from webapp.common.errors import PermissionDenied
from webapp.department_work.services.inbox import colleagues_of
from webapp.department_work.services.task_counts import Moments, department_groups
from webapp.extensions import db
from webapp.models import User


@dataclass
class WorkloadRow:
    holder: User | None  # None: nobody has claimed these
    counts: Counter = field(default_factory=Counter)  # total, today, recent, older, overdue

    @property
    def key(self) -> str:
        return str(self.holder.id) if self.holder else "unclaimed"


@dataclass
class Workload:
    rows: list[WorkloadRow]
    totals: Counter


def department_workload(user: User, now: datetime | None = None) -> Workload:
    """For a department head: open work by person (and unclaimed) and by age."""
    if not user.is_head or user.department_id is None:
        raise PermissionDenied("Only the head of a department may open this page.")
    groups = department_groups(Moments.at(now), user.department_id)
    rows = {c.id: WorkloadRow(c) for c in colleagues_of(user)}
    unclaimed = WorkloadRow(None)
    totals = Counter()
    for group in groups:
        if group.holder is not None and group.holder not in rows:  # claimed, then moved to another department
            rows[group.holder] = WorkloadRow(db.session.get(User, group.holder))
        row = unclaimed if group.holder is None else rows[group.holder]
        for counter in (row.counts, totals):
            counter["total"] += group.count
            counter[group.received] += group.count
            if group.due == "overdue":
                counter["overdue"] += group.count
    ordered = sorted(rows.values(), key=lambda r: (-r.counts["total"], r.holder.display_name))
    return Workload(rows=[unclaimed, *ordered], totals=totals)
