"""The case clock: a whole application's committed time limit (承诺办结时限) in working days, stopped
while the case is with the applicant (a correction, 补正) or in a special step (特殊环节: expert
review, public notice, site visit), which lie outside the time limit.

How days count — the same convention as `deadline_end`: days are Beijing calendar days, and the day
something is received does not count.

- The clock starts on receipt (submission). Working days *after* the submission day, up to and
  including today, are elapsed; today counts as soon as it starts (a partially used working day is
  used). So on the due day itself `used == limit` and `left == 0`, as `working_days_left` says for a
  step.
- A stop from moment `a` to moment `b` covers the working days after `a`'s day up to and including
  `b`'s day: the day the clock stops was worked on, and the day it restarts is a new receipt (the
  resubmission), which does not count either. A stop opened and closed on the same day costs
  nothing. A stop still running covers the working days after its start up to and including today.
- Stops that overlap (two special steps at once) are merged first, so no day is taken off twice.
- The due date is the end (23:59:59 Beijing) of the (limit + stopped)-th working day after the
  submission day: the deadline is pushed back by exactly the stopped working days. While the clock
  is stopped this date is provisional: every working day of the stop moves it one day further.

Moments may be naive (UTC, as the database stores them) or aware; results are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from workflows.working_days import BEIJING, WorkingCalendar


@dataclass(frozen=True)
class CaseClock:
    limit: int  # working days the case may take (extensions included)
    used: int  # working days elapsed, stopped days not counted
    left: int  # limit - used; 0 on the due day, negative when overdue
    stopped_days: int  # working days the clock stood still
    stopped: bool  # the clock is stopped now
    stopped_since: datetime | None  # when the current stop began (aware UTC)
    due_at: datetime  # end of the due day, Beijing, as aware UTC
    estimated: bool  # some day on the way had no holiday data (weekdays only)
    closed: bool  # computed up to the case's close, not to now

    @property
    def overdue(self) -> bool:
        return self.left < 0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(moment: datetime) -> date:
    return _aware(moment).astimezone(BEIJING).date()


def merge(intervals: list[tuple[datetime, datetime | None]], start: datetime, end: datetime) -> list[tuple]:
    """Stops clipped to [start, end] and merged where they overlap; an open stop runs to `end`."""
    clipped = []
    for opened, closed in intervals:
        a = max(_aware(opened), start)
        b = min(_aware(closed), end) if closed is not None else end
        if b > a:
            clipped.append((a, b, closed is None or _aware(closed) > end))
    clipped.sort()
    merged: list[list] = []
    for a, b, running in clipped:
        if merged and a <= merged[-1][1]:
            last = merged[-1]
            if b > last[1]:
                last[1] = b
            last[2] = last[2] or running
        else:
            merged.append([a, b, running])
    return [tuple(m) for m in merged]


def case_clock(
    submitted: datetime,
    stops: list[tuple[datetime, datetime | None]],
    limit: int,
    calendar: WorkingCalendar,
    now: datetime,
    closed: datetime | None = None,
) -> CaseClock:
    """The clock at `now`, or at `closed` once the case has ended (its total)."""
    start = _aware(submitted)
    end = _aware(closed) if closed is not None else _aware(now)
    end = max(end, start)
    start_day, end_day = _day(start), _day(end)
    stopped_days, stopped_since = 0, None
    for a, b, running in merge(stops, start, end):
        stopped_days += calendar.working_days_between(_day(a), _day(b))
        if running and closed is None:
            stopped_since = a
    elapsed = calendar.working_days_between(start_day, end_day)
    used = elapsed - stopped_days
    due = calendar.add_working_days(start_day, limit + stopped_days)
    # The estimate flag covers the days counted so far too (a year with no holiday data).
    estimated = due.estimated or calendar.add_working_days(start_day, max(elapsed, 0)).estimated
    due_at = datetime.combine(due.day, time(23, 59, 59), tzinfo=BEIJING).astimezone(UTC)
    return CaseClock(
        limit=limit,
        used=used,
        left=limit - used,
        stopped_days=stopped_days,
        stopped=stopped_since is not None,
        stopped_since=stopped_since,
        due_at=due_at,
        estimated=estimated,
        closed=closed is not None,
    )
