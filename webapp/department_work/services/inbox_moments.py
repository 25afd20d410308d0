"""The instants a task's due and received buckets turn on, and the bucket as one small integer.

Due: none, overdue, within SOON_DAYS working days, later. Received: today, within RECENT_DAYS
working days, earlier. Both are counted with the working-day calendar, so they move with the clock:
the counts kept per bucket (kept_counts.py) are kept against one set of these moments and
corrected for the tasks whose due or received time lies between those and the current ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import case

from webapp.department_work.services.calendar import beijing_today, current_calendar
from webapp.models import HumanTask
from workflows import clock
from workflows.working_days import BEIJING, deadline_end

SOON_DAYS = 2
RECENT_DAYS = 5
DUE_BUCKETS = ("none", "overdue", "soon", "later")
RECEIVED_BUCKETS = ("today", "recent", "older")


@dataclass(frozen=True)
class Moments:
    """The instants the due and received buckets turn on, from the working-day calendar (naive UTC)."""

    now: datetime
    today_start: datetime
    recent_start: datetime  # received on or after: within RECENT_DAYS working days
    soon_end: datetime  # due on or before: within SOON_DAYS working days

    @classmethod
    def at(cls, now: datetime | None = None) -> Moments:
        now = now or clock.now().astimezone(UTC).replace(tzinfo=None)
        calendar = current_calendar()
        today = beijing_today(now)
        soon_end, _estimated = deadline_end(now, SOON_DAYS, calendar)
        return cls(
            now=now,
            today_start=_day_start(today),
            recent_start=_day_start(calendar.earliest_day_within(today, RECENT_DAYS)),
            soon_end=soon_end.replace(tzinfo=None),
        )


def _day_start(day) -> datetime:
    return datetime.combine(day, time(), tzinfo=BEIJING).astimezone(UTC).replace(tzinfo=None)


def bucket_of(moments: Moments):
    """Due and received as one small integer (due * 3 + received): cheaper to group than two strings."""
    due = case(
        (HumanTask.due_at.is_(None), 0),
        (HumanTask.due_at < moments.now, 1),
        (HumanTask.due_at <= moments.soon_end, 2),
        else_=3,
    )
    received = case(
        (HumanTask.created_at >= moments.today_start, 0),
        (HumanTask.created_at >= moments.recent_start, 1),
        else_=2,
    )
    return due * len(RECEIVED_BUCKETS) + received


def bucket_number(due_at: datetime | None, created_at: datetime, moments: Moments) -> int:
    """`bucket_of` for one task in hand, in Python (the same edges, the same number)."""
    if due_at is None:
        due = 0
    elif due_at < moments.now:
        due = 1
    elif due_at <= moments.soon_end:
        due = 2
    else:
        due = 3
    if created_at >= moments.today_start:
        received = 0
    elif created_at >= moments.recent_start:
        received = 1
    else:
        received = 2
    return due * len(RECEIVED_BUCKETS) + received


def buckets_named(bucket: int) -> tuple[str, str]:
    """(due, received) of a bucket number."""
    due, received = divmod(bucket, len(RECEIVED_BUCKETS))
    return DUE_BUCKETS[due], RECEIVED_BUCKETS[received]
