"""Demo cases, so that a first look at the product finds work in the inboxes.

Three applications for （十八）1 run through the real services, as their users would: one waits
for 经信委 to accept it, one is in joint review at 科技厅 and 财政厅, and one is decided and
waits for 财政厅 to disburse. Created once, when the demo enterprises have no application yet;
never in production.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from webapp.applications.services import applications, attachments
from webapp.common.errors import PermissionDenied
from webapp.demo.material import demo_material
from webapp.department_work.services import tasks
from webapp.extensions import db
from webapp.models import Application, HumanTask, TaskState, User
from workflows.engine.fields import from_json
from workflows.programs import required_documents

PROGRAM = "sme-18-1"


@dataclass(frozen=True)
class DemoCase:
    applicant: str
    project: str
    product: str
    amount: str
    steps: tuple[tuple[str, str, dict], ...]  # (user, step, form data) completed after submission


CASES = (
    DemoCase("tianshan", "五轴联动数控机床产业化", "XJ-500 五轴联动数控机床", "450000", ()),
    DemoCase(
        "kunlun",
        "高纯石英砂提纯新工艺",
        "KL-Q99 高纯石英砂",
        "300000",
        (("jxw", "accept", {"decision": "approve", "opinion": "材料齐全，予以受理"}),),
    ),
    DemoCase(
        "tianshan",
        "智能灌溉控制器",
        "TS-IR2 智能灌溉控制器",
        "500000",
        (
            ("jxw", "accept", {"decision": "approve", "opinion": "材料齐全，予以受理"}),
            ("kjt", "tech_review", {"decision": "approve", "opinion": "技术先进，鉴定结论可信"}),
            ("czt", "budget_review", {"decision": "approve", "opinion": "预算可安排"}),
            ("jxw", "decide", {"decision": "approve", "approved_amount": "400000", "reasons": "符合（十八）1"}),
        ),
    ),
)


def seed_demo_cases(is_production: bool) -> list[Application]:
    if is_production:
        raise PermissionDenied("Demo cases are never created in production.")
    usernames = {case.applicant for case in CASES}
    enterprises = select(User.enterprise_id).where(User.username.in_(usernames))
    if db.session.scalar(select(func.count()).where(Application.enterprise_id.in_(enterprises))):
        return []  # the demo enterprises have cases already: ours, or the ones someone tried
    return [_run(case) for case in CASES]


def _run(case: DemoCase) -> Application:
    applicant = _user(case.applicant)
    data = {
        "project_name": case.project,
        "product_name": case.product,
        "appraisal_certificate_no": "新经信鉴字〔2026〕018号",
        "appraisal_date": "2026-03-18",
        "amount_requested": case.amount,
        "description": "演示申请：通过自治区新产品鉴定，申请（十八）1 补助。",
    }
    step = applications.application_form_step(applications.program_or_404(PROGRAM))
    application = applications.create_application(applicant, PROGRAM, from_json(step.fields, data))
    for document in required_documents(PROGRAM):
        upload = FileStorage(io.BytesIO(demo_material(document.name_zh)), filename=f"{document.code}.pdf")
        attachments.add_attachment(applicant, application, upload, document.code)
    applications.submit_application(applicant, application)
    for username, step_name, form in case.steps:
        _complete(_user(username), application, step_name, form)
    return application


def _complete(user: User, application: Application, step_name: str, form: dict) -> None:
    task = db.session.scalar(
        select(HumanTask).where(
            HumanTask.application_id == application.id, HumanTask.step == step_name, HumanTask.state == TaskState.OPEN
        )
    )
    fields = tasks.step_of(task).fields
    tasks.complete_task(user, task.id, from_json(fields, form))


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))
