"""Building the roll-up tables the dashboard reads, from the cases and task rows themselves.

Each table holds the base rows grouped by every key the dashboard groups or filters by, so a
figure reads thousands of groups whatever the number of cases (docs/architecture.md, "Speed").
A build replaces all three tables in the caller's transaction: a reader sees the old groups or
the new ones, never half of each. The definitions of the figures live here, as SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
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
    CaseFigureGroup,
    Enterprise,
    EnterpriseFigureGroup,
    HumanTask,
    StepFigureGroup,
    TaskState,
    WorkingDayNumber,
)
from webapp.statistics.services.outcomes import APPROVED, PAID, REFUSED, WITHDRAWN
from webapp.statistics.services.sql import beijing_day, beijing_month, id_list, is_postgresql, task_amount

PROFILE = ("prefecture", "county", "size", "industry")


def rebuild() -> None:
    """Replace every roll-up with one built from the base tables now (working days numbered first)."""
    if is_postgresql():
        # The groups are built by hashing a million rows or so: spilling them to disk, or compiling
        # the plan (its row estimates through the CTEs are far too high), costs seconds.
        db.session.execute(text("SET LOCAL work_mem = '256MB'"))
        db.session.execute(text("SET LOCAL jit = off"))
    for model in (CaseFigureGroup, StepFigureGroup, EnterpriseFigureGroup):
        db.session.execute(delete(model))
    _insert_case_groups()
    _insert_step_groups()
    _insert_enterprise_groups()
    if is_postgresql():  # the planner's figures for the new rows, so readers get index plans at once
        for model in (CaseFigureGroup, StepFigureGroup, EnterpriseFigureGroup):
            db.session.execute(text(f"ANALYZE {model.__tablename__}"))


def _flag(condition):
    return case((condition, 1), else_=0)


def _scopes():
    """(application, department): every case once with no department, then once per department
    that holds a task row of it — what the department filter means."""
    everyone = select(Application.id.label("application_id"), cast(null(), Integer).label("department_id"))
    worked = (
        select(HumanTask.application_id, HumanTask.department_id)
        .where(HumanTask.department_id.is_not(None), HumanTask.application_id.is_not(None))
        .distinct()
    )
    return union_all(everyone, worked).cte("scopes")


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
            func.sum(_flag(and_(completed, HumanTask.for_applicant.is_(True)))).label("rounds"),
            func.max(_flag(and_(completed, HumanTask.step == "accept", HumanTask.decision == "approve"))).label(
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
            _flag(status.in_(APPROVED)).label("approved"),
            _flag(status.in_(REFUSED)).label("refused"),
            _flag(status.in_(WITHDRAWN)).label("withdrawn"),
            _flag(status.in_(PAID)).label("paid_cases"),
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
            func.sum(_flag(HumanTask.due_at.is_not(None))),
            func.sum(_flag(and_(HumanTask.due_at.is_not(None), late))),
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


def _insert_enterprise_groups() -> None:
    profile = [Enterprise.size_class, Enterprise.region_prefecture, Enterprise.region_county, Enterprise.industry]
    columns = ["department_id", "year", "program", "size", "prefecture", "county", "industry"]
    counts = ["registered", "applied", "supported"]
    registered = (
        select(null(), null(), null(), *profile, func.count(), literal(0), literal(0))
        .select_from(Enterprise)
        .group_by(*profile)
    )
    db.session.execute(insert(EnterpriseFigureGroup).from_select(columns + counts, registered))
    base = _enterprise_cases()
    # Distinct enterprises do not add up across years or programs: one set of groups for each of
    # "this year and program", "this year, any program", "any year, this program", "any year and program".
    parts = [_enterprise_part(base, profile, by_year, by_program) for by_year in (1, 0) for by_program in (1, 0)]
    db.session.execute(insert(EnterpriseFigureGroup).from_select(columns + counts, union_all(*parts)))


def _enterprise_cases():
    """Each enterprise once per department (or none: any department), year and program it submitted
    a case in, and whether one of those cases was approved."""
    scopes = _scopes()
    keys = [
        scopes.c.department_id,
        cast(func.substr(beijing_month(Application.submitted_at), 1, 4), Integer).label("year"),
        Application.program_code.label("program"),
        Application.enterprise_id,
    ]
    return (
        select(*keys, func.max(_flag(Application.status.in_(APPROVED))).label("supported"))
        .join(scopes, scopes.c.application_id == Application.id)
        .where(Application.submitted_at.is_not(None))
        .group_by(*keys)
        .cte("enterprise_cases")
    )


def _enterprise_part(base, profile, by_year: int, by_program: int):
    """The groups of one of the four kinds; each enterprise is counted once in a group (hashing
    first, then counting: count(DISTINCT) would sort)."""
    keys = [base.c.department_id, *([base.c.year] if by_year else []), *([base.c.program] if by_program else [])]
    once = (
        select(*keys, base.c.enterprise_id, func.max(base.c.supported).label("supported"))
        .group_by(*keys, base.c.enterprise_id)
        .subquery()
    )
    grouped = [once.c[k.name] for k in keys]
    year = once.c.year if by_year else cast(null(), Integer)
    program = once.c.program if by_program else cast(null(), String)
    return (
        select(once.c.department_id, year, program, *profile, literal(0), func.count(), func.sum(once.c.supported))
        .join(Enterprise, Enterprise.id == once.c.enterprise_id)
        .group_by(*grouped, *profile)
    )
