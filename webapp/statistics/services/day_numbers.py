"""Every day numbered by the working days up to it, so SQL counts working days by subtraction.

The working calendar (administrators' entries, then `chinese-calendar`, then Monday to Friday)
lives in Python; a duration in working days per task row would otherwise mean loading the rows.
The numbers are a cache of that calendar: rebuilt when administrators enter or remove days, and
extended whenever a figure needs a year not numbered yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select

from webapp.common.errors import Conflict
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import WorkingDayNumber

FIRST_DAY = date(2020, 1, 1)  # the platform holds no case older than this


def ensure_numbered() -> None:
    """Number every day up to the end of next year, unless that is done already."""
    last = _end_of_next_year()
    if db.session.scalar(select(func.max(WorkingDayNumber.day))) == last:
        return
    try:
        with unit_of_work():
            renumber(last)
    except Conflict:
        pass  # another request numbered the days at the same moment: its numbers are the same


def renumber(last: date | None = None) -> None:
    """Rebuild the numbers from the current calendar, in the caller's transaction (a calendar entry
    and the numbers that follow from it commit together)."""
    from webapp.department_work.services.calendar import current_calendar  # it renumbers through us

    last = last or _end_of_next_year()
    calendar = current_calendar()
    rows, number, day = [], 0, FIRST_DAY
    while day <= last:
        number += calendar.is_workday(day)[0]
        rows.append({"day": day, "number": number})
        day += timedelta(days=1)
    db.session.execute(delete(WorkingDayNumber))
    db.session.execute(insert(WorkingDayNumber), rows)


def _end_of_next_year() -> date:
    from webapp.department_work.services.calendar import beijing_today  # it renumbers through us

    return date(beijing_today().year + 1, 12, 31)
