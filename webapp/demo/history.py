"""A year of past demo cases, so that a first look at the statistics finds figures.

Six more demo enterprises across Xinjiang's prefectures, of every size and several industries,
applied over the past ten months for three programs open to enterprises, and the departments decided them: paid,
refused, not accepted, withdrawn, one corrected first, one decided late. Every step goes through
the real services at a moment of the past (`workflows.clock.set_to`), so the task rows, deadlines
and audit entries are what those days would have left. Every case is finished, so the inboxes
show only the three cases of demo_cases. Never in production.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from webapp.applications.services import applications, attachments, ratings, withdrawal
from webapp.common.errors import PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.demo.accounts import _ensure_user, _fill_profile
from webapp.demo.material import demo_material
from webapp.department_work.services import tasks
from webapp.department_work.services.calendar import current_calendar
from webapp.extensions import db
from webapp.models import Application, Enterprise, HumanTask, Role, TaskState, User
from webapp.money.services.commitments import DISBURSE_STEP, notice_ends
from workflows import clock
from workflows.engine.fields import from_json
from workflows.programs import required_documents
from workflows.working_days import BEIJING

# (user name, enterprise, credit code, owner, profile as demo.DEMO_PROFILES has it)
ENTERPRISES = (
    (
        "kashi",
        "喀什丝路纺织有限公司",
        "91653101MA7HX2KQ1D",
        "丝路纺织 阿不都",
        ("喀什地区", "喀什市", "industry", 400, Decimal("300000000"), Decimal("200000000"), "阿不都", "0998-2512345"),
    ),
    (
        "yili",
        "伊犁天马乳业有限公司",
        "91654002MA7JQ3LW2E",
        "天马乳业 王总",
        ("伊犁哈萨克自治州", "伊宁市", "industry", 35, Decimal("15000000"), Decimal("9000000"), "王总", "0999-8023456"),
    ),
    (
        "hami",
        "哈密光能科技有限公司",
        "91650502MA7KR4MX3F",
        "光能科技 周工",
        ("哈密市", "伊州区", "industry", 9, Decimal("2500000"), Decimal("3000000"), "周工", "0902-2234567"),
    ),
    (
        "akesu",
        "阿克苏果业物流有限公司",
        "91652901MA7LS5NY4G",
        "果业物流 李经理",
        ("阿克苏地区", "阿克苏市", "transport", 80, Decimal("12000000"), Decimal("8000000"), "李经理", "0997-2145678"),
    ),
    (
        "korla",
        "库尔勒软件信息有限公司",
        "91652801MA7MT6PA5H",
        "软件信息 孙总",
        (
            "巴音郭楞蒙古自治州",
            "库尔勒市",
            "software",
            40,
            Decimal("6000000"),
            Decimal("4000000"),
            "孙总",
            "0996-2056789",
        ),
    ),
    (
        "shihezi",
        "石河子农机装备有限公司",
        "91659001MA7NU7QB6J",
        "农机装备 赵厂长",
        (
            "自治区直辖县级行政单位",
            "石河子市",
            "industry",
            150,
            Decimal("50000000"),
            Decimal("45000000"),
            "赵厂长",
            "0993-2667890",
        ),
    ),
)


@dataclass(frozen=True)
class PastCase:
    applicant: str
    program: str
    months_ago: int
    amount: int
    outcome: str  # paid, rejected, not_accepted, withdrawn, corrected (then paid), late (decided late, paid)
    rating: int | None = None


CASES = (
    PastCase("kashi", "sme-18-1", 10, 480000, "paid", 5),
    PastCase("yili", "sme-18-1", 9, 350000, "rejected", 3),
    PastCase("hami", "sme-18-3", 9, 600000, "paid", 4),
    PastCase("akesu", "sme-18-2", 8, 200000, "not_accepted"),
    PastCase("korla", "sme-18-2", 7, 300000, "corrected", 4),
    PastCase("shihezi", "sme-18-1", 7, 250000, "late", 2),
    PastCase("kashi", "sme-18-3", 6, 800000, "rejected"),
    PastCase("yili", "sme-18-2", 5, 150000, "paid", 5),
    PastCase("hami", "sme-18-1", 5, 400000, "withdrawn"),
    PastCase("korla", "sme-18-1", 4, 120000, "paid", 4),
    PastCase("akesu", "sme-18-2", 3, 450000, "paid"),
    PastCase("shihezi", "sme-18-3", 3, 700000, "not_accepted"),
    PastCase("kashi", "sme-18-2", 2, 100000, "corrected", 3),
    PastCase("yili", "sme-18-2", 2, 260000, "late"),
    PastCase("hami", "sme-18-2", 1, 90000, "paid", 5),
)
STEP_GAP = {"late": 8}  # working days between two steps; a late case waits past the 5-day decision limit


def seed_demo_history(is_production: bool) -> list[Application]:
    if is_production:
        raise PermissionDenied("Demo cases are never created in production.")
    with unit_of_work("The demo enterprises were created at the same moment; run the demo again."):
        owners = {username: _enterprise_owner(username, *rest) for username, *rest in ENTERPRISES}
    ids = [user.enterprise_id for user in owners.values()]
    if db.session.scalar(select(func.count()).where(Application.enterprise_id.in_(ids))):
        return []  # the history is there already, or someone tried these enterprises
    return [_run(case, owners[case.applicant]) for case in CASES]


def _enterprise_owner(username, name, credit_code, owner, profile) -> User:
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
    if enterprise is None:
        enterprise = Enterprise(name=name, credit_code=credit_code)
        db.session.add(enterprise)
        _fill_profile(enterprise, profile)
    return _ensure_user(username, owner, Role.APPLICANT, enterprise=enterprise, enterprise_role="owner")


def _run(case: PastCase, applicant: User) -> Application:
    moment = _working_morning(clock.now() - timedelta(days=30 * case.months_ago))
    with clock.set_to(moment):
        application = _submit(case, applicant)
    returned = False
    while (task := _open_task(application)) is not None:
        moment = _after(moment, STEP_GAP.get(case.outcome, 2))
        if case.outcome == "withdrawn" and task.step != "accept":
            with clock.set_to(moment):
                withdrawal.withdraw_application(applicant, application, "企业调整投资计划，暂不申请")
            break
        if task.step == DISBURSE_STEP and (notice := notice_ends(application)) is not None:
            moment = max(moment, _after(notice.replace(tzinfo=UTC), 1))  # paid once the public notice is over
        decision = _decision(case, task, returned)
        returned = returned or decision == "return"
        with clock.set_to(moment):
            _complete(task, applicant, decision, case.amount)
    if case.rating and ratings.can_rate(applicant, application):
        with clock.set_to(_after(moment, 1)):
            ratings.rate(applicant, application, case.rating, None)
    return application


def _submit(case: PastCase, applicant: User) -> Application:
    program = applications.program_or_404(case.program)
    step = applications.application_form_step(program)
    data = _filled(step.fields, None, Decimal(case.amount), applicant.enterprise.name)
    application = applications.create_application(applicant, case.program, from_json(step.fields, data))
    for document in required_documents(case.program):
        upload = FileStorage(io.BytesIO(demo_material(document.name_zh)), filename=f"{document.code}.pdf")
        attachments.add_attachment(applicant, application, upload, document.code)
    applications.submit_application(applicant, application)
    return application


def _open_task(application: Application) -> HumanTask | None:
    return db.session.scalars(
        select(HumanTask)
        .where(HumanTask.application_id == application.id, HumanTask.state == TaskState.OPEN)
        .order_by(HumanTask.id)
        .limit(1)
    ).first()


def _decision(case: PastCase, task: HumanTask, returned: bool) -> str:
    if task.step == "accept" and case.outcome == "not_accepted":
        return "reject"
    if task.step == "accept" and case.outcome == "corrected" and not returned:
        return "return"
    if task.step == "decide" and case.outcome == "rejected":
        return "reject"
    return "approve"


def _complete(task: HumanTask, applicant: User, decision: str, requested: int) -> None:
    if task.for_applicant:
        user = applicant
    else:
        user = db.session.scalar(select(User).where(User.username == task.department.code.lower()))
    fields = tasks.step_of(task).fields
    approved = (Decimal(requested) * Decimal("0.8")).quantize(Decimal(1000))
    data = _filled(fields, decision, approved, task.application.enterprise.name)
    tasks.complete_task(user, task.id, from_json(fields, data))


def _filled(fields, decision: str | None, amount: Decimal, enterprise: str) -> dict:
    """Every field of a step filled as its department would: the decision, amounts, today's date."""
    today = clock.now().astimezone(BEIJING).date().isoformat()
    data = {}
    for field in fields:
        if field.name == "decision":
            data[field.name] = decision
        elif field.type == "decimal":
            data[field.name] = str(amount * 3 if field.name not in _AMOUNTS else amount)
        elif field.type == "long":
            data[field.name] = "3"
        elif field.type == "date":
            data[field.name] = today
        elif field.type == "enum":
            data[field.name] = field.choices[0][0]
        elif field.type == "boolean":
            data[field.name] = True
        else:
            data[field.name] = f"{enterprise}：材料齐全，意见一致" if field.type == "text" else "XJ-2026-001"
    return data


_AMOUNTS = {"amount_requested", "approved_amount", "disbursed_amount"}


def _working_morning(moment: datetime) -> datetime:
    """10 o'clock Beijing time on the first working day from `moment`'s day."""
    day = moment.astimezone(BEIJING).date()
    while not current_calendar().is_workday(day)[0]:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), BEIJING).astimezone(UTC)


def _after(moment: datetime, working_days: int) -> datetime:
    day = current_calendar().add_working_days(moment.astimezone(BEIJING).date(), working_days).day
    return datetime.combine(day, time(10), BEIJING).astimezone(UTC)
