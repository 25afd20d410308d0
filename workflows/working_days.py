"""Working days under the Chinese calendar: public holidays and make-up working weekends (调休).

Statutory and committed time limits are counted in working days. Three sources, in order:
days an administrator entered (the State Council publishes each next year's holidays in the
autumn), the `chinese-calendar` package (2004–2026 in version 1.11), and — for a year neither
knows — plain Monday-to-Friday, flagged so that the deadline is shown as an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Deadline:
    day: date
    estimated: bool  # some day on the way had no holiday data: weekends only


@dataclass
class WorkingCalendar:
    # Administrator-entered days: True = a working day (调休 make-up day), False = a holiday.
    entered: dict[date, bool] = field(default_factory=dict)
    # Answers already looked up: an inbox page asks about the same days for every row, and the
    # package's lookup validates its argument each time (~25 µs).
    _known: dict[date, tuple[bool, bool]] = field(default_factory=dict, repr=False, compare=False)
    # Spans already counted: the rows of an inbox page share a few due days ("3 working days left").
    _spans: dict[tuple[date, date], int] = field(default_factory=dict, repr=False, compare=False)

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """(is it a working day, do we know for sure)."""
        if day in self.entered:
            return self.entered[day], True
        if day not in self._known:
            self._known[day] = self._look_up(day)
        return self._known[day]

    @staticmethod
    def _look_up(day: date) -> tuple[bool, bool]:
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:  # "no available data for year …"
            return day.weekday() < 5, False

    def add_working_days(self, start: date, days: int) -> Deadline:
        """The `days`-th working day after `start` (the day of receipt does not count)."""
        day, estimated = start, False
        while days > 0:
            day += timedelta(days=1)
            working, known = self.is_workday(day)
            estimated = estimated or not known
            if working:
                days -= 1
        return Deadline(day, estimated)

    def working_day_before(self, end: date, days: int) -> Deadline:
        """The `days`-th working day before `end` (counting back; `end` itself does not count)."""
        day, estimated = end, False
        while days > 0:
            day -= timedelta(days=1)
            working, known = self.is_workday(day)
            estimated = estimated or not known
            if working:
                days -= 1
        return Deadline(day, estimated)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        if (start, end) not in self._spans:
            count, day = 0, start
            while day < end:
                day += timedelta(days=1)
                count += self.is_workday(day)[0]
            self._spans[(start, end)] = count
        return self._spans[(start, end)]

    def earliest_day_within(self, end: date, days: int, limit: int = 366) -> date:
        """The earliest day from which at most `days` working days lead up to `end` (inclusive).

        Received on that day or later means "within `days` working days" of `end`; a weekend or
        holiday just before counts with the working day after it.
        """
        day, count = end, 0
        for _ in range(limit):
            count += self.is_workday(day)[0]  # stepping back past `day` puts it inside (day - 1, end]
            if count > days:
                return day
            day -= timedelta(days=1)
        return day


def deadline_end(received: datetime, days: int, calendar: WorkingCalendar) -> tuple[datetime, bool]:
    """The end of the N-th working day after receipt, Beijing time, as an aware UTC datetime.

    `received` is UTC (naive values are taken as UTC, as the database stores them).
    """
    received = received if received.tzinfo else received.replace(tzinfo=UTC)
    due = calendar.add_working_days(received.astimezone(BEIJING).date(), days)
    end_of_day = datetime.combine(due.day, time(23, 59, 59), tzinfo=BEIJING)
    return end_of_day.astimezone(UTC), due.estimated


def reminder_time(due: datetime, days: int, calendar: WorkingCalendar) -> datetime:
    """The start (00:00 Beijing) of the working day `days` working days before the due day, as aware UTC.

    On that day `days` working days are left after it: the holder still has time to act.
    """
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    day = calendar.working_day_before(due.astimezone(BEIJING).date(), days).day
    return datetime.combine(day, time(0, 0), tzinfo=BEIJING).astimezone(UTC)
