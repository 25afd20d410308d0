"""The working-day calendar the deadlines use, and administrators' entries for years not yet known."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import g, has_app_context
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Invalid, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import CalendarDay, User
from webapp.models._columns import utcnow
from workflows import clock
from workflows.working_days import BEIJING, WorkingCalendar, deadline_end, reminder_time


def current_calendar() -> WorkingCalendar:
    """The calendar with administrators' entries; read once per request (an inbox asks per row)."""
    if "working_calendar" not in g:
        rows = db.session.execute(select(CalendarDay.day, CalendarDay.workday)).all()
        g.working_calendar = WorkingCalendar({day: workday for day, workday in rows})
    return g.working_calendar


def calendar_for_timers() -> WorkingCalendar:
    """Timer expressions run in requests and in the worker (app context); anywhere else, the package's data."""
    return current_calendar() if has_app_context() else WorkingCalendar()


def beijing_today(now_utc: datetime | None = None) -> date:
    """Today in Beijing; times in the database are naive UTC."""
    return (now_utc or utcnow()).replace(tzinfo=UTC).astimezone(BEIJING).date()


def deadline_after(received_utc: datetime, working_days: int) -> tuple[datetime, bool]:
    """The end (Beijing time) of the N-th working day after receipt, as naive UTC, and whether it is estimated."""
    due, estimated = deadline_end(received_utc, working_days, current_calendar())
    return due.replace(tzinfo=None), estimated


def now_utc() -> datetime:
    """The time deadlines are counted from: `workflows.clock` (tests move it), as naive UTC."""
    return clock.now().astimezone(UTC).replace(tzinfo=None)


def reminder_before(due_utc: datetime, working_days: int) -> datetime:
    """When the holder is reminded: the start of the working day `working_days` before the due day."""
    return reminder_time(due_utc, working_days, current_calendar()).replace(tzinfo=None)


def working_days_left(due_utc: datetime, now: datetime | None = None) -> int:
    """Working days from today (Beijing) to the due day; 0 on the day itself, negative when overdue."""
    due_day = due_utc.replace(tzinfo=UTC).astimezone(BEIJING).date()
    return current_calendar().working_days_between(beijing_today(now), due_day)


def list_days(year: int | None = None) -> list[CalendarDay]:
    query = select(CalendarDay).order_by(CalendarDay.day)
    if year:
        query = query.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    return list(db.session.scalars(query))


def enter_days(user: User, text: str) -> list[CalendarDay]:
    """Lines like `2027-01-01 holiday 元旦` or `2027-02-07 workday 春节调休`; all or nothing."""
    if not user.is_admin:
        raise PermissionDenied("Only administrators may change the calendar.")
    entries, errors = _parse(text)
    if errors:
        raise Invalid("Some lines could not be read; nothing was saved.", {"days": errors})
    with unit_of_work("The calendar was changed at the same moment; reload and retry."):
        existing = {d.day: d for d in db.session.scalars(select(CalendarDay).where(CalendarDay.day.in_(entries)))}
        saved = []
        for day, (workday, name) in entries.items():
            row = existing.get(day) or CalendarDay(day=day)
            row.workday, row.name, row.entered_by_id = workday, name, user.id
            db.session.add(row)
            saved.append(row)
        db.session.flush()
        g.pop("working_calendar", None)
        audit.record(user, "calendar.entered", saved[0], data={str(d): [w, n] for d, (w, n) in entries.items()})
    return saved


def remove_day(user: User, day: date) -> None:
    if not user.is_admin:
        raise PermissionDenied("Only administrators may change the calendar.")
    with unit_of_work():
        row = db.session.scalar(select(CalendarDay).where(CalendarDay.day == day))
        if row is not None:
            audit.record(user, "calendar.removed", row, data={"day": str(day)})
            db.session.delete(row)
            g.pop("working_calendar", None)


KINDS = {"holiday": False, "假日": False, "休": False, "workday": True, "调休": True, "班": True}


def _parse(text: str) -> tuple[dict[date, tuple[bool, str]], list[str]]:
    entries: dict[date, tuple[bool, str]] = {}
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        try:
            day = date.fromisoformat(parts[0])
            workday = KINDS[parts[1]] if len(parts) > 1 else None
        except (ValueError, KeyError):
            workday = None
        if workday is None:
            errors.append(f"{number}: {line.strip()}")
            continue
        entries[day] = (workday, parts[2].strip() if len(parts) > 2 else "")
    if not entries and not errors:
        errors.append("0: (empty)")
    return entries, errors
