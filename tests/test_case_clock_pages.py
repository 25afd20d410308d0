"""The case clock on the applicant's page, the staff task page and the API, with time moved.

(十八)1 commits to 20 working days. Submitted Tuesday 23 September 2025, 10:00 in Beijing; across
National Day (1–8 October off, Sunday 28 September and Saturday 11 October worked). A correction
from Friday 26 September to Thursday 9 October stops the clock for 28, 29, 30 September and 9
October; a model whose 科技厅 review is an expert review (`stops_clock`) stops it while that is open.
"""

from datetime import UTC, datetime

from sqlalchemy import select

from tests.engine.support import new_product_sources
from tests.support.actors import DEMO_PASSWORD
from tests.test_deemed_agreement import clock  # noqa: F401 - the fixture that moves time
from webapp.extensions import db
from webapp.models import HumanTask
from webapp.processes.services import definitions
from workflows.working_days import BEIJING


def beijing(month, day, hour=0, minute=0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


def page(client, username: str, url: str) -> str:
    client.get("/logout")
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    client.get("/lang/en")
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def open_task_id(app, application_id: int, step: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(HumanTask.id).where(
                HumanTask.application_id == application_id, HumanTask.step == step, HumanTask.state == "open"
            )
        )


def test_a_correction_stops_the_case_clock_and_its_days_are_not_counted(app, api, client, clock):  # noqa: F811
    clock.moment = beijing(9, 23, 10)
    application_id = api.apply()
    case = api.application("tianshan", application_id)["case_clock"]
    assert (case["limit_working_days"], case["used_working_days"], case["left_working_days"]) == (20, 0, 20)
    assert case["due_at"] == "2025-10-27T15:59:59Z"  # end of Monday 27 October in Beijing

    clock.moment = beijing(9, 26, 15)
    returned = api.complete("jxw", "accept", decision="return", correction_items="补充鉴定证书复印件")
    assert returned.status_code == 200, returned.get_json()

    clock.moment = beijing(9, 30, 12)
    case = api.application("tianshan", application_id)["case_clock"]
    assert case["stopped"] and case["stopped_with_applicant"] and case["stopped_by_step"] == "correct"
    assert case["stopped_since"] == "2025-09-26T07:00:00Z"
    assert (case["used_working_days"], case["left_working_days"], case["stopped_working_days"]) == (3, 17, 3)
    text = page(client, "tianshan", f"/applications/{application_id}")
    assert "Case time limit: 20 working days; used 3; 17 left." in text
    assert "The clock is stopped while the correction is with the applicant (since 2025-09-26 15:00)." in text

    clock.moment = beijing(10, 9, 11)
    corrected = api.complete("tianshan", "correct", correction_reply="已补充鉴定证书")
    assert corrected.status_code == 200, corrected.get_json()

    clock.moment = beijing(10, 13, 9)
    case = api.application("tianshan", application_id)["case_clock"]
    assert not case["stopped"] and case["stopped_since"] is None
    assert (case["used_working_days"], case["left_working_days"], case["stopped_working_days"]) == (6, 14, 4)
    assert case["due_at"] == "2025-10-31T15:59:59Z"  # pushed back by the 4 stopped working days
    text = page(client, "tianshan", f"/applications/{application_id}")
    assert "Case time limit: 20 working days; used 6; 14 left." in text
    assert "To be completed by 2025-10-31." in text
    assert "4 working days with the applicant or in special steps" in text
    assert "The clock is stopped" not in text
    staff = page(client, "jxw", f"/tasks/{open_task_id(app, application_id, 'accept')}")
    assert "Case time limit: 20 working days; used 6; 14 left." in staff

    # Decided on Tuesday 14 October: 7 working days in total, and days after the decision do not count.
    clock.moment = beijing(10, 14, 10)
    assert api.complete("jxw", "accept", decision="approve").status_code == 200
    assert api.complete("kjt", "tech_review", decision="approve", opinion="可行").status_code == 200
    assert api.complete("czt", "budget_review", decision="approve", opinion="可安排").status_code == 200
    decided = api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合（十八）1")
    assert decided.status_code == 200, decided.get_json()
    clock.moment = beijing(10, 24, 10)
    case = api.application("tianshan", application_id)["case_clock"]
    assert case["closed"] and case["used_working_days"] == 7 and case["stopped_working_days"] == 4
    text = page(client, "tianshan", f"/applications/{application_id}")
    assert "Case time limit: 20 working days; 7 used in total." in text


EXPERT = 'name="技术审查"'.encode()
SPECIAL = (
    b'<camunda:property name="title_en" value="Expert review"/><camunda:property name="stops_clock" value="true"/>'
)


def expert_review_version(app) -> None:
    """(十八)1 with 科技厅's review as an expert review (专家评审): a special step outside the time limit."""
    bpmn, dmns = new_product_sources()
    marker = b'<camunda:property name="title_en" value="Technical review"/>'
    assert marker in bpmn and EXPERT in bpmn
    bpmn = bpmn.replace(marker, SPECIAL).replace(EXPERT, 'name="专家评审"'.encode())
    with app.app_context():
        definitions.upload_definition(None, bpmn, dmns, comment="科技厅组织专家评审，不计入时限")


def test_a_special_step_stops_the_clock_while_it_is_open(app, api, client, clock):  # noqa: F811
    expert_review_version(app)
    clock.moment = beijing(9, 23, 10)
    application_id = api.apply()
    clock.moment = beijing(9, 24, 10)
    assert api.complete("jxw", "accept", decision="approve").status_code == 200
    clock.moment = beijing(9, 25, 10)
    assert api.complete("czt", "budget_review", decision="approve", opinion="可安排").status_code == 200

    clock.moment = beijing(9, 30, 12)
    case = api.application("jxw", application_id)["case_clock"]
    assert case["stopped"] and not case["stopped_with_applicant"] and case["stopped_by_step"] == "tech_review"
    assert (case["used_working_days"], case["left_working_days"]) == (1, 19)  # only 24 September ran
    text = page(client, "kjt", f"/tasks/{open_task_id(app, application_id, 'tech_review')}")
    assert "The clock is stopped during “Expert review” (since 2025-09-24 10:00)." in text

    clock.moment = beijing(10, 13, 10)
    assert api.complete("kjt", "tech_review", decision="approve", opinion="专家组同意").status_code == 200
    clock.moment = beijing(10, 14, 9)
    case = api.application("tianshan", application_id)["case_clock"]
    # stopped: 25, 26, 28, 29, 30 September and 9, 10, 11, 13 October; used: 24 September, 14 October
    assert (case["stopped_working_days"], case["used_working_days"], case["left_working_days"]) == (9, 2, 18)
    assert not case["stopped"]


def test_an_extension_the_head_approved_lengthens_the_case_limit_and_the_applicant_sees_it(app, api, client, clock):  # noqa: F811
    from webapp.department_work.services import deadlines, tasks
    from webapp.models import User

    clock.moment = beijing(9, 23, 10)
    application_id = api.apply()
    task_id = open_task_id(app, application_id, "accept")
    with app.app_context():
        jxw = db.session.scalar(select(User).where(User.username == "jxw"))
        tasks.claim_task(jxw, task_id)
        extension = deadlines.request_extension(jxw, task_id, 3, "需要核实鉴定证书")
        head = db.session.scalar(select(User).where(User.username == "jxw_head"))
        deadlines.decide_extension(head, extension.id, approve=True)
    case = api.application("tianshan", application_id)["case_clock"]
    assert (case["limit_working_days"], case["base_limit_working_days"], case["extended_working_days"]) == (23, 20, 3)
    assert case["due_at"] == "2025-10-30T15:59:59Z"  # three working days after 27 October
    text = page(client, "tianshan", f"/applications/{application_id}")
    assert "Case time limit: 23 working days; used 0; 23 left." in text
    assert "Includes 3 working days of extension approved by the department head." in text


def test_a_case_withdrawn_during_a_correction_shows_the_total_until_it_closed(app, api, clock):  # noqa: F811
    clock.moment = beijing(9, 23, 10)
    application_id = api.apply()
    clock.moment = beijing(9, 25, 10)
    assert api.complete("jxw", "accept", decision="return", correction_items="补充材料").status_code == 200
    clock.moment = beijing(9, 29, 10)
    withdrawn = api.post("tianshan", f"/applications/{application_id}/withdraw", {"reason": "项目暂缓"})
    assert withdrawn.status_code == 200, withdrawn.get_json()
    clock.moment = beijing(10, 20, 10)
    case = api.application("tianshan", application_id)["case_clock"]
    # used 24, 25 September; stopped 26, 28 (the make-up Sunday), 29 September; nothing after the close
    assert case["closed"] and not case["stopped"]
    assert (case["used_working_days"], case["stopped_working_days"]) == (2, 3)
