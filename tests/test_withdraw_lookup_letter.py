"""The applicant portal: withdrawing before a decision, the public status lookup, the decision letter."""

import json
import re
import shutil

import pytest
from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from tests.support.documents import attach_required
from tests.support.pdfs import text_of
from tests.test_refusals import snapshot
from webapp.extensions import db
from webapp.models import Application, AuditEntry

REASON = "企业经营计划调整，暂不申请本项补助。"


def in_review(api) -> int:
    """Accepted by the lead; 科技厅 and 财政厅 each have an opinion to give."""
    application_id = api.apply()
    api.complete("jxw", "accept", decision="approve")
    return application_id


def decided(api, decision: str = "approve") -> int:
    application_id = in_review(api)
    api.complete("kjt", "tech_review", decision="approve", opinion="内部意见：同意")
    api.complete("czt", "budget_review", decision="approve", opinion="内部意见：同意")
    if decision == "approve":
        api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合（十八）1 的条件")
    else:
        api.complete("jxw", "decide", decision="reject", reasons="鉴定证书已超过两年有效期")
    return application_id


def withdraw(api, application_id: int, username: str = "tianshan", reason: str = REASON):
    return api.post(username, f"/applications/{application_id}/withdraw", {"reason": reason})


def lookup(api, number: str, code: str, ip: str = "203.0.113.7"):
    return api.client.post(
        "/api/v1/lookup",
        json={"number": number, "query_code": code},
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": ip},
    )


def log_in(client, username: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


# -- withdrawal -------------------------------------------------------------------------------


def test_another_enterprise_cannot_withdraw_and_nothing_changes(api):
    application_id = in_review(api)
    before = snapshot(api.client.application)
    response = withdraw(api, application_id, username="kunlun")
    assert response.status_code == 403
    assert snapshot(api.client.application) == before
    assert withdraw(api, application_id, username="jxw").status_code == 403  # nor the department


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_decided_application_cannot_be_withdrawn(api, decision):
    application_id = decided(api, decision)
    before = snapshot(api.client.application)
    response = withdraw(api, application_id)
    assert response.status_code == 409
    assert "decision has already been made" in response.get_json()["error"]
    assert snapshot(api.client.application) == before


def test_a_case_not_accepted_or_already_withdrawn_cannot_be_withdrawn(api):
    refused = api.apply()
    api.complete("jxw", "accept", decision="reject", reasons="不属于（十八）1 支持范围")
    response = withdraw(api, refused)
    assert response.status_code == 409
    assert "closed (Not accepted)" in response.get_json()["error"]

    application_id = api.apply()
    assert withdraw(api, application_id).status_code == 200
    again = withdraw(api, application_id)
    assert again.status_code == 409
    assert "already withdrawn" in again.get_json()["error"]


@pytest.mark.parametrize("reason", ["", "   ", "理" * 501])
def test_a_withdrawal_needs_a_reason_of_at_most_500_characters(api, reason):
    application_id = in_review(api)
    before = snapshot(api.client.application)
    response = withdraw(api, application_id, reason=reason)
    assert response.status_code == 422
    assert "reason" in response.get_json()["errors"]
    assert snapshot(api.client.application) == before


def test_withdrawing_mid_review_cancels_the_instance_and_closes_the_open_opinions(api, app):
    application_id = in_review(api)
    budget_task = api.open_task("czt", "budget_review")

    response = withdraw(api, application_id)

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "withdrawn"
    assert body["withdrawal_reason"] == REASON
    assert body["closed_at"] is not None
    assert body["current_tasks"] == []
    with app.app_context():
        application = db.session.get(Application, application_id)
        closed = [t for t in application.tasks if t.step in ("tech_review", "budget_review")]
        assert [(t.state, t.comment) for t in closed] == [("cancelled", REASON), ("cancelled", REASON)]
        assert application.instance.status == "withdrawn"
        assert application.instance.next_timer_due is None
        saved = json.loads(application.instance.state)["workflow"]
        assert (saved["completed"], saved["success"]) == (True, False)  # SpiffWorkflow's cancel(), saved
        assert "READY" not in {task["state"] for task in saved["tasks"].values()}
        audit = db.session.scalars(
            select(AuditEntry).where(AuditEntry.application_id == application_id, AuditEntry.action.like("%withdrawn"))
        ).one()
        assert audit.data["reason"] == REASON

    before = snapshot(app)
    completed = api.post(
        "czt", f"/tasks/{budget_task['id']}/complete", {"data": {"decision": "approve", "opinion": "可"}}
    )
    assert completed.status_code == 409
    assert "withdrawn" in completed.get_json()["error"]
    assert snapshot(app) == before
    assert api.get("czt", "/tasks").get_json()["total"] == 0

    public = lookup(api, body["number"], api.query_codes[application_id]).get_json()
    assert (public["status"], public["status_label"], public["departments"]) == ("withdrawn", "Withdrawn", [])


def test_the_applicant_withdraws_on_the_application_page(api, client):
    application_id = in_review(api)
    log_in(client, "tianshan")
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="withdraw-application"' in page

    for blank in ("", "  \r\n "):
        refused = client.post(f"/applications/{application_id}/withdraw", data={"reason": blank})
        assert refused.status_code == 422
        assert 'class="field has-error"' in refused.get_data(as_text=True)

    done = client.post(f"/applications/{application_id}/withdraw", data={"reason": REASON}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert done.status_code == 200
    assert 'data-status="withdrawn"' in page
    assert "已撤回" in page
    assert REASON in page
    assert 'id="withdraw-application"' not in page

    log_in(client, "kunlun")
    assert client.post(f"/applications/{application_id}/withdraw", data={"reason": REASON}).status_code == 403


# -- the public lookup ------------------------------------------------------------------------


def test_the_lookup_shows_progress_and_nothing_private(api):
    application_id = in_review(api)
    number, code = api.application("tianshan", application_id)["number"], api.query_codes[application_id]
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{8}", code)

    response = lookup(api, number, code)

    assert response.status_code == 200
    found = response.get_json()
    assert set(found) == {
        "number",
        "status",
        "status_label",
        "submitted_on",
        "departments",
        "applicant_must_act",
        "case_clock",
    }
    assert found["case_clock"]["limit_working_days"] == 20 and found["case_clock"]["stopped"] is False
    assert found["status"] == "under_review"
    assert sorted(d["code"] for d in found["departments"]) == ["CZT", "KJT"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", found["submitted_on"])
    assert found["applicant_must_act"] is False
    text = json.dumps(found, ensure_ascii=False)
    for private in ("天山精密机械", "五轴联动", "450000", "王审核", "李专家"):
        assert private not in text
    # Typed loosely: lower case, with spaces and a hyphen.
    assert lookup(api, f" {number.lower()} ", f"{code[:4].lower()}-{code[4:]}").status_code == 200


def test_the_lookup_says_when_the_applicant_must_act(api):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="return", correction_items="1. 补充鉴定证书复印件")
    number = api.application("tianshan", application_id)["number"]
    found = lookup(api, number, api.query_codes[application_id]).get_json()
    assert (found["status"], found["applicant_must_act"], found["departments"]) == ("correction_requested", True, [])
    assert found["case_clock"]["stopped_with_applicant"] is True  # the applicant's time is not counted


def test_a_wrong_code_and_a_wrong_number_give_the_same_answer(api, client):
    application_id = api.apply()
    number, code = api.application("tianshan", application_id)["number"], api.query_codes[application_id]
    wrong_code = "A" * 8 if code != "A" * 8 else "C" * 8

    by_code, by_number = lookup(api, number, wrong_code), lookup(api, number[:-1] + "9", code)

    assert by_code.status_code == by_number.status_code == 404
    assert by_code.get_json() == by_number.get_json()

    pages = [
        client.post("/lookup", data={"number": number, "query_code": wrong_code}),
        client.post("/lookup", data={"number": "XJZX00000000000000", "query_code": code}),
    ]
    assert [p.status_code for p in pages] == [404, 404]
    refusals = [re.search(r'id="lookup-refusal">([^<]*)<', p.get_data(as_text=True)).group(1) for p in pages]
    assert refusals[0] == refusals[1]
    assert "查询码" in refusals[0]


def test_the_lookup_page_is_open_to_anyone_and_linked_for_visitors(api, client):
    application_id = api.apply()
    number, code = api.application("tianshan", application_id)["number"], api.query_codes[application_id]
    home = client.get("/").get_data(as_text=True)
    assert 'id="nav-lookup"' in home
    assert 'id="home-lookup"' in home
    assert client.get("/lookup").status_code == 200

    page = client.post("/lookup", data={"number": number, "query_code": code}).get_data(as_text=True)

    assert 'data-status="awaiting_acceptance"' in page
    assert "自治区工业和信息化厅" in page
    assert 'id="case-clock"' in page and 'data-limit="20"' in page
    assert "天山精密机械" not in page
    assert "五轴联动" not in page


def test_failed_lookups_are_limited_per_client(api, client):
    application_id = api.apply()
    number, code = api.application("tianshan", application_id)["number"], api.query_codes[application_id]
    for _ in range(10):
        assert lookup(api, number, "WRONGCOD").status_code == 404

    limited = lookup(api, number, code)  # even the right code, from this client, until the window passes

    assert limited.status_code == 429
    assert "Too many" in limited.get_json()["error"]
    assert 0 < int(limited.headers["Retry-After"]) <= 600
    page = client.post(
        "/lookup", data={"number": number, "query_code": code}, environ_base={"REMOTE_ADDR": "203.0.113.7"}
    )
    assert page.status_code == 429
    assert lookup(api, number, code, ip="198.51.100.4").status_code == 200  # another client is not affected


def test_the_query_code_is_shown_once_after_submitting_on_the_page(client, app):
    log_in(client, "tianshan")
    client.post(
        "/programs/sme-18-1/apply",
        data={
            "project_name": "五轴联动数控机床产业化",
            "product_name": "XJ-500",
            "appraisal_certificate_no": "新经信鉴字〔2026〕018号",
            "appraisal_date": "2026-03-18",
            "amount_requested": "450000",
            "description": "说明",
        },
    )
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        application_id, number = application.id, application.number

    attach_required(client, "sme-18-1", application_id, prefix="")
    first = client.post(
        f"/applications/{application_id}/submit", data={"declaration": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    shown = re.search(r'id="query-code">\s*<h2>[^<]*<code id="query-code-value">([A-Z0-9]{8})</code>', first)

    assert shown is not None
    assert 'id="query-code"' not in client.get(f"/applications/{application_id}").get_data(as_text=True)
    with app.app_context():  # only a hash is kept
        assert re.fullmatch(r"[0-9a-f]{64}", db.session.get(Application, application_id).query_code_hash)
    client.post("/logout")
    assert client.post("/lookup", data={"number": number, "query_code": shown.group(1)}).status_code == 200


# -- the decision letter ----------------------------------------------------------------------


@pytest.fixture
def pdf_text():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: `make system-deps` installs poppler-utils")

    return text_of  # each page's foot (the verification address) read apart


def test_the_letter_is_404_before_the_decision_and_403_for_another_enterprise(api, client):
    application_id = in_review(api)
    log_in(client, "tianshan")
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="decision-letter"' not in page
    assert client.get(f"/applications/{application_id}/decision.pdf").status_code == 404

    api.complete("kjt", "tech_review", decision="approve", opinion="可")
    api.complete("czt", "budget_review", decision="approve", opinion="可")
    api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合条件")
    assert client.get(f"/applications/{application_id}/decision.pdf").status_code == 200
    log_in(client, "kunlun")
    assert client.get(f"/applications/{application_id}/decision.pdf").status_code == 403
    client.post("/logout")
    assert client.get(f"/applications/{application_id}/decision.pdf").status_code == 302  # to the login page


def test_the_approval_letter_states_amount_basis_department_and_rights(api, client, pdf_text):
    application_id = decided(api, "approve")
    number = api.application("tianshan", application_id)["number"]
    log_in(client, "tianshan")
    assert 'id="decision-letter"' in client.get(f"/applications/{application_id}").get_data(as_text=True)

    response = client.get(f"/applications/{application_id}/decision.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    for expected in (
        number,
        "天山精密机械有限公司",
        "91650100MA77XK4R3R",
        "新产品、新技术（新工艺）财政资金补助",
        "（十八）1",
        "给予不超过50万元的财政资金补助",  # the sub-point's text
        "核定补助金额人民币400,000.00元",
        "符合（十八）1的条件",
        "第十条",
        "第三十二条",
        "自治区人民政府应当在本级财政预算中安排中小企业发展专项资金",  # 第十条's text
        "自治区经信委",
        "你单位如对本决定不服，可以自收到本决定书之日起六十日内依照《中华人民共和国行政复议法》第二十条的规定"
        "向新疆维吾尔自治区人民政府申请行政复议，也可以自收到本决定书之日起六个月内依照"
        "《中华人民共和国行政诉讼法》第四十六条的规定向本机关所在地的基层人民法院提起行政诉讼。",
    ):
        assert expected.replace(" ", "") in text, expected
    assert "内部意见" not in text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)


def test_the_rejection_letter_gives_the_reasons_and_departments_involved_may_read_it(api, client, pdf_text):
    application_id = decided(api, "reject")
    log_in(client, "kjt")  # 科技厅 gave an opinion on the case, so it may see it

    text = pdf_text(client.get(f"/applications/{application_id}/decision.pdf").data)

    assert "不予批准" in text
    assert "鉴定证书已超过两年有效期" in text
    assert "核定补助金额" not in text
    log_in(client, "jyt")  # 教育厅 had nothing to do with it
    assert client.get(f"/applications/{application_id}/decision.pdf").status_code == 403
