"""The case clock of an application (承诺办结时限), derived from its task rows.

Nothing is stored: the submission moment, the task rows' arrival and completion times and the
version's step facts say everything (see docs/architecture.md). The clock stops while a step of the
applicant's is open (a correction, a send-back to the submission) or a step the model marks
`stops_clock` (expert review, public notice, site visit). It ends at the decision (办结); a case
closed without one (not accepted, withdrawn, terminated) ends when it closed. Working days a
department head granted as an extension of a step lengthen the case's limit by as much: the head
approved more time for this case, and the applicant is shown it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.models import Application, DeadlineExtension, HumanTask, TaskState
from webapp.processes.services import instances
from workflows.case_clock import CaseClock, case_clock
from workflows.engine.errors import InvalidDefinition


@dataclass(frozen=True)
class CaseClockView:
    clock: CaseClock
    base_limit: int  # the model's case_time_limit_days
    extended_days: int  # approved extensions on the case's steps
    stopped_by: HumanTask | None  # the open step that stops the clock now (the earliest)

    @property
    def with_applicant(self) -> bool:
        return self.stopped_by is not None and self.stopped_by.for_applicant

    def as_json(self) -> dict:
        c = self.clock
        return {
            "limit_working_days": c.limit,
            "base_limit_working_days": self.base_limit,
            "extended_working_days": self.extended_days,
            "used_working_days": c.used,
            "left_working_days": c.left,
            "stopped_working_days": c.stopped_days,
            "stopped": c.stopped,
            "stopped_since": _iso(c.stopped_since),
            "stopped_by_step": self.stopped_by.step if self.stopped_by is not None else None,
            "stopped_with_applicant": self.with_applicant,
            "due_at": _iso(c.due_at),
            "due_is_estimate": c.estimated,
            "overdue": c.overdue,
            "closed": c.closed,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z" if moment else None


def case_clock_of(application: Application) -> CaseClockView | None:
    """The clock now (or its total, once decided or closed); None when the process sets no case limit."""
    if application.submitted_at is None or application.instance is None:
        return None
    try:
        version = instances.version_of(application.instance.definition)
    except InvalidDefinition:  # a version that no longer parses shows no clock rather than an error page
        return None
    if not version.case_time_limit_days:
        return None
    rows = list(
        db.session.scalars(select(HumanTask).where(HumanTask.application_id == application.id).order_by(HumanTask.id))
    )

    def stops(row: HumanTask) -> bool:
        step = version.steps.get(row.step)
        return row.for_applicant or (step is not None and step.stops_clock)

    stopping = [row for row in rows if stops(row)]
    intervals = [(row.created_at, None if row.state == TaskState.OPEN else row.completed_at) for row in stopping]
    decided = application.decision_task
    end = decided.completed_at if decided is not None else application.closed_at
    extended = db.session.scalar(
        select(func.coalesce(func.sum(DeadlineExtension.days), 0))
        .join(HumanTask, HumanTask.id == DeadlineExtension.task_id)
        .where(HumanTask.application_id == application.id, DeadlineExtension.status == "approved")
    )
    limit = version.case_time_limit_days + int(extended or 0)
    clock = case_clock(
        application.submitted_at, intervals, limit, calendar.current_calendar(), now=calendar.now_utc(), closed=end
    )
    open_stops = [row for row in stopping if row.state == TaskState.OPEN] if clock.stopped else []
    return CaseClockView(clock, version.case_time_limit_days, int(extended or 0), open_stops[0] if open_stops else None)
