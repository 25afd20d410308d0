"""Building the roll-up tables the dashboard reads, from the cases and task rows themselves.

Each table holds the base rows grouped by every key the dashboard groups or filters by, so a
figure reads thousands of groups whatever the number of cases (docs/architecture.md, "Speed").
A build replaces every roll-up table in the caller's transaction: a reader sees the old groups or
the new ones, never half of each. The definitions of the figures live here, as SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import aliased

from webapp.department_work.services.calendar import now_utc
from webapp.extensions import db
from webapp.models import (
    Application,
    CallMoneyGroup,
    CaseFigureGroup,
    Enterprise,
    EnterpriseFigureGroup,
    HumanTask,
    StepFigureGroup,
    TaskState,
    WorkingDayNumber,
)
from webapp.statistics.services import rollup_enterprises, rollup_money
from webapp.statistics.services.outcomes import APPROVED, PAID, REFUSED, WITHDRAWN
from webapp.statistics.services.sql import beijing_day, beijing_month, flag, id_list, is_postgresql, task_amount

PROFILE = ("prefecture", "county", "size", "industry")
ROLL_UPS = (CaseFigureGroup, StepFigureGroup, EnterpriseFigureGroup, CallMoneyGroup)


def rebuild() -> None:
    """Replace every roll-up with one built from the base tables now (working days numbered first)."""
    if is_postgresql():
        # The groups are built by hashing a million rows or so: spilling them to disk, or compiling
        # the plan (its row estimates through the CTEs are far too high), costs seconds.
        db.session.execute(text("SET LOCAL work_mem = '256MB'"))
        db.session.execute(text("SET LOCAL jit = off"))
    for model in ROLL_UPS:
        db.session.execute(delete(model))
    _insert_case_groups()
    _insert_step_groups()
    rollup_enterprises.insert_enterprise_groups()
    rollup_money.insert_call_money()
    if is_postgresql():  # the planner's figures for the new rows, so readers get index plans at once
        for model in ROLL_UPS:
            db.session.execute(text(f"ANALYZE {model.__tablename__}"))


def _per_case_tasks():
    """What a case's task rows say, in one pass over them: the amount its decision approved, the
    amount paid, the applicant's rounds beyond the submission (corrections), and whether the
    acceptance step let it in."""
    completed = HumanTask.state == TaskState.COMPLETED

    def amount(step: str, field: str, *more):
        return func.sum(case((and_(completed, HumanTask.step == step, *more), task_amount(field))))

    return (
        select(
            HumanTask.application_id,
            amount("decide", "approved_amount", HumanTask.decision == "approve").label("approved_amount"),
            amount("disburse", "disbursed_amount").label("paid"),
            func.sum(flag(and_(completed, HumanTask.for_applicant.is_(True)))).label("rounds"),
            func.max(flag(and_(completed, HumanTask.step == "accept", HumanTask.decision == "approve"))).label(
                "accepted"
            ),
        )
        .where(HumanTask.application_id.is_not(None))
        .group_by(HumanTask.application_id)
        .subquery("tasks")
    )


def _departments_per_case():
    """Each case's departments as one key (",3,7,"): a case is then counted once, in a group its
    departments' filters all find, instead of once per department."""
    pairs = (
        select(HumanTask.application_id, HumanTask.department_id)
        .where(HumanTask.department_id.is_not(None), HumanTask.application_id.is_not(None))
        .distinct()
        .order_by(HumanTask.application_id, HumanTask.department_id)
        .subquery("pairs")
    )
    return (
        select(pairs.c.application_id, id_list(pairs.c.department_id).label("departments"))
        .group_by(pairs.c.application_id)
        .subquery("worked")
    )


def _case_facts():
    """One row per application: its keys, its outcome as flags and its amounts."""
    tasks, worked = _per_case_tasks(), _departments_per_case()
    status = Application.status
    # Every submitted case has one completed applicant row for the submission itself.
    corrections = case((tasks.c.rounds > 1, tasks.c.rounds - 1), else_=0)
    return (
        select(
            Application.id.label("application_id"),
            func.coalesce(worked.c.departments, ",").label("departments"),
            Application.program_code.label("program"),
            Enterprise.region_prefecture.label("prefecture"),
            Enterprise.region_county.label("county"),
            Enterprise.size_class.label("size"),
            Enterprise.industry.label("industry"),
            beijing_month(Application.submitted_at).label("submitted_month"),
            beijing_month(Application.created_at).label("created_month"),
            Application.submitted_at.is_not(None).label("submitted"),
            corrections.label("corrections"),
            func.coalesce(tasks.c.accepted, 0).label("accepted"),
            flag(status.in_(APPROVED)).label("approved"),
            flag(status.in_(REFUSED)).label("refused"),
            flag(status.in_(WITHDRAWN)).label("withdrawn"),
            flag(status.in_(PAID)).label("paid_cases"),
            func.coalesce(Application.amount_requested, 0).label("requested"),
            func.coalesce(tasks.c.approved_amount, 0).label("approved_amount"),
            func.coalesce(tasks.c.paid, 0).label("paid"),
        )
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .outerjoin(tasks, tasks.c.application_id == Application.id)
        .outerjoin(worked, worked.c.application_id == Application.id)
        .cte("facts")
    )


CASE_COUNTS = ("accepted", "approved", "refused", "withdrawn", "paid_cases")
CASE_AMOUNTS = ("requested", "approved_amount", "paid")


def _insert_case_groups() -> None:
    facts = _case_facts()
    keys = [facts.c[name] for name in ("departments", "program", *PROFILE)]

    def part(month, corrections, started, submitted):
        measures = [facts.c[name] if submitted else literal(0) for name in (*CASE_COUNTS, *CASE_AMOUNTS)]
        return select(
            *keys,
            month.label("month"),
            corrections.label("corrections"),
            literal(started).label("started"),
            literal(int(submitted)).label("applications"),
            *[m.label(name) for m, name in zip(measures, (*CASE_COUNTS, *CASE_AMOUNTS), strict=True)],
        ).where(*([facts.c.submitted] if submitted else []))

    # A case counts as begun in the month its draft was made, and as submitted (with its outcome
    # and amounts) in the month it was submitted: two parts, added up per group.
    rows = union_all(
        part(facts.c.created_month, literal(0), 1, False), part(facts.c.submitted_month, facts.c.corrections, 0, True)
    ).subquery("rows")
    group = [rows.c[name] for name in ("departments", "program", *PROFILE, "month", "corrections")]
    summed = [func.sum(rows.c[name]) for name in ("started", "applications", *CASE_COUNTS, *CASE_AMOUNTS)]
    columns = [c.name for c in group] + ["started", "applications", *CASE_COUNTS, *CASE_AMOUNTS]
    db.session.execute(insert(CaseFigureGroup).from_select(columns, select(*group, *summed).group_by(*group)))


def _insert_step_groups() -> None:
    received, finished = aliased(WorkingDayNumber), aliased(WorkingDayNumber)
    completed = HumanTask.state == TaskState.COMPLETED
    late = or_(
        and_(completed, HumanTask.completed_at > HumanTask.due_at),
        and_(HumanTask.state == TaskState.OPEN, HumanTask.due_at < now_utc()),
    )
    group = [
        HumanTask.department_id,
        HumanTask.step,
        cast(func.substr(beijing_month(HumanTask.created_at), 1, 4), Integer),
        Application.program_code,
        Enterprise.region_prefecture,
        Enterprise.region_county,
        completed,
        case((completed, finished.number - received.number)),
    ]
    statement = (
        select(
            *group,
            func.count(),
            func.sum(flag(HumanTask.due_at.is_not(None))),
            func.sum(flag(and_(HumanTask.due_at.is_not(None), late))),
        )
        .select_from(HumanTask)
        .join(received, received.day == beijing_day(HumanTask.created_at))
        .outerjoin(finished, finished.day == beijing_day(HumanTask.completed_at))
        .outerjoin(Application, Application.id == HumanTask.application_id)
        .outerjoin(Enterprise, Enterprise.id == Application.enterprise_id)
        .where(
            HumanTask.department_id.is_not(None),
            HumanTask.for_applicant.is_(False),
            HumanTask.state.in_((TaskState.COMPLETED, TaskState.OPEN)),
        )
        .group_by(*group)
    )
    columns = ["department_id", "step", "year", "program", "prefecture", "county", "completed", "working_days"]
    db.session.execute(insert(StepFigureGroup).from_select([*columns, "steps", "with_deadline", "late"], statement))
