"""Every refusal is a clear 4xx with its reason, and leaves nothing half-done in the database."""

import pytest
from sqlalchemy import func, select

from tests.support.actors import NEW_PRODUCT_APPLICATION
from webapp.extensions import db
from webapp.models import Application, AuditEntry, HumanTask, ProcessInstance


def snapshot(app):
    """What a refused request must not change."""
    with app.app_context():
        return _counts()


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
        db.session.scalar(select(func.count()).select_from(HumanTask)),
        db.session.scalar(select(func.count()).select_from(Application)),
        tuple(db.session.execute(select(ProcessInstance.id, ProcessInstance.revision)).all()),
    )


def test_without_a_token_the_api_answers_401(client):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert "token" in response.get_json()["error"]
    assert client.post("/api/v1/auth/token", json={"username": "jxw", "password": "wrong"}).status_code == 401


def test_another_department_cannot_complete_the_lead_s_task(api):
    api.apply()
    task = api.open_task("jxw", "accept")
    before = snapshot(api.client.application)
    response = api.post("kjt", f"/tasks/{task['id']}/complete", {"data": {"decision": "approve"}})
    assert response.status_code == 403
    assert "department" in response.get_json()["error"]
    assert snapshot(api.client.application) == before


def test_the_applicant_who_may_read_a_step_cannot_probe_its_form_by_completing_it(api):
    """Permission is asked before validation: a refusal names no field of a form the caller may not fill."""
    api.apply()
    task = api.open_task("jxw", "accept")
    before = snapshot(api.client.application)
    response = api.post("tianshan", f"/tasks/{task['id']}/complete", {"data": {"decision": "no-such-choice"}})
    assert response.status_code == 403
    assert "errors" not in response.get_json()
    assert snapshot(api.client.application) == before


def test_an_applicant_cannot_see_another_enterprise_s_application(api):
    application_id = api.apply("tianshan")
    assert api.get("kunlun", f"/applications/{application_id}").status_code == 403


def test_a_task_completed_twice_is_a_conflict(api):
    api.apply()
    task = api.open_task("jxw", "accept")
    assert api.post("jxw", f"/tasks/{task['id']}/complete", {"data": {"decision": "approve"}}).status_code == 200
    before = snapshot(api.client.application)
    again = api.post("jxw", f"/tasks/{task['id']}/complete", {"data": {"decision": "approve"}})
    assert again.status_code == 409
    assert "already completed" in again.get_json()["error"]
    assert snapshot(api.client.application) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({}, "decision"),
        ({"decision": "return"}, "correction_items"),
        ({"decision": "reject"}, "reasons"),
    ],
)
def test_an_invalid_acceptance_is_refused_field_by_field(api, data, field):
    api.apply()
    task = api.open_task("jxw", "accept")
    before = snapshot(api.client.application)
    response = api.post("jxw", f"/tasks/{task['id']}/complete", {"data": data})
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert snapshot(api.client.application) == before


def test_an_amount_over_the_cap_is_refused_citing_the_rule(api):
    api.apply(amount_requested="500000")
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="approve", opinion="可")
    api.complete("czt", "budget_review", decision="approve", opinion="可")
    before = snapshot(api.client.application)
    response = api.complete("jxw", "decide", decision="approve", approved_amount="500000.01", reasons="r")
    assert response.status_code == 422
    message = response.get_json()["errors"]["approved_amount"][0]
    assert "500,000.00" in message
    assert "（十八）1" in message
    assert snapshot(api.client.application) == before
    assert api.complete("jxw", "decide", decision="approve", approved_amount="500000", reasons="r").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_requested": "-5"}, "amount_requested"),
        ({"amount_requested": "abc"}, "amount_requested"),
        ({"amount_requested": "sNaN"}, "amount_requested"),
        ({"amount_requested": "Infinity"}, "amount_requested"),
        ({"amount_requested": "100.001"}, "amount_requested"),
        ({"appraisal_date": "2026-02-30"}, "appraisal_date"),
        ({"project_name": ""}, "project_name"),
    ],
)
def test_a_bad_application_form_is_refused_and_nothing_is_created(api, changes, field):
    before = snapshot(api.client.application)
    response = api.post(
        "tianshan", "/applications", {"program": "sme-18-1", "data": {**NEW_PRODUCT_APPLICATION, **changes}}
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert snapshot(api.client.application) == before


def test_unknown_program_and_non_json_bodies_are_clear_errors(api):
    response = api.post("tianshan", "/applications", {"program": "sme-99-9", "data": NEW_PRODUCT_APPLICATION})
    assert response.status_code == 404
    assert "sme-99-9" in response.get_json()["error"]
    raw = api.client.post(
        "/api/v1/applications", data="not json", headers={**api.headers("tianshan"), "Content-Type": "text/plain"}
    )
    assert raw.status_code == 422
    listed = api.post("tianshan", "/applications", {"program": "sme-18-1", "data": ["not", "an", "object"]})
    assert listed.status_code == 422
    assert "data" in listed.get_json()["error"]


def test_staff_cannot_apply_and_a_submitted_application_cannot_be_submitted_again(api):
    response = api.post("jxw", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert response.status_code == 403
    application_id = api.apply()
    assert api.post("tianshan", f"/applications/{application_id}/submit").status_code == 409


def test_a_task_claimed_by_a_colleague_cannot_be_taken_over(api, app):
    from tests.support.factories import create_staff

    create_staff(app, "jxw2", "JXW")
    api.apply()
    task = api.open_task("jxw", "accept")
    assert api.post("jxw", f"/tasks/{task['id']}/claim").status_code == 200
    assert api.post("jxw2", f"/tasks/{task['id']}/claim").status_code == 409
    completed = api.post("jxw2", f"/tasks/{task['id']}/complete", {"data": {"decision": "approve"}})
    assert completed.status_code == 409
    assert api.post("jxw", f"/tasks/{task['id']}/unclaim").status_code == 200
    assert api.post("jxw2", f"/tasks/{task['id']}/claim").status_code == 200


def test_refusals_are_in_chinese_for_chinese_clients(api):
    api.apply()
    task = api.open_task("jxw", "accept")
    response = api.client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"data": {"decision": "approve"}},
        headers=api.headers("kjt", language="zh-CN"),
    )
    assert response.status_code == 403
    assert "部门" in response.get_json()["error"]


def approved_for(api, amount: str) -> None:
    api.apply()
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="approve", opinion="可")
    api.complete("czt", "budget_review", decision="approve", opinion="可")
    api.complete("jxw", "decide", decision="approve", approved_amount=amount, reasons="r")


def test_finance_cannot_disburse_more_than_was_approved_or_date_it_in_the_future(api):
    approved_for(api, "300000")
    before = snapshot(api.client.application)
    over = api.complete("czt", "disburse", disbursed_amount="300001", disbursed_on="2026-11-20", voucher_no="V")
    assert over.status_code == 422
    assert "300,000.00" in over.get_json()["errors"]["disbursed_amount"][0]
    future = api.complete("czt", "disburse", disbursed_amount="300000", disbursed_on="2999-01-01", voucher_no="V")
    assert future.status_code == 422
    assert "future" in future.get_json()["errors"]["disbursed_on"][0]
    assert snapshot(api.client.application) == before


def test_task_lists_page_and_filter_by_application(api):
    first, second = api.apply("tianshan"), api.apply("kunlun")
    everything = api.get("jxw", "/tasks").get_json()
    assert everything["total"] == 2
    page = api.get("jxw", "/tasks?limit=1&offset=1").get_json()
    assert [t["application_id"] for t in page["tasks"]] == [second]
    only_first = api.get("jxw", f"/tasks?application_id={first}").get_json()
    assert [t["application_id"] for t in only_first["tasks"]] == [first]
    assert api.get("jxw", "/tasks?limit=0").status_code == 422


def test_no_more_than_the_enterprise_asked_for_can_be_approved(api):
    api.apply(amount_requested="450000")
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="approve", opinion="可")
    api.complete("czt", "budget_review", decision="approve", opinion="可")
    response = api.complete("jxw", "decide", decision="approve", approved_amount="480000", reasons="r")
    assert response.status_code == 422
    assert "450,000.00" in response.get_json()["errors"]["approved_amount"][0]


def test_generated_programs_refuse_negative_counts_and_amounts_over_their_rule(api):
    school = {
        "school_name": "新疆轻工职业技术学院",
        "school_year": "2026",
        "finance_level": "region",
        "share_percent": "100",
        "amount_requested": "12000",  # 300 yuan x 40 students x 100%: more is refused at submission
        "description": "说明",
    }

    def apply(students):
        return api.post(
            "zhiye", "/applications", {"program": "sme-21-3", "data": {**school, "students_enrolled": students}}
        )

    negative = apply("-3")
    assert negative.status_code == 422
    assert "students_enrolled" in negative.get_json()["errors"]

    created = apply("40")
    application_id = created.get_json()["id"]
    assert api.submit("zhiye", application_id, "sme-21-3").status_code == 200
    api.complete("jyt", "accept", decision="approve")
    for code in ("jxw", "rst", "czt"):
        assert api.complete(code, f"opinion_{code}", decision="approve", opinion="同意").status_code == 200
    over = api.complete("jyt", "decide", decision="approve", approved_amount="12000.01", reasons="r")
    assert over.status_code == 422
    assert "12,000.00" in over.get_json()["errors"]["approved_amount"][0]
    assert api.complete("jyt", "decide", decision="approve", approved_amount="12000", reasons="r").status_code == 200
