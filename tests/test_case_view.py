"""What each reader sees of a case: applicants get notices, not the departments' internal opinions."""

import re

from tests.support.actors import DEMO_PASSWORD


def approved_case(api) -> int:
    application_id = api.apply(amount_requested="450000")
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="approve", opinion="内部意见：技术指标需复核")
    api.complete("czt", "budget_review", decision="approve", opinion="内部意见：预算科目调整")
    api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合（十八）1")
    api.complete("czt", "disburse", disbursed_amount="400000", disbursed_on="2026-11-20", voucher_no="CZ-9")
    return application_id


def test_the_applicant_reads_decisions_and_amounts_but_not_internal_opinions(api):
    application_id = approved_case(api)

    seen_by_applicant = api.application("tianshan", application_id)
    seen_by_lead = api.application("jxw", application_id)

    assert seen_by_applicant["figures"] == {"approved_amount": "400000", "disbursed_amount": "400000"}
    reviews = [h for h in seen_by_applicant["history"] if h["step"].endswith("review")]
    assert [h["data"] for h in reviews] == [{"decision": "approve"}, {"decision": "approve"}]
    assert all(h["completed_by"] is None for h in seen_by_applicant["history"] if h["department"])
    decision = next(h for h in seen_by_applicant["history"] if h["step"] == "decide")
    assert decision["data"]["reasons"] == "符合（十八）1"

    lead_reviews = [h["data"]["opinion"] for h in seen_by_lead["history"] if h["step"].endswith("review")]
    assert lead_reviews == ["内部意见：技术指标需复核", "内部意见：预算科目调整"]


def test_the_application_page_keeps_internal_opinions_from_the_applicant(api, client):
    application_id = approved_case(api)
    client.post("/login", data={"username": "tianshan", "password": DEMO_PASSWORD})
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "符合（十八）1" in page
    assert "400,000.00" in page
    assert "内部意见" not in page
    assert "李专家" not in page  # the 科技厅 reviewer's name

    client.post("/logout")
    client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert "内部意见：技术指标需复核" in client.get(f"/applications/{application_id}").get_data(as_text=True)


def test_a_correction_over_the_api_sends_only_what_changes(api):
    application_id = api.apply(amount_requested="450000")
    api.complete("jxw", "accept", decision="return", correction_items="1. 申请金额应扣除已获其他补助部分")

    task = api.open_task("tianshan", "correct")
    detail = api.get("tianshan", f"/tasks/{task['id']}").get_json()
    assert detail["notice"]["items"] == "1. 申请金额应扣除已获其他补助部分"
    assert detail["form"]["defaults"]["amount_requested"] == "450000"

    response = api.post(
        "tianshan",
        f"/tasks/{task['id']}/complete",
        {"data": {"amount_requested": "380000", "correction_reply": "已扣除"}},
    )
    assert response.status_code == 200, response.get_json()
    case = api.application("tianshan", application_id)
    assert case["amount_requested"] == "380000.00"
    assert case["data"]["project_name"]  # untouched fields are kept
    assert case["status"] == "awaiting_acceptance"


def test_pages_follow_the_reader_s_language(client, api):
    api.apply()
    client.post("/login", data={"username": "tianshan", "password": DEMO_PASSWORD})
    chinese = client.get("/programs/sme-18-1/apply").get_data(as_text=True)
    assert "项目名称" in chinese
    assert "Project name" not in chinese

    client.get("/lang/en")
    english = client.get("/programs/sme-18-1/apply").get_data(as_text=True)
    assert "Project name" in english
    assert "项目名称" not in english
    listing = client.get("/applications").get_data(as_text=True)
    assert "Subsidy for new products and new technologies" in listing
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", listing)


def test_times_are_shown_in_beijing_time(app):
    from datetime import datetime

    from webapp.labels import local_time

    with app.test_request_context():
        assert local_time(datetime(2026, 11, 21, 20, 30)) == "2026-11-22 04:30"


def test_a_choice_reads_as_its_label_in_the_reader_s_language(api, client):
    school = {"school_name": "昆仑职业技术学校", "school_year": "2026", "students_enrolled": "10",
              "share_percent": "100", "finance_level": "region", "amount_requested": "3000",
              "description": "补助申请"}  # fmt: skip
    created = api.post("zhiye", "/applications", {"program": "sme-21-3", "data": school})
    application_id = created.get_json()["id"]
    client.post("/login", data={"username": "zhiye", "password": DEMO_PASSWORD})
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "自治区财政" in page and ">region<" not in page
    client.get("/lang/en")
    assert "The region&#39;s finance" in client.get(f"/applications/{application_id}").get_data(as_text=True)
